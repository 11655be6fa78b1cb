//! A client's home on PostgreSQL: what their phone shows, read in three queries.

use super::requests;
use crate::store::rows::{plan, receipt};
use crate::store::{ClientId, StoreResult};
use ajar_core::api::{ClientHome, Ended, LastSent};
use ajar_core::ending;
use sqlx::PgPool;

/// How many recent check-ins the client's home lists (as on SQLite).
const RECENT: i64 = 10;

#[derive(sqlx::FromRow)]
struct HomeRow {
    therapist_name: String,
    ended_at: Option<i64>,
    door_open: Option<String>,
    crisis_text: Option<String>,
    plan: Option<String>,
    phone_ref: String,
}

#[derive(sqlx::FromRow)]
struct RecentRow {
    id: String,
    instrument: String,
    version: i64,
    received_at: i64,
}

pub async fn client_home(pool: &PgPool, client: ClientId) -> StoreResult<ClientHome> {
    let row: HomeRow = sqlx::query_as(
        "SELECT t.display_name AS therapist_name, e.ended_at, t.door_open_message AS door_open,
                t.crisis_text, c.plan, c.phone_ref
         FROM clients c JOIN therapists t ON t.id = c.therapist_id
         LEFT JOIN current_episodes e ON e.client_id = c.id
         WHERE c.id = $1",
    )
    .bind(client.0)
    .fetch_one(pool)
    .await?;
    let last: Vec<(String, i64)> = sqlx::query_as(
        "SELECT instrument, MAX(received_at) FROM responses WHERE client_id = $1
         GROUP BY instrument ORDER BY instrument",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?;
    let recent: Vec<RecentRow> = sqlx::query_as(
        "SELECT id, instrument, version, received_at FROM responses WHERE client_id = $1
         ORDER BY received_at DESC, seq DESC LIMIT $2",
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
            .map(|r| receipt(&r.id, r.instrument, r.version, r.received_at))
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
