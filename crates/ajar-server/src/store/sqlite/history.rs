//! Responses as the caseload, a client's page and the exports read them: SQL and row
//! decoding only (what the rows mean is `ajar_core::caseload`).

use super::{requests, risk};
use crate::store::caseload::{self, CaseloadReads, Whose, distinct};
use crate::store::rows::{CaseloadClient, EpisodeRow, ResponseRow, SeqRow, version};
use crate::store::{Archived, ClientId, HistoryCursor, StoreResult, TherapistId, WordsCursor};
use ajar_core::api::{RequestView, ResponseView};
use ajar_core::caseload::{ClientRecord, Reading, Window};
use ajar_core::risk::RiskFlag;
use sqlx::SqlitePool;

/// The columns every response read selects, in [`ResponseRow`]'s order.
macro_rules! response_columns {
    () => {
        "r.client_id, r.id, r.instrument, r.version, r.answers, r.total, r.band, r.risk, \
         r.received_at, r.answered_at"
    };
}

/// `scope!()`: "these clients of this therapist": `?1` the therapist, `?2` one client or NULL, `?3`
/// whether archived clients count (one named client always does).
macro_rules! scope {
    () => {
        "c.therapist_id = ?1 AND (?2 IS NULL OR c.id = ?2) \
         AND (?3 OR ?2 IS NOT NULL OR c.archived_at IS NULL)"
    };
}

pub async fn caseload(
    pool: &SqlitePool,
    therapist: TherapistId,
    only: Option<ClientId>,
    reading: Reading,
    archived: Archived,
) -> StoreResult<Vec<ClientRecord>> {
    caseload::read(&Reads(pool), therapist, only, reading, archived).await
}

/// The caseload's reads on this engine.
struct Reads<'a>(&'a SqlitePool);

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
                " ORDER BY c.label COLLATE NOCASE, c.id"
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
                "SELECT c.id, (SELECT COUNT(*) FROM responses r WHERE r.client_id = c.id)
                 FROM clients c WHERE ",
                scope!()
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
                " ORDER BY r.client_id, r.answered_at, r.rowid"
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
async fn scoped<O>(pool: &SqlitePool, whose: Whose, sql: &'static str) -> StoreResult<Vec<O>>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
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
/// first. One statement of index
/// seeks on `responses_by_answered`, so the cost does not grow with years of history.
async fn recent_rows(
    pool: &SqlitePool,
    therapist: TherapistId,
    clients: &[(i64, i64)],
    window: &Window,
) -> StoreResult<Vec<ResponseRow>> {
    let instruments: Vec<&str> = ajar_core::instruments::ALL.iter().map(|i| i.id).collect();
    // `?1` the clients and their episodes' starts, `?2` the instruments, `?7` whether
    // the very first of each is wanted; `pick!(order,
    // limit, also)`: the responses of one client and instrument `x`, in that order.
    // CROSS JOIN keeps SQLite's planner to this order (picks outermost, then a rowid
    // lookup each): left to itself it walked every response of the caseload and
    // scanned the picks for each, 400 times slower.
    macro_rules! pick {
        ($order:literal, $limit:literal, $also:literal) => {
            concat!(
                "SELECT ",
                response_columns!(),
                ", r.rowid AS seq FROM picks p
                 CROSS JOIN responses r ON r.rowid IN (
                   SELECT x.rowid FROM responses x
                   WHERE x.client_id = p.client_id AND x.instrument = p.instrument ",
                $also,
                " ORDER BY ",
                $order,
                " LIMIT ",
                $limit,
                ") CROSS JOIN clients c ON c.id = r.client_id AND c.therapist_id = ?6"
            )
        };
    }
    // UNION ALL and `distinct` after, rather than UNION's deduplication on every column.
    // One row per client, its picks as a JSON array: sqlx hands SQLite's rows over one
    // at a time from its worker thread, and 4,400 rows cost more that way (about 4 µs
    // each) than the statement that finds them.
    let per_client: Vec<(String,)> = sqlx::query_as(concat!(
        "WITH picks(client_id, start, instrument) AS MATERIALIZED (
           SELECT json_extract(k.value, '$[0]'), json_extract(k.value, '$[1]'), i.value
           FROM json_each(?1) k, json_each(?2) i),
         picked AS (",
        pick!("x.answered_at DESC, x.rowid DESC", "?4", ""),
        " WHERE p.instrument = ?3 UNION ALL ",
        pick!("x.answered_at DESC, x.rowid DESC", "?5", ""),
        " WHERE p.instrument <> ?3 UNION ALL ",
        pick!("x.answered_at, x.rowid", "1", ""),
        " WHERE ?7 UNION ALL ",
        pick!(
            "x.answered_at, x.rowid",
            "1",
            "AND x.answered_at >= p.start"
        ),
        ") SELECT json_group_array(json_array(client_id, id, instrument, version, answers,
                                              total, band, risk, received_at, answered_at,
                                              seq))
           FROM picked GROUP BY client_id"
    ))
    .bind(serde_json::to_string(clients)?)
    .bind(serde_json::to_string(&instruments)?)
    .bind(ajar_core::instruments::SESSION.id)
    .bind(window.session)
    .bind(window.others)
    .bind(therapist.0)
    .bind(window.first_ever)
    .fetch_all(pool)
    .await?;
    let mut picked = Vec::new();
    for (json,) in per_client {
        let rows: Vec<PickedJson> = serde_json::from_str(&json)?;
        picked.extend(rows.into_iter().map(PickedJson::row));
    }
    picked.sort_by_key(|p| (p.row.client_id, p.row.answered_at, p.seq));
    Ok(distinct(picked))
}

