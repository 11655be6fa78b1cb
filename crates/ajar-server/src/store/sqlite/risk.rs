//! Risk flags and their acknowledgements: SQL only (the rules are `ajar_core::risk`).

use super::audit_log;
use crate::store::rows::FlagRow;
use crate::store::{Audited, ClientId, RiskAcknowledged, StoreResult, TherapistId};
use ajar_core::CheckInId;
use ajar_core::risk::{AcknowledgeRisk, RiskFlag};
use sqlx::SqlitePool;

/// Every risk flag of the therapist's clients (or of one), acknowledged or not, oldest
/// first, with the client each belongs to.
pub async fn flags_of(
    pool: &SqlitePool,
    therapist: TherapistId,
    only: Option<i64>,
) -> StoreResult<Vec<(i64, RiskFlag)>> {
    flags_where(pool, therapist, only, None).await
}

/// The newest `newest` flags not yet acknowledged of each of these clients of the
/// therapist, oldest first: what the caseload shows (the database keeps how many are
/// open). A walk down `responses_at_risk_by_answered` per client, stopping at `newest`.
pub async fn newest_open_of(
    pool: &SqlitePool,
    therapist: TherapistId,
    clients: &[i64],
    newest: u32,
) -> StoreResult<Vec<(i64, RiskFlag)>> {
    // CROSS JOIN keeps the planner to this order: the clients, then a walk each.
    let rows: Vec<FlagRow> = sqlx::query_as(
        "WITH picks(client_id) AS MATERIALIZED (SELECT value FROM json_each(?1))
         SELECT r.client_id, r.id, r.instrument, r.version, r.answers, r.answered_at,
                NULL AS action, NULL AS note, NULL AS at, NULL AS by_name
         FROM picks p
         CROSS JOIN responses r ON r.rowid IN (
           SELECT x.rowid FROM responses x
           WHERE x.client_id = p.client_id AND x.risk = 1
             AND NOT EXISTS (SELECT 1 FROM risk_acknowledgements a WHERE a.response_id = x.id)
           ORDER BY x.answered_at DESC, x.rowid DESC LIMIT ?2)
         CROSS JOIN clients c ON c.id = r.client_id AND c.therapist_id = ?3
         ORDER BY r.client_id, r.answered_at, r.rowid",
    )
    .bind(serde_json::to_string(clients)?)
    .bind(newest)
    .bind(therapist.0)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(FlagRow::flag).collect()
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
