//! A client's home as both engines read it (three queries each: the client with their
//! therapist and current episode, the last time of each instrument, the newest
//! check-ins) and as the phone gets it.

use super::StoreResult;
use super::rows::{plan, receipt};
use ajar_core::api::{ClientHome, Ended, LastSent, RequestView};
use ajar_core::ending;

/// How many recent check-ins the client's home lists.
pub const RECENT: i64 = 10;

/// The client, their therapist and their current episode, as read.
#[derive(sqlx::FromRow)]
pub struct HomeRow {
    therapist_name: String,
    ended_at: Option<i64>,
    door_open: Option<String>,
    crisis_text: Option<String>,
    plan: Option<String>,
    phone_ref: String,
}

/// One of the newest check-ins.
#[derive(sqlx::FromRow)]
pub struct RecentRow {
    id: String,
    instrument: String,
    version: i64,
    received_at: i64,
}

impl HomeRow {
    /// `last`: (instrument, when it last arrived), by instrument.
    pub fn home(
        self,
        last: Vec<(String, i64)>,
        recent: Vec<RecentRow>,
        requests: Vec<RequestView>,
    ) -> StoreResult<ClientHome> {
        Ok(ClientHome {
            phone_ref: self.phone_ref,
            therapist_name: self.therapist_name,
            last_sent: last
                .into_iter()
                .map(|(instrument, received_at_ms)| LastSent {
                    instrument,
                    received_at_ms,
                })
                .collect(),
            recent: recent
                .into_iter()
                .map(|r| receipt(&r.id, r.instrument, r.version, r.received_at))
                .collect::<StoreResult<_>>()?,
            requests,
            ended: self.ended_at.map(|at_ms| Ended {
                at_ms,
                message: self
                    .door_open
                    .unwrap_or_else(|| ending::DEFAULT_DOOR_OPEN.to_owned()),
            }),
            crisis_text: self.crisis_text,
            plan: plan(self.plan.as_deref())?,
        })
    }
}
