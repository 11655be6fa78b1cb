//! Requests and endings in SQLite: the queries behind the `Store` methods of the same names.

use super::audit_log;
use crate::store::rows::request_columns as columns;
use crate::store::rows::{OwnedRequestRow, RequestRow, request_again, wish_text};
use crate::store::{Audited, ClientId, Recorded, RequestChange, Scope, StoreResult, TherapistId};
use ajar_core::CheckInId;
use ajar_core::api::RequestView;
use ajar_core::ending::{
    self, EndingType, InvalidTransition, NewRequest, RequestStatus, TimeAnswer,
};
use anyhow::Context;
use sqlx::SqlitePool;

async fn by_id(pool: &SqlitePool, id: &str) -> StoreResult<Option<(i64, RequestView)>> {
    let sql = concat!(
        "SELECT client_id, ",
        columns!(),
        " FROM requests WHERE id = ?"
    );
    let row: Option<OwnedRequestRow> = sqlx::query_as(sql).bind(id).fetch_optional(pool).await?;
    row.map(OwnedRequestRow::view).transpose()
}

pub async fn record(
    pool: &SqlitePool,
    client: ClientId,
    request: &NewRequest,
    now_ms: i64,
) -> StoreResult<Recorded<RequestView>> {
    let id = request.id.0.to_string();
    let reasons = serde_json::to_string(&request.reasons)?;
    let inserted = sqlx::query(
        "INSERT INTO requests (id, client_id, wish, reasons, message, preferred_times,
                               check_back_on, status, received_at, updated_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'sent', ?8, ?8,
                 MIN(?8, MAX(COALESCE(?9, ?8), (SELECT created_at FROM clients WHERE id = ?2))))
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&id)
    .bind(client.0)
    .bind(wish_text(request.wish)?)
    .bind(&reasons)
    .bind(&request.message)
    .bind(&request.preferred_times)
    .bind(&request.check_back_on)
    .bind(now_ms)
    .bind(request.answered_at_ms)
    .execute(pool)
    .await?
    .rows_affected();
    let (owner, stored) = by_id(pool, &id)
        .await?
        .context("request vanished after insert")?;
    if inserted == 1 {
        return Ok(Recorded::New(stored));
    }
    Ok(request_again(owner, stored, client, request))
}

pub async fn change(
    pool: &SqlitePool,
    scope: Scope,
    id: CheckInId,
    change: RequestChange,
    now_ms: i64,
    audit: Option<&Audited>,
) -> StoreResult<Option<Result<RequestView, InvalidTransition>>> {
    let id = id.0.to_string();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (sql, subject) = match scope {
        Scope::Client(c) => (
            "SELECT status, proposed_time FROM requests WHERE id = ? AND client_id = ?",
            c.0,
        ),
        Scope::Therapist(t) => (
            "SELECT status, proposed_time FROM requests WHERE id = ?
               AND client_id IN (SELECT id FROM clients WHERE therapist_id = ?)",
            t.0,
        ),
    };
    let current: Option<(String, Option<String>)> = sqlx::query_as(sql)
        .bind(&id)
        .bind(subject)
        .fetch_optional(&mut *tx)
        .await?;
    let Some((status, proposed_time)) = current else {
        return Ok(None);
    };
    let from = RequestStatus::parse(&status).context("stored request status is unknown")?;
    let to = match ending::transition_with(from, proposed_time.as_deref(), change.action) {
        Ok(to) => to,
        Err(invalid) => return Ok(Some(Err(invalid))),
    };
    let (reply, proposed) = change.reply.unzip();
    let set_time = change.time.is_some();
    let (answer, suggestion) = change.time.flatten().unzip();
    sqlx::query(
        "UPDATE requests SET status = ?, updated_at = ?,
             reply = COALESCE(?, reply), proposed_time = COALESCE(NULLIF(?, ''), proposed_time),
             time_answer = CASE WHEN ? THEN ? ELSE time_answer END,
             time_suggestion = CASE WHEN ? THEN ? ELSE time_suggestion END
         WHERE id = ?",
    )
    .bind(to.as_str())
    .bind(now_ms)
    .bind(reply)
    .bind(proposed)
    .bind(set_time)
    .bind(answer.map(TimeAnswer::as_str))
    .bind(set_time)
    .bind(suggestion)
    .bind(&id)
    .execute(&mut *tx)
    .await?;
    if let Some(audit) = audit {
        audit_log::append(&mut tx, audit).await?;
    }
    tx.commit().await?;
    let (_, view) = by_id(pool, &id)
        .await?
        .context("request vanished after update")?;
    Ok(Some(Ok(view)))
}

