//! A client's home on PostgreSQL: what their phone shows, read in three queries.

use super::requests;
use crate::store::home::{HomeRow, RECENT, RecentRow};
use crate::store::{ClientId, StoreResult};
use ajar_core::api::ClientHome;
use sqlx::PgPool;

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
    row.home(last, recent, requests::of_client(pool, client).await?)
}
