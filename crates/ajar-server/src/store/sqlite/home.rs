//! A client's home in SQLite: what their phone shows, read in three queries.

use super::{RECENT, requests};
use crate::store::rows::{plan, receipt};
use crate::store::{ClientId, StoreResult};
use ajar_core::api::{ClientHome, Ended, LastSent};
use ajar_core::ending;
use sqlx::SqlitePool;

/// The client, their therapist and their current episode, as read.
#[derive(sqlx::FromRow)]
struct HomeRow {
    therapist_name: String,
    ended_at: Option<i64>,
    door_open: Option<String>,
    crisis_text: Option<String>,
    plan: Option<String>,
    phone_ref: String,
}

pub async fn client_home(pool: &SqlitePool, client: ClientId) -> StoreResult<ClientHome> {
    let row: HomeRow = sqlx::query_as(
        "SELECT t.display_name AS therapist_name, e.ended_at, t.door_open_message AS door_open,
                t.crisis_text, c.plan, c.phone_ref
         FROM clients c JOIN therapists t ON t.id = c.therapist_id
         LEFT JOIN current_episodes e ON e.client_id = c.id
         WHERE c.id = ?",
    )
    .bind(client.0)
    .fetch_one(pool)
    .await?;
    let last: Vec<(String, i64)> = sqlx::query_as(
        "SELECT instrument, MAX(received_at) FROM responses WHERE client_id = ?
         GROUP BY instrument ORDER BY instrument",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?;
    let recent: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, instrument, version, received_at FROM responses WHERE client_id = ?
         ORDER BY received_at DESC, rowid DESC LIMIT ?",
    )
    .bind(client.0)
    .bind(RECENT)
    .fetch_all(pool)
    .await?;
    Ok(ClientHome {
        phone_ref: row.phone_ref,
        therapist_name: row.therapist_name,
        last_sent: last
            .into_iter()
            .map(|(instrument, received_at_ms)| LastSent {
                instrument,
                received_at_ms,
            })
            .collect(),
        recent: recent
            .into_iter()
            .map(|(id, instrument, v, at)| receipt(&id, instrument, v, at))
            .collect::<StoreResult<_>>()?,
        requests: requests::of_client(pool, client).await?,
        ended: row.ended_at.map(|at_ms| Ended {
            at_ms,
            message: row
                .door_open
                .unwrap_or_else(|| ending::DEFAULT_DOOR_OPEN.to_owned()),
        }),
        crisis_text: row.crisis_text,
        plan: plan(row.plan.as_deref())?,
    })
}
