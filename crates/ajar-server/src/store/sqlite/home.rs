//! A client's home in SQLite: what their phone shows, read in three queries.

use super::requests;
use crate::store::home::{HomeRow, RECENT, RecentRow};
use crate::store::{ClientId, StoreResult};
use ajar_core::api::ClientHome;
use sqlx::SqlitePool;

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
    let recent: Vec<RecentRow> = sqlx::query_as(
        "SELECT id, instrument, version, received_at FROM responses WHERE client_id = ?
         ORDER BY received_at DESC, rowid DESC LIMIT ?",
    )
    .bind(client.0)
    .bind(RECENT)
    .fetch_all(pool)
    .await?;
    row.home(last, recent, requests::of_client(pool, client).await?)
}
