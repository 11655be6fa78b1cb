//! Risk flags and their acknowledgements: SQL only (the rules are `ajar_core::risk`).

use super::audit_log;
use crate::store::rows::FlagRow;
use crate::store::{Audited, ClientId, RiskAcknowledged, StoreResult, TherapistId};
use ajar_core::CheckInId;
use ajar_core::risk::{AcknowledgeRisk, RiskFlag};
use sqlx::SqlitePool;

/// The open (unacknowledged) risk answers of the therapist's (`?1`) clients, or of
/// one (`?2`), as `r`.
macro_rules! open_flags {
    () => {
        "responses r JOIN clients c ON c.id = r.client_id
         LEFT JOIN risk_acknowledgements a ON a.response_id = r.id
         WHERE r.risk = 1 AND a.response_id IS NULL
           AND c.therapist_id = ?1 AND (?2 IS NULL OR c.id = ?2)"
    };
}

/// Every risk flag of the therapist's clients (or of one), acknowledged or not, oldest
/// first, with the client each belongs to.
pub async fn flags_of(
    pool: &SqlitePool,
    therapist: TherapistId,
    only: Option<i64>,
) -> StoreResult<Vec<(i64, RiskFlag)>> {
    flags_where(pool, therapist, only, None).await
}

/// The newest `newest` flags not yet acknowledged of each of the therapist's clients
/// (or of `only`), oldest first, and how many each has open in all: what the caseload
/// needs, however many a client has left open.
pub async fn newest_open_of(
    pool: &SqlitePool,
    therapist: TherapistId,
    only: Option<i64>,
    newest: u32,
) -> StoreResult<(Vec<(i64, RiskFlag)>, Vec<(i64, i64)>)> {
    // Ranked on the index alone; the few picked rows are then read whole.
    let rows: Vec<FlagRow> = sqlx::query_as(concat!(
        "SELECT r.client_id, r.id, r.instrument, r.version, r.answers, r.answered_at,
                NULL AS action, NULL AS note, NULL AS at, NULL AS by_name
         FROM (SELECT r.rowid AS seq, ROW_NUMBER() OVER (
                 PARTITION BY r.client_id ORDER BY r.answered_at DESC, r.rowid DESC) AS nth
               FROM ",
        open_flags!(),
        ") o JOIN responses r ON r.rowid = o.seq WHERE o.nth <= ?3
         ORDER BY r.client_id, r.answered_at, r.rowid"
    ))
    .bind(therapist.0)
    .bind(only)
    .bind(newest)
    .fetch_all(pool)
    .await?;
    let flags = rows
        .into_iter()
        .map(FlagRow::flag)
        .collect::<StoreResult<_>>()?;
    let open: Vec<(i64, i64)> = sqlx::query_as(concat!(
        "SELECT r.client_id, COUNT(*) FROM ",
        open_flags!(),
        " GROUP BY r.client_id"
    ))
    .bind(therapist.0)
    .bind(only)
    .fetch_all(pool)
    .await?;
    Ok((flags, open))
}

/// The flags of these responses (those of the therapist's clients that are risks).
pub async fn flags_of_responses(
    pool: &SqlitePool,
    therapist: TherapistId,
    responses: &[CheckInId],
) -> StoreResult<Vec<(i64, RiskFlag)>> {
    let ids: Vec<String> = responses.iter().map(|r| r.0.to_string()).collect();
    flags_where(pool, therapist, None, Some(serde_json::to_string(&ids)?)).await
}

/// `ids`: a JSON array of response ids to keep, or every flag when `None`.
async fn flags_where(
    pool: &SqlitePool,
    therapist: TherapistId,
    only: Option<i64>,
    ids: Option<String>,
) -> StoreResult<Vec<(i64, RiskFlag)>> {
    let rows: Vec<FlagRow> = sqlx::query_as(
        "SELECT r.client_id, r.id, r.instrument, r.version, r.answers, r.answered_at,
                a.action, a.note, a.at, t.display_name AS by_name
         FROM responses r
         JOIN clients c ON c.id = r.client_id
         LEFT JOIN risk_acknowledgements a ON a.response_id = r.id
         LEFT JOIN therapists t ON t.id = a.therapist_id
         WHERE r.risk = 1 AND c.therapist_id = ?1 AND (?2 IS NULL OR c.id = ?2)
           AND (?3 IS NULL OR r.id IN (SELECT value FROM json_each(?3)))
         ORDER BY r.client_id, r.answered_at, r.rowid",
    )
    .bind(therapist.0)
    .bind(only)
    .bind(ids)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(FlagRow::flag).collect()
}

/// Records what the therapist did about one flag, with its audit entry, in one
/// transaction. A flag is acknowledged once; the first acknowledgement stands.
pub async fn acknowledge(
    pool: &SqlitePool,
    therapist: TherapistId,
    client: ClientId,
    response: CheckInId,
    ack: &AcknowledgeRisk,
    audit: &Audited,
) -> StoreResult<RiskAcknowledged> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let found: Option<(Option<i64>,)> = sqlx::query_as(
        "SELECT a.at FROM responses r
         JOIN clients c ON c.id = r.client_id
         LEFT JOIN risk_acknowledgements a ON a.response_id = r.id
         WHERE r.id = ?1 AND r.risk = 1 AND c.id = ?2 AND c.therapist_id = ?3",
    )
    .bind(response.0.to_string())
    .bind(client.0)
    .bind(therapist.0)
    .fetch_optional(&mut *tx)
    .await?;
    match found {
        None => return Ok(RiskAcknowledged::NoSuchFlag),
        Some((Some(at_ms),)) => return Ok(RiskAcknowledged::Already { at_ms }),
        Some((None,)) => {}
    }
    sqlx::query(
        "INSERT INTO risk_acknowledgements (response_id, therapist_id, action, note, at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(response.0.to_string())
    .bind(therapist.0)
    .bind(ack.action.as_str())
    .bind(&ack.note)
    .bind(audit.at_ms)
    .execute(&mut *tx)
    .await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(RiskAcknowledged::Done)
}