pub async fn close_therapy(
    pool: &SqlitePool,
    therapist: TherapistId,
    client: ClientId,
    ending: EndingType,
    now_ms: i64,
    audit: &Audited,
) -> StoreResult<bool> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    // Ends the current episode; closing one already closed records the newer ending.
    let updated = sqlx::query(
        "UPDATE episodes SET ended_at = ?, ending_type = ?
         WHERE id = (SELECT e.id FROM current_episodes e JOIN clients c ON c.id = e.client_id
                     WHERE c.id = ? AND c.therapist_id = ?)",
    )
    .bind(now_ms)
    .bind(ending.as_str())
    .bind(client.0)
    .bind(therapist.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Ok(false);
    }
    close_open_requests(&mut tx, client, now_ms).await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn reopen_therapy(
    pool: &SqlitePool,
    therapist: TherapistId,
    client: ClientId,
    audit: &Audited,
) -> StoreResult<bool> {
    let now = audit.at_ms;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let theirs: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM clients WHERE id = ? AND therapist_id = ?")
            .bind(client.0)
            .bind(therapist.0)
            .fetch_optional(&mut *tx)
            .await?;
    if theirs.is_none() {
        return Ok(false);
    }
    // A new episode, unless one goes on already (then starting again changes nothing).
    sqlx::query(
        "INSERT INTO episodes (client_id, started_at)
         SELECT ?1, ?2 WHERE NOT EXISTS
             (SELECT 1 FROM episodes WHERE client_id = ?1 AND ended_at IS NULL)",
    )
    .bind(client.0)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    // The request to start again has been answered by starting again.
    close_open_requests(&mut tx, client, now).await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(true)
}

/// Ending or restarting therapy answers whatever the client had asked.
async fn close_open_requests(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    client: ClientId,
    now_ms: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE requests SET status = 'closed', updated_at = ?
         WHERE client_id = ? AND status IN ('sent', 'seen', 'answered')",
    )
    .bind(now_ms)
    .bind(client.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The client's own requests, newest first.
pub async fn of_client(pool: &SqlitePool, client: ClientId) -> StoreResult<Vec<RequestView>> {
    let sql = concat!(
        "SELECT ",
        columns!(),
        " FROM requests WHERE client_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 20"
    );
    let rows: Vec<RequestRow> = sqlx::query_as(sql).bind(client.0).fetch_all(pool).await?;
    rows.into_iter().map(RequestRow::view).collect()
}

/// One of the therapist's clients' requests, every status, newest first.
pub async fn of_therapists_client(
    pool: &SqlitePool,
    therapist: TherapistId,
    client: ClientId,
) -> StoreResult<Vec<RequestView>> {
    let sql = concat!(
        "SELECT ",
        columns!(),
        " FROM requests WHERE client_id = ?
           AND client_id IN (SELECT id FROM clients WHERE therapist_id = ?)
         ORDER BY created_at DESC, rowid DESC LIMIT 20"
    );
    let rows: Vec<RequestRow> = sqlx::query_as(sql)
        .bind(client.0)
        .bind(therapist.0)
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(RequestRow::view).collect()
}

/// Open requests of the therapist's clients, newest first, with their client's id.
pub async fn open_of_therapist(
    pool: &SqlitePool,
    therapist: TherapistId,
) -> StoreResult<Vec<(i64, RequestView)>> {
    let sql = concat!(
        "SELECT client_id, ",
        columns!(),
        " FROM requests WHERE status IN ('sent', 'seen', 'answered')
           AND client_id IN (SELECT id FROM clients WHERE therapist_id = ?)
         ORDER BY created_at DESC, rowid DESC"
    );
    let rows: Vec<OwnedRequestRow> = sqlx::query_as(sql)
        .bind(therapist.0)
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(OwnedRequestRow::view).collect()
}
