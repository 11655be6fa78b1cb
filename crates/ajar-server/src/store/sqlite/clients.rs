//! A therapist's clients in SQLite: the queries behind `Store::client`, `clients_of`,
//! `set_plan`, `archive_client`, `restore_client` and `therapy_ended`.

use super::audit_log;
use crate::store::{Audited, ClientId, ClientRow, StoreResult, TherapistId};
use ajar_core::plan::Plan;
use sqlx::SqlitePool;

fn row((id, label, archived_at_ms): (i64, String, Option<i64>)) -> ClientRow {
    ClientRow {
        id: ClientId(id),
        label,
        archived_at_ms,
    }
}

pub async fn one(
    pool: &SqlitePool,
    therapist: TherapistId,
    client: ClientId,
) -> StoreResult<Option<ClientRow>> {
    let found: Option<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, label, archived_at FROM clients WHERE id = ? AND therapist_id = ?",
    )
    .bind(client.0)
    .bind(therapist.0)
    .fetch_optional(pool)
    .await?;
    Ok(found.map(row))
}

pub async fn all(pool: &SqlitePool, therapist: TherapistId) -> StoreResult<Vec<ClientRow>> {
    let rows: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, label, archived_at FROM clients WHERE therapist_id = ?
         ORDER BY label COLLATE NOCASE, id",
    )
    .bind(therapist.0)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(row).collect())
}

pub async fn set_plan(
    pool: &SqlitePool,
    client: ClientId,
    plan: &Plan,
    audit: &Audited,
) -> StoreResult<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("UPDATE clients SET plan = ? WHERE id = ?")
        .bind(serde_json::to_string(plan)?)
        .bind(client.0)
        .execute(&mut *tx)
        .await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(())
}

/// One transaction: archived, the link gone and every phone signed out, or none of it.
pub async fn archive(
    pool: &SqlitePool,
    client: ClientId,
    now_ms: i64,
    audit: &Audited,
) -> StoreResult<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("UPDATE clients SET archived_at = ?, link_hash = NULL WHERE id = ?")
        .bind(now_ms)
        .bind(client.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE kind = 'client' AND subject_id = ?")
        .bind(client.0)
        .execute(&mut *tx)
        .await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn restore(pool: &SqlitePool, client: ClientId, audit: &Audited) -> StoreResult<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("UPDATE clients SET archived_at = NULL WHERE id = ?")
        .bind(client.0)
        .execute(&mut *tx)
        .await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn therapy_ended(pool: &SqlitePool, client: ClientId) -> StoreResult<bool> {
    let ended: Option<(bool,)> =
        sqlx::query_as("SELECT ended_at IS NOT NULL FROM current_episodes WHERE client_id = ?")
            .bind(client.0)
            .fetch_optional(pool)
            .await?;
    Ok(ended.is_some_and(|(e,)| e))
}

pub async fn phone_ref(pool: &SqlitePool, client: ClientId) -> StoreResult<String> {
    let (phone_ref,): (String,) = sqlx::query_as("SELECT phone_ref FROM clients WHERE id = ?")
        .bind(client.0)
        .fetch_one(pool)
        .await?;
    Ok(phone_ref)
}
