//! Responses as the caseload, a client's page and the exports read them: SQL and row
//! decoding only (what the rows mean is `ajar_core::caseload`).

use super::{check_in_id, requests, risk, version};
use crate::store::{Archived, ClientId, HistoryCursor, StoreResult, TherapistId};
use ajar_core::api::{EndedView, ResponseView};
use ajar_core::caseload::ClientRecord;
use ajar_core::ending::EndingType;
use ajar_core::episodes::{self, Episode};
use ajar_core::response::Answers;
use anyhow::Context;
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

#[derive(sqlx::FromRow)]
struct ResponseRow {
    client_id: i64,
    id: String,
    instrument: String,
    version: i64,
    answers: String,
    total: Option<i64>,
    band: Option<String>,
    risk: bool,
    received_at: i64,
    answered_at: i64,
}

impl ResponseRow {
    fn view(self) -> StoreResult<(i64, ResponseView)> {
        Ok((
            self.client_id,
            ResponseView {
                id: check_in_id(&self.id)?,
                instrument: self.instrument,
                version: version(self.version)?,
                answers: serde_json::from_str::<Answers>(&self.answers)?,
                total: self.total.map(u8::try_from).transpose()?,
                band: self.band,
                risk: self.risk,
                received_at_ms: self.received_at,
                answered_at_ms: self.answered_at,
            },
        ))
    }
}

/// A [`ResponseRow`] with its rowid, to keep the insertion order of equal times.
#[derive(sqlx::FromRow)]
struct SeqRow {
    #[sqlx(flatten)]
    row: ResponseRow,
    rowid: i64,
}

#[derive(sqlx::FromRow)]
struct ClientRow {
    id: i64,
    label: String,
    created_at: i64,
    plan: Option<String>,
    archived_at: Option<i64>,
}

impl ClientRow {
    fn record(self) -> StoreResult<ClientRecord> {
        Ok(ClientRecord {
            client_id: self.id,
            label: self.label,
            added_at_ms: self.created_at,
            ended: None,
            episodes: Vec::new(),
            history: Vec::new(),
            risk_flags: Vec::new(),
            response_count: 0,
            open_requests: Vec::new(),
            plan: super::clients::plan(self.plan.as_deref())?,
            archived_at_ms: self.archived_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct EpisodeRow {
    client_id: i64,
    started_at: i64,
    ended_at: Option<i64>,
    ending_type: Option<String>,
}

impl EpisodeRow {
    fn episode(self) -> StoreResult<(i64, Episode)> {
        let ended = match (self.ended_at, self.ending_type) {
            (Some(at_ms), Some(t)) => Some(EndedView {
                at_ms,
                ending_type: EndingType::parse(&t).context("stored ending type is unknown")?,
            }),
            _ => None,
        };
        Ok((
            self.client_id,
            Episode {
                started_at_ms: self.started_at,
                ended,
            },
        ))
    }
}

pub async fn caseload(
    pool: &SqlitePool,
    therapist: TherapistId,
    only: Option<ClientId>,
    recent: Option<u32>,
    archived: Archived,
) -> StoreResult<Vec<ClientRecord>> {
    let only = only.map(|c| c.0);
    let include = archived == Archived::Include;
    let clients: Vec<ClientRow> = sqlx::query_as(concat!(
        "SELECT c.id, c.label, c.created_at, c.plan, c.archived_at FROM clients c WHERE ",
        scope!(),
        " ORDER BY c.label COLLATE NOCASE, c.id"
    ))
    .bind(therapist.0)
    .bind(only)
    .bind(include)
    .fetch_all(pool)
    .await?;
    let mut records = clients
        .into_iter()
        .map(ClientRow::record)
        .collect::<StoreResult<Vec<_>>>()?;
    let at =
        |records: &[ClientRecord], client: i64| records.iter().position(|r| r.client_id == client);
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
    for row in episodes {
        let (client, episode) = row.episode()?;
        if let Some(i) = at(&records, client) {
            records[i].ended = episode.ended;
            records[i].episodes.push(episode);
        }
    }
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
    for (client, count) in counts {
        if let Some(i) = at(&records, client) {
            records[i].response_count = u32::try_from(count)?;
        }
    }
    let rows: Vec<ResponseRow> = match recent {
        // Every response of these clients in one pass, oldest first.
        None => {
            sqlx::query_as(concat!(
                "SELECT ",
                response_columns!(),
                " FROM responses r JOIN clients c ON c.id = r.client_id WHERE ",
                scope!(),
                " ORDER BY r.client_id, r.answered_at, r.rowid"
            ))
            .bind(therapist.0)
            .bind(only)
            .bind(include)
            .fetch_all(pool)
            .await?
        }
        Some(n) => {
            let clients: Vec<(i64, i64)> = records
                .iter()
                .map(|r| {
                    let start = episodes::current_start(&r.episodes).unwrap_or(r.added_at_ms);
                    (r.client_id, start)
                })
                .collect();
            recent_rows(pool, &clients, n).await?
        }
    };
    let mut current: Option<(i64, usize)> = None;
    for row in rows {
        let (client_id, response) = row.view()?;
        let index = match current {
            Some((c, i)) if c == client_id => i,
            _ => {
                let i = at(&records, client_id).context("response of an unknown client")?;
                current = Some((client_id, i));
                i
            }
        };
        records[index].history.push(response);
    }
    for (client_id, flag) in risk::flags_of(pool, therapist, only).await? {
        if let Some(i) = at(&records, client_id) {
            records[i].risk_flags.push(flag);
        }
    }
    for (client_id, request) in requests::open_of_therapist(pool, therapist).await? {
        if let Some(i) = at(&records, client_id) {
            records[i].open_requests.push(request);
        }
    }
    Ok(records)
}

/// Per client (with when their current episode began) and instrument: the first
/// response, the first since the episode began (its baseline) and the `n` newest,
/// oldest first. Three index seeks per client and instrument (on `responses_by_answered`),
/// so the cost does not grow with years of history.
async fn recent_rows(
    pool: &SqlitePool,
    clients: &[(i64, i64)],
    n: u32,
) -> StoreResult<Vec<ResponseRow>> {
    let mut conn = pool.acquire().await?;
    let mut rows = Vec::new();
    for (client, episode_start) in clients {
        let mut mine: Vec<SeqRow> = Vec::new();
        for instrument in ajar_core::instruments::ALL.iter().map(|i| i.id) {
            let picked: Vec<SeqRow> = sqlx::query_as(concat!(
                "SELECT * FROM (SELECT ",
                response_columns!(),
                ", r.rowid FROM responses r WHERE r.client_id = ?1 AND r.instrument = ?2
                   ORDER BY r.answered_at DESC, r.rowid DESC LIMIT ?3)
                 UNION
                 SELECT * FROM (SELECT ",
                response_columns!(),
                ", r.rowid FROM responses r WHERE r.client_id = ?1 AND r.instrument = ?2
                   ORDER BY r.answered_at, r.rowid LIMIT 1)
                 UNION
                 SELECT * FROM (SELECT ",
                response_columns!(),
                ", r.rowid FROM responses r WHERE r.client_id = ?1 AND r.instrument = ?2
                   AND r.answered_at >= ?4 ORDER BY r.answered_at, r.rowid LIMIT 1)"
            ))
            .bind(client)
            .bind(instrument)
            .bind(n)
            .bind(episode_start)
            .fetch_all(&mut *conn)
            .await?;
            mine.extend(picked);
        }
        mine.sort_by_key(|s| (s.row.answered_at, s.rowid));
        rows.extend(mine.into_iter().map(|s| s.row));
    }
    Ok(rows)
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
