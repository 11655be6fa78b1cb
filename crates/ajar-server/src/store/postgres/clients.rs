//! A therapist's clients on PostgreSQL: adding them, their links, plans, archiving, and
//! the reads behind `Store::client`, `clients_of`, `therapy_ended` and `phone_ref`.

use super::{audit_log, sessions};
use crate::auth::TokenHash;
use crate::store::audit_key::AuditKey;
use crate::store::{Audited, ClientId, ClientRow, EndedBecause, StoreResult, TherapistId};
use ajar_core::plan::Plan;
use sqlx::PgPool;

type Db<'a> = (&'a PgPool, &'a AuditKey);

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    label: String,
    archived_at: Option<i64>,
}

impl Row {
    fn client(self) -> ClientRow {
        ClientRow {
            id: ClientId(self.id),
            label: self.label,
            archived_at_ms: self.archived_at,
        }
    }
}

pub async fn add(
    (pool, key): Db<'_>,
    therapist: TherapistId,
    label: &str,
    link: &TokenHash,
    now_ms: i64,
    audit: &Audited,
) -> StoreResult<ClientId> {
    let phone_ref: String = crate::auth::random_bytes::<16>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut tx = pool.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO clients (therapist_id, label, link_hash, created_at, phone_ref)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(therapist.0)
    .bind(label)
    .bind(link.as_bytes())
    .bind(now_ms)
    .bind(phone_ref)
    .fetch_one(&mut *tx)
    .await?;
    let client = ClientId(id);
    sqlx::query("INSERT INTO episodes (client_id, started_at) VALUES ($1, $2)")
        .bind(id)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    // The entry names the client this change created.
    let mut entry = audit.clone();
    entry.subject = crate::audit::client_subject(client);
    audit_log::append(&mut tx, key, &entry).await?;
    tx.commit().await?;
    Ok(client)
}

/// A new link (`Some`) or none (`None`, revoked); either way every phone signed in with
/// the old one is signed out in the same commit.
pub async fn set_link(
    (pool, key): Db<'_>,
    client: ClientId,
    link: Option<&TokenHash>,
    audit: &Audited,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE clients SET link_hash = $1 WHERE id = $2")
        .bind(link.map(TokenHash::as_bytes))
        .bind(client.0)
        .execute(&mut *tx)
        .await?;
    sessions::end_client_sessions(&mut tx, client, EndedBecause::LinkChanged).await?;
    audit_log::append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn by_link(pool: &PgPool, link: &TokenHash) -> StoreResult<Option<ClientId>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM clients WHERE link_hash = $1")
        .bind(link.as_bytes())
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(id,)| ClientId(id)))
}

pub async fn one(
    pool: &PgPool,
    therapist: TherapistId,
    client: ClientId,
) -> StoreResult<Option<ClientRow>> {
    let found: Option<Row> = sqlx::query_as(
        "SELECT id, label, archived_at FROM clients WHERE id = $1 AND therapist_id = $2",
    )
    .bind(client.0)
    .bind(therapist.0)
    .fetch_optional(pool)
    .await?;
    Ok(found.map(Row::client))
}

pub async fn all(pool: &PgPool, therapist: TherapistId) -> StoreResult<Vec<ClientRow>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, label, archived_at FROM clients WHERE therapist_id = $1
         ORDER BY lower(label), id",
    )
    .bind(therapist.0)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Row::client).collect())
}

pub async fn set_plan(
    (pool, key): Db<'_>,
    client: ClientId,
    plan: &Plan,
    audit: &Audited,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE clients SET plan = $1 WHERE id = $2")
        .bind(serde_json::to_string(plan)?)
        .bind(client.0)
        .execute(&mut *tx)
        .await?;
    audit_log::append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(())
}

/// One transaction: archived, the link gone and every phone signed out, or none of it.
pub async fn archive(
    (pool, key): Db<'_>,
    client: ClientId,
    now_ms: i64,
    audit: &Audited,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE clients SET archived_at = $1, link_hash = NULL WHERE id = $2")
        .bind(now_ms)
        .bind(client.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE kind = 'client' AND subject_id = $1")
        .bind(client.0)
        .execute(&mut *tx)
        .await?;
    audit_log::append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn restore((pool, key): Db<'_>, client: ClientId, audit: &Audited) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE clients SET archived_at = NULL WHERE id = $1")
        .bind(client.0)
        .execute(&mut *tx)
        .await?;
    audit_log::append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn therapy_ended(pool: &PgPool, client: ClientId) -> StoreResult<bool> {
    let ended: Option<(bool,)> =
        sqlx::query_as("SELECT ended_at IS NOT NULL FROM current_episodes WHERE client_id = $1")
            .bind(client.0)
            .fetch_optional(pool)
            .await?;
    Ok(ended.is_some_and(|(e,)| e))
}

pub async fn phone_ref(pool: &PgPool, client: ClientId) -> StoreResult<String> {
    let (phone_ref,): (String,) = sqlx::query_as("SELECT phone_ref FROM clients WHERE id = $1")
        .bind(client.0)
        .fetch_one(pool)
        .await?;
    Ok(phone_ref)
}
