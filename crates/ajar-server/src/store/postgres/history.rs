//! Responses as the caseload, a client's page and the exports read them on PostgreSQL:
//! SQL only (the rows' meaning is `store::rows`, the caseload's assembly
//! `store::caseload`).

use super::{requests, risk};
use crate::store::caseload::{Assembly, in_answered_order};
use crate::store::rows::{CaseloadClient, EpisodeRow, ResponseRow, SeqRow, version};
use crate::store::{Archived, ClientId, HistoryCursor, StoreResult, TherapistId};
use ajar_core::api::ResponseView;
use ajar_core::caseload::ClientRecord;
use sqlx::PgPool;

/// The columns every response read selects, in [`ResponseRow`]'s order.
macro_rules! response_columns {
    () => {
        "r.client_id, r.id, r.instrument, r.version, r.answers, r.total, r.band, r.risk, \
         r.received_at, r.answered_at"
    };
}

/// "these clients of this therapist": `$1` the therapist, `$2` one client or NULL, `$3`
/// whether archived clients count (one named client always does).
macro_rules! scope {
    () => {
        "c.therapist_id = $1 AND ($2::BIGINT IS NULL OR c.id = $2) \
         AND ($3 OR $2::BIGINT IS NOT NULL OR c.archived_at IS NULL)"
    };
}

pub async fn caseload(
    pool: &PgPool,
    therapist: TherapistId,
    only: Option<ClientId>,
    recent: Option<u32>,
    archived: Archived,
) -> StoreResult<Vec<ClientRecord>> {
    let only = only.map(|c| c.0);
    let include = archived == Archived::Include;
    let clients: Vec<CaseloadClient> = sqlx::query_as(concat!(
        "SELECT c.id, c.label, c.created_at, c.plan, c.archived_at FROM clients c WHERE ",
        scope!(),
        " ORDER BY lower(c.label), c.id"
    ))
    .bind(therapist.0)
    .bind(only)
    .bind(include)
    .fetch_all(pool)
    .await?;
    let mut caseload = Assembly::new(clients)?;
    let episodes: Vec<EpisodeRow> = sqlx::query_as(concat!(
        "SELECT e.client_id, e.started_at, e.ended_at, e.ending_type
         FROM episodes e JOIN clients c ON c.id = e.client_id WHERE ",
        scope!(),
        " ORDER BY e.client_id, e.id"
    ))
    .bind(therapist.0)
    .bind(only)
    .bind(include)
    .fetch_all(pool)
    .await?;
    caseload.episodes(episodes)?;
    let counts: Vec<(i64, i64)> = sqlx::query_as(concat!(
        "SELECT r.client_id, COUNT(*) FROM responses r JOIN clients c ON c.id = r.client_id
         WHERE ",
        scope!(),
        " GROUP BY r.client_id"
    ))
    .bind(therapist.0)
    .bind(only)
    .bind(include)
    .fetch_all(pool)
    .await?;
    caseload.counts(counts)?;
    let rows: Vec<ResponseRow> = match recent {
        // Every response of these clients in one pass, oldest first.
        None => {
            sqlx::query_as(concat!(
                "SELECT ",
                response_columns!(),
                " FROM responses r JOIN clients c ON c.id = r.client_id WHERE ",
                scope!(),
                " ORDER BY r.client_id, r.answered_at, r.seq"
            ))
            .bind(therapist.0)
            .bind(only)
            .bind(include)
            .fetch_all(pool)
            .await?
        }
        Some(n) => recent_rows(pool, &caseload.episode_starts(), n).await?,
    };
    caseload.history(rows)?;
    caseload.risk_flags(risk::flags_of(pool, therapist, only).await?);
    caseload.open_requests(requests::open_of_therapist(pool, therapist).await?);
    Ok(caseload.done())
}

/// Per client (with when their current episode began) and instrument: the first
/// response, the first since the episode began (its baseline) and the `n` newest, oldest
/// first; three index seeks each (on `responses_by_answered`).
async fn recent_rows(
    pool: &PgPool,
    clients: &[(i64, i64)],
    n: u32,
) -> StoreResult<Vec<ResponseRow>> {
    let mut conn = pool.acquire().await?;
    let mut rows = Vec::new();
    for (client, episode_start) in clients {
        let mut mine: Vec<SeqRow> = Vec::new();
        for instrument in ajar_core::instruments::ALL.iter().map(|i| i.id) {
            let picked: Vec<SeqRow> = sqlx::query_as(concat!(
                "(SELECT ",
                response_columns!(),
                ", r.seq FROM responses r WHERE r.client_id = $1 AND r.instrument = $2
                   ORDER BY r.answered_at DESC, r.seq DESC LIMIT $3)
                 UNION
                 (SELECT ",
                response_columns!(),
                ", r.seq FROM responses r WHERE r.client_id = $1 AND r.instrument = $2
                   ORDER BY r.answered_at, r.seq LIMIT 1)
                 UNION
                 (SELECT ",
                response_columns!(),
                ", r.seq FROM responses r WHERE r.client_id = $1 AND r.instrument = $2
                   AND r.answered_at >= $4 ORDER BY r.answered_at, r.seq LIMIT 1)"
            ))
            .bind(client)
            .bind(instrument)
            .bind(i64::from(n))
            .bind(episode_start)
            .fetch_all(&mut *conn)
            .await?;
            mine.extend(picked);
        }
        rows.extend(in_answered_order(mine));
    }
    Ok(rows)
}

/// Up to `limit` responses after `after`, in export order (client, then time, then id),
/// archived clients included: one index range per page (`responses_in_order`).
pub async fn page(
    pool: &PgPool,
    therapist: TherapistId,
    only: Option<ClientId>,
    after: Option<&HistoryCursor>,
    limit: u32,
) -> StoreResult<Vec<(i64, ResponseView)>> {
    let rows: Vec<ResponseRow> = sqlx::query_as(concat!(
        "SELECT ",
        response_columns!(),
        " FROM responses r JOIN clients c ON c.id = r.client_id WHERE ",
        scope!(),
        " AND ($4::BIGINT IS NULL OR (r.client_id, r.received_at, r.id) > ($4, $5, $6))
         ORDER BY r.client_id, r.received_at, r.id LIMIT $7"
    ))
    .bind(therapist.0)
    .bind(only.map(|c| c.0))
    .bind(true)
    .bind(after.map(|a| a.client_id))
    .bind(after.map(|a| a.received_at_ms))
    .bind(after.map(|a| a.id.to_string()))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(ResponseRow::view).collect()
}

/// Each instrument version these clients answered, archived clients included.
pub async fn instruments_used(
    pool: &PgPool,
    therapist: TherapistId,
    only: Option<ClientId>,
) -> StoreResult<Vec<(String, u32)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(concat!(
        "SELECT DISTINCT r.instrument, r.version FROM responses r
         JOIN clients c ON c.id = r.client_id WHERE ",
        scope!(),
        " ORDER BY 1, 2"
    ))
    .bind(therapist.0)
    .bind(only.map(|c| c.0))
    .bind(true)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(i, v)| Ok((i, version(v)?)))
        .collect()
}
