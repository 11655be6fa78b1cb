//! Responses as the caseload, a client's page and the exports read them on PostgreSQL:
//! SQL only (the rows' meaning is `store::rows`, the caseload's assembly
//! `store::caseload`).

use super::{requests, risk};
use crate::store::caseload::{self, CaseloadReads, Whose, distinct};
use crate::store::rows::{CaseloadClient, EpisodeRow, ResponseRow, SeqRow, version};
use crate::store::{Archived, ClientId, HistoryCursor, StoreResult, TherapistId, WordsCursor};
use ajar_core::api::{RequestView, ResponseView};
use ajar_core::caseload::{ClientRecord, Reading, Window};
use ajar_core::risk::RiskFlag;
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
    reading: Reading,
    archived: Archived,
) -> StoreResult<Vec<ClientRecord>> {
    caseload::read(&Reads(pool), therapist, only, reading, archived).await
}

/// The caseload's reads on this engine.
struct Reads<'a>(&'a PgPool);

impl CaseloadReads for Reads<'_> {
    async fn clients(&self, whose: Whose) -> StoreResult<Vec<CaseloadClient>> {
        scoped(
            self.0,
            whose,
            concat!(
                "SELECT c.id, c.label, c.created_at, c.plan, c.archived_at, c.response_count,
                        c.open_risk_count
                 FROM clients c WHERE ",
                scope!(),
                " ORDER BY lower(c.label), c.id"
            ),
        )
        .await
    }

    async fn episodes(&self, whose: Whose) -> StoreResult<Vec<EpisodeRow>> {
        scoped(
            self.0,
            whose,
            concat!(
                "SELECT e.client_id, e.started_at, e.ended_at, e.ending_type
                 FROM episodes e JOIN clients c ON c.id = e.client_id WHERE ",
                scope!(),
                " ORDER BY e.client_id, e.id"
            ),
        )
        .await
    }

    async fn counts(&self, whose: Whose) -> StoreResult<Vec<(i64, i64)>> {
        scoped(
            self.0,
            whose,
            concat!(
                "SELECT r.client_id, COUNT(*) FROM responses r JOIN clients c ON c.id = r.client_id
                 WHERE ",
                scope!(),
                " GROUP BY r.client_id"
            ),
        )
        .await
    }

    async fn every_response(&self, whose: Whose) -> StoreResult<Vec<ResponseRow>> {
        scoped(
            self.0,
            whose,
            concat!(
                "SELECT ",
                response_columns!(),
                " FROM responses r JOIN clients c ON c.id = r.client_id WHERE ",
                scope!(),
                " ORDER BY r.client_id, r.answered_at, r.seq"
            ),
        )
        .await
    }

    async fn window(
        &self,
        therapist: TherapistId,
        starts: &[(i64, i64)],
        window: &Window,
    ) -> StoreResult<Vec<ResponseRow>> {
        recent_rows(self.0, therapist, starts, window).await
    }

    async fn newest_open_flags(
        &self,
        therapist: TherapistId,
        clients: &[i64],
        newest: u32,
    ) -> StoreResult<Vec<(i64, RiskFlag)>> {
        risk::newest_open_of(self.0, therapist, clients, newest).await
    }

    async fn all_flags(
        &self,
        therapist: TherapistId,
        only: Option<i64>,
    ) -> StoreResult<Vec<(i64, RiskFlag)>> {
        risk::flags_of(self.0, therapist, only).await
    }

    async fn open_requests(&self, therapist: TherapistId) -> StoreResult<Vec<(i64, RequestView)>> {
        requests::open_of_therapist(self.0, therapist).await
    }
}

/// A statement over `scope!()`'s three parameters, bound from `whose`: every row.
async fn scoped<O>(pool: &PgPool, whose: Whose, sql: &'static str) -> StoreResult<Vec<O>>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    Ok(sqlx::query_as(sql)
        .bind(whose.therapist.0)
        .bind(whose.only)
        .bind(whose.archived)
        .fetch_all(pool)
        .await?)
}