/// One pick as `json_array(…)` spells it, in [`SeqRow`]'s order (`risk` as 0 or 1).
#[derive(serde::Deserialize)]
struct PickedJson(
    i64,
    String,
    String,
    i64,
    String,
    Option<i64>,
    Option<String>,
    u8,
    i64,
    i64,
    i64,
);

impl PickedJson {
    fn row(self) -> SeqRow {
        let Self(
            client_id,
            id,
            instrument,
            version,
            answers,
            total,
            band,
            risk,
            received_at,
            answered_at,
            seq,
        ) = self;
        SeqRow {
            row: ResponseRow {
                client_id,
                id,
                instrument,
                version,
                answers,
                total,
                band,
                risk: risk == 1,
                received_at,
                answered_at,
            },
            seq,
        }
    }
}

/// Up to `limit` responses after `after`, in export order (client, then time, then id),
/// archived clients included: one index range per page (`responses_in_order`), so an
/// export of any size holds one page at a time.
pub async fn page(
    pool: &SqlitePool,
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
        " AND (?4 IS NULL OR (r.client_id, r.received_at, r.id) > (?4, ?5, ?6))
         ORDER BY r.client_id, r.received_at, r.id LIMIT ?7"
    ))
    .bind(therapist.0)
    .bind(only.map(|c| c.0))
    .bind(true)
    .bind(after.map(|a| a.client_id))
    .bind(after.map(|a| a.received_at_ms))
    .bind(after.map(|a| a.id.to_string()))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(ResponseRow::view).collect()
}

/// Each instrument version these clients answered, archived clients included.
pub async fn instruments_used(
    pool: &SqlitePool,
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
    pool: &SqlitePool,
    therapist: TherapistId,
    client: ClientId,
    before: Option<&WordsCursor>,
    limit: u32,
) -> StoreResult<Vec<ResponseView>> {
    let rows: Vec<ResponseRow> = sqlx::query_as(concat!(
        "SELECT ",
        response_columns!(),
        " FROM responses r JOIN clients c ON c.id = r.client_id
         WHERE c.therapist_id = ?1 AND c.id = ?2
           AND (?3 IS NULL OR (r.answered_at, r.id) < (?3, ?4))
           AND EXISTS (SELECT 1 FROM json_each(r.answers) j
                       WHERE j.type = 'text' AND j.value <> '')
         ORDER BY r.answered_at DESC, r.id DESC LIMIT ?5"
    ))
    .bind(therapist.0)
    .bind(client.0)
    .bind(before.map(|b| b.answered_at_ms))
    .bind(before.map(|b| b.id.0.to_string()))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(|r| Ok(r.view()?.1)).collect()
}
