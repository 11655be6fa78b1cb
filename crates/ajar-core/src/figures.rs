//! Caseload figures: how well the whole practice is reached and doing.
//!
//! Definitions (written here so the numbers on screen can be checked by hand):
//! - response rate: active clients who sent at least one check-in in the last 30 days,
//!   of all active clients;
//! - mean session rating by week: the mean session rating (0–10: "understood", or
//!   version 1's "overall") per week (weeks start on Monday, UTC), for the last 12
//!   weeks that have any;
//! - reliably improved / worse: among episodes of care, going on or finished, with two
//!   or more PHQ-9 or GAD-7 scores, as `crate::outcomes` defines them (each episode
//!   counted once, from its own first score);
//! - recovery: among finished episodes only, as NHS Talking Therapies counts them
//!   (`crate::outcomes`), beside the national standard;
//! - endings: every finished episode by how it ended, with the unplanned share set
//!   beside the premature-ending rate reported across 669 studies.

use crate::caseload::ClientRecord;
use crate::due::DAY_MS;
use crate::ending::EndingType;
use crate::episodes;
use crate::outcomes::{self, Outcome};
use crate::thresholds::{RECOVERY_STANDARD, REPORTED_PREMATURE_ENDING_RATE};
use serde::{Deserialize, Serialize};

pub const WEEKS_SHOWN: usize = 12;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    pub active_clients: u32,
    pub responded_30_days: u32,
    /// (Monday 00:00 UTC of the week, mean overall rating 0–10)
    pub weekly_mean_session: Vec<(i64, f64)>,
    /// Episodes, going on and finished, with two or more scores on PHQ-9 or GAD-7.
    pub measured_episodes: u32,
    pub reliably_improved: u32,
    pub reliably_worse: u32,
    /// Finished episodes only.
    pub recovery: Recovery,
    pub endings: Endings,
}

/// NHS Talking Therapies' outcomes over finished episodes of care.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recovery {
    /// Finished episodes with two or more scores on PHQ-9 or GAD-7.
    pub finished_measured: u32,
    pub reliably_improved: u32,
    /// Of those, the ones at caseness at their first scores: what recovery is out of.
    pub at_caseness: u32,
    pub recovered: u32,
    pub reliably_recovered: u32,
    /// The national standard for the recovery rate (NHS England), to compare with.
    pub standard_rate: f64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Endings {
    pub planned: u32,
    pub client_stopped: u32,
    pub paused: u32,
    pub referred: u32,
    pub unplanned: u32,
    /// Reported premature-ending rate to compare with (Swift & Greenberg 2012).
    pub reported_rate: f64,
}

impl Endings {
    pub fn total(&self) -> u32 {
        self.planned + self.client_stopped + self.paused + self.referred + self.unplanned
    }
}

/// Monday 00:00 UTC of the week holding `ms` (1970-01-01 was a Thursday).
pub fn week_start(ms: i64) -> i64 {
    let days = ms.div_euclid(DAY_MS);
    (days - (days + 3).rem_euclid(7)) * DAY_MS
}

pub fn figures(records: &[ClientRecord], now_ms: i64) -> Figures {
    let active: Vec<&ClientRecord> = records.iter().filter(|r| r.is_active()).collect();
    let responded = active
        .iter()
        .filter(|r| {
            r.history
                .iter()
                .any(|h| h.answered_at_ms > now_ms - 30 * DAY_MS)
        })
        .count();

    let mut weeks: std::collections::BTreeMap<i64, (f64, u32)> = Default::default();
    for h in records.iter().flat_map(|r| &r.history) {
        if let Some(v) = h.session_rating() {
            let w = weeks.entry(week_start(h.answered_at_ms)).or_default();
            w.0 += f64::from(v);
            w.1 += 1;
        }
    }
    let mut weekly: Vec<(i64, f64)> = weeks
        .into_iter()
        .map(|(w, (sum, n))| (w, sum / f64::from(n)))
        .collect();
    weekly.drain(..weekly.len().saturating_sub(WEEKS_SHOWN));

    let mut measured = 0;
    let (mut improved, mut worse) = (0, 0);
    let mut recovery = Recovery {
        standard_rate: RECOVERY_STANDARD,
        ..Recovery::default()
    };
    let mut endings = Endings {
        reported_rate: REPORTED_PREMATURE_ENDING_RATE,
        ..Endings::default()
    };
    for record in records {
        for (episode, responses) in
            episodes::split(&record.episodes, &record.history, |r| r.answered_at_ms)
        {
            if let Some(e) = episode.ended {
                *match e.ending_type {
                    EndingType::Planned => &mut endings.planned,
                    EndingType::ClientStopped => &mut endings.client_stopped,
                    EndingType::Paused => &mut endings.paused,
                    EndingType::Referred => &mut endings.referred,
                    EndingType::Unplanned => &mut endings.unplanned,
                } += 1;
            }
            let Some(o) = outcomes::outcome(responses) else {
                continue;
            };
            measured += 1;
            improved += u32::from(o.reliably_improved);
            worse += u32::from(o.reliably_deteriorated);
            if episode.ended.is_some() {
                add(&mut recovery, &o);
            }
        }
    }
    Figures {
        active_clients: active.len() as u32,
        responded_30_days: responded as u32,
        weekly_mean_session: weekly,
        measured_episodes: measured,
        reliably_improved: improved,
        reliably_worse: worse,
        recovery,
        endings,
    }
}

fn add(r: &mut Recovery, o: &Outcome) {
    r.finished_measured += 1;
    r.reliably_improved += u32::from(o.reliably_improved);
    r.at_caseness += u32::from(o.at_caseness);
    r.recovered += u32::from(o.recovered);
    r.reliably_recovered += u32::from(o.reliably_recovered);
}

#[cfg(test)]
mod tests;