/// Per client (with when their current episode began) and instrument, as `window` names:
/// the first since the episode began (its baseline), the newest (`session`
/// of the session check-in, `others` of the rest) and perhaps the very first, oldest
/// first. One statement of
/// index seeks on `responses_by_answered` (a LATERAL join per client and instrument),
/// so the cost does not grow with years of history.
async fn recent_rows(
    pool: &PgPool,
    therapist: TherapistId,
    clients: &[(i64, i64)],
    window: &Window,
) -> StoreResult<Vec<ResponseRow>> {
    let instruments: Vec<&str> = ajar_core::instruments::ALL.iter().map(|i| i.id).collect();
    let (ids, starts): (Vec<i64>, Vec<i64>) = clients.iter().copied().unzip();
    // UNION ALL and `distinct` after: a UNION's deduplication per client and
    // instrument cost PostgreSQL more than the reads (95 against 32 ms on the bench).
    let picked: Vec<SeqRow> = sqlx::query_as(concat!(
        "SELECT ",
        response_columns!(),
        ", r.seq FROM unnest($1::BIGINT[], $2::BIGINT[]) AS p(client_id, start)
         JOIN clients c ON c.id = p.client_id AND c.therapist_id = $7
         CROSS JOIN unnest($3::TEXT[]) AS w(instrument)
         CROSS JOIN LATERAL (
           (SELECT r.* FROM responses r
            WHERE r.client_id = p.client_id AND r.instrument = w.instrument
            ORDER BY r.answered_at DESC, r.seq DESC
            LIMIT CASE WHEN w.instrument = $4 THEN $5 ELSE $6 END)
           UNION ALL
           (SELECT r.* FROM responses r
            WHERE $8 AND r.client_id = p.client_id AND r.instrument = w.instrument
            ORDER BY r.answered_at, r.seq LIMIT 1)
           UNION ALL
           (SELECT r.* FROM responses r
            WHERE r.client_id = p.client_id AND r.instrument = w.instrument
              AND r.answered_at >= p.start
            ORDER BY r.answered_at, r.seq LIMIT 1)
         ) r
         ORDER BY r.client_id, r.answered_at, r.seq"
    ))
    .bind(ids)
    .bind(starts)
    .bind(instruments)
    .bind(ajar_core::instruments::SESSION.id)
    .bind(i64::from(window.session))
    .bind(i64::from(window.others))
    .bind(therapist.0)
    .bind(window.first_ever)
    .fetch_all(pool)
    .await?;
    Ok(distinct(picked))
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

/// Up to `limit` of one client's responses with a text answer, newest answered first,
/// older than `before`: walks `responses_by_answered_time` from the newest down and
/// stops at `limit`, so a page costs the same at any length of history.
pub async fn words_page(
    pool: &PgPool,
    therapist: TherapistId,
    client: ClientId,
    before: Option<&WordsCursor>,
    limit: u32,
) -> StoreResult<Vec<ResponseView>> {
    let rows: Vec<ResponseRow> = sqlx::query_as(concat!(
        "SELECT ",
        response_columns!(),
        " FROM responses r JOIN clients c ON c.id = r.client_id
         WHERE c.therapist_id = $1 AND c.id = $2
           AND ($3::BIGINT IS NULL OR (r.answered_at, r.id) < ($3, $4))
           AND EXISTS (SELECT 1 FROM json_each(r.answers::JSON) j
                       WHERE json_typeof(j.value) = 'string' AND j.value::TEXT <> '\"\"')
         ORDER BY r.answered_at DESC, r.id DESC LIMIT $5"
    ))
    .bind(therapist.0)
    .bind(client.0)
    .bind(before.map(|b| b.answered_at_ms))
    .bind(before.map(|b| b.id.0.to_string()))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(|r| Ok(r.view()?.1)).collect()
}
