//! Requests and endings on PostgreSQL: the queries behind the `Store` methods of the
//! same names. A change reads the request's state with `FOR UPDATE`, so two servers
//! changing one request at once apply their transitions one after the other.

use super::audit_log;
use crate::store::audit_key::AuditKey;
use crate::store::rows::request_columns as columns;
use crate::store::rows::{OwnedRequestRow, RequestRow, request_again, wish_text};
use crate::store::{Audited, ClientId, Recorded, RequestChange, Scope, StoreResult, TherapistId};
use ajar_core::CheckInId;
use ajar_core::api::RequestView;
use ajar_core::ending::{
    self, EndingType, InvalidTransition, NewRequest, RequestStatus, TimeAnswer,
};
use anyhow::Context;
use sqlx::{PgConnection, PgPool};

type Db<'a> = (&'a PgPool, &'a AuditKey);

async fn by_id(pool: &PgPool, id: &str) -> StoreResult<Option<(i64, RequestView)>> {
    let sql = concat!(
        "SELECT client_id, ",
        columns!(),
        " FROM requests WHERE id = $1"
    );
    let row: Option<OwnedRequestRow> = sqlx::query_as(sql).bind(id).fetch_optional(pool).await?;
    row.map(OwnedRequestRow::view).transpose()
}

pub async fn record(
    pool: &PgPool,
    client: ClientId,
    request: &NewRequest,
    now_ms: i64,
) -> StoreResult<Recorded<RequestView>> {
    let id = request.id.0.to_string();
    let reasons = serde_json::to_string(&request.reasons)?;
    let inserted = sqlx::query(
        "INSERT INTO requests (id, client_id, wish, reasons, message, preferred_times,
                               check_back_on, status, received_at, updated_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'sent', $8, $8,
                 LEAST($8, GREATEST(COALESCE($9, $8),
                                    (SELECT created_at FROM clients WHERE id = $2))))
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
    (pool, key): Db<'_>,
    scope: Scope,
    id: CheckInId,
    change: RequestChange,
    now_ms: i64,
    audit: Option<&Audited>,
) -> StoreResult<Option<Result<RequestView, InvalidTransition>>> {
    let id = id.0.to_string();
    let mut tx = pool.begin().await?;
    let (sql, subject) = match scope {
        Scope::Client(c) => (
            "SELECT status, proposed_time FROM requests WHERE id = $1 AND client_id = $2 FOR UPDATE",
            c.0,
        ),
        Scope::Therapist(t) => (
            "SELECT status, proposed_time FROM requests WHERE id = $1
               AND client_id IN (SELECT id FROM clients WHERE therapist_id = $2) FOR UPDATE",
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
        "UPDATE requests SET status = $1, updated_at = $2,
             reply = COALESCE($3, reply), proposed_time = COALESCE(NULLIF($4, ''), proposed_time),
             time_answer = CASE WHEN $6 THEN $7 ELSE time_answer END,
             time_suggestion = CASE WHEN $6 THEN $8 ELSE time_suggestion END
         WHERE id = $5",
    )
    .bind(to.as_str())
    .bind(now_ms)
    .bind(reply)
    .bind(proposed)
    .bind(&id)
    .bind(set_time)
    .bind(answer.map(TimeAnswer::as_str))
    .bind(suggestion)
    .execute(&mut *tx)
    .await?;
    if let Some(audit) = audit {
        audit_log::append(&mut tx, key, audit).await?;
    }
    tx.commit().await?;
    let (_, view) = by_id(pool, &id)
        .await?
        .context("request vanished after update")?;
    Ok(Some(Ok(view)))
}

pub async fn close_therapy(
    (pool, key): Db<'_>,
    therapist: TherapistId,
    client: ClientId,
    ending: EndingType,
    now_ms: i64,
    audit: &Audited,
) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    // Ends the current episode; closing one already closed records the newer ending.
    let updated = sqlx::query(
        "UPDATE episodes SET ended_at = $1, ending_type = $2
         WHERE id = (SELECT e.id FROM current_episodes e JOIN clients c ON c.id = e.client_id
                     WHERE c.id = $3 AND c.therapist_id = $4)",
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
    audit_log::append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn reopen_therapy(
    (pool, key): Db<'_>,
    therapist: TherapistId,
    client: ClientId,
    audit: &Audited,
) -> StoreResult<bool> {
    let now = audit.at_ms;
    let mut tx = pool.begin().await?;
    let theirs: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM clients WHERE id = $1 AND therapist_id = $2 FOR UPDATE")
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
         SELECT $1, $2 WHERE NOT EXISTS
             (SELECT 1 FROM episodes WHERE client_id = $1 AND ended_at IS NULL)",
    )
    .bind(client.0)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    // The request to start again has been answered by starting again.
    close_open_requests(&mut tx, client, now).await?;
    audit_log::append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(true)
}

/// Ending or restarting therapy answers whatever the client had asked.
async fn close_open_requests(
    tx: &mut PgConnection,
    client: ClientId,
    now_ms: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE requests SET status = 'closed', updated_at = $1
         WHERE client_id = $2 AND status IN ('sent', 'seen', 'answered')",
    )
    .bind(now_ms)
    .bind(client.0)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The client's own requests, newest first.
pub async fn of_client(pool: &PgPool, client: ClientId) -> StoreResult<Vec<RequestView>> {
    let sql = concat!(
        "SELECT ",
        columns!(),
        " FROM requests WHERE client_id = $1 ORDER BY created_at DESC, seq DESC LIMIT 20"
    );
    let rows: Vec<RequestRow> = sqlx::query_as(sql).bind(client.0).fetch_all(pool).await?;
    rows.into_iter().map(RequestRow::view).collect()
}

/// One of the therapist's clients' requests, every status, newest first.
pub async fn of_therapists_client(
    pool: &PgPool,
    therapist: TherapistId,
    client: ClientId,
) -> StoreResult<Vec<RequestView>> {
    let sql = concat!(
        "SELECT ",
        columns!(),
        " FROM requests WHERE client_id = $1
           AND client_id IN (SELECT id FROM clients WHERE therapist_id = $2)
         ORDER BY created_at DESC, seq DESC LIMIT 20"
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
    pool: &PgPool,
    therapist: TherapistId,
) -> StoreResult<Vec<(i64, RequestView)>> {
    let sql = concat!(
        "SELECT client_id, ",
        columns!(),
        " FROM requests WHERE status IN ('sent', 'seen', 'answered')
           AND client_id IN (SELECT id FROM clients WHERE therapist_id = $1)
         ORDER BY created_at DESC, seq DESC"
    );
    let rows: Vec<OwnedRequestRow> = sqlx::query_as(sql)
        .bind(therapist.0)
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(OwnedRequestRow::view).collect()
}
