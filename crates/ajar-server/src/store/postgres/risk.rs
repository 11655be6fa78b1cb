//! Risk flags and their acknowledgements on PostgreSQL: SQL only (the rules are
//! `ajar_core::risk`, the rows' meaning `store::rows`).

use super::audit_log;
use crate::store::audit_key::AuditKey;
use crate::store::rows::FlagRow;
use crate::store::{Audited, ClientId, RiskAcknowledged, StoreResult, TherapistId};
use ajar_core::CheckInId;
use ajar_core::risk::{AcknowledgeRisk, RiskFlag};
use sqlx::PgPool;

/// The newest `newest` flags not yet acknowledged of each of these clients of the
/// therapist, oldest first: what the caseload shows (the database keeps how many are
/// open). A walk down `responses_at_risk_by_answered` per client (LATERAL), stopping at
/// `newest`.
pub async fn newest_open_of(
    pool: &PgPool,
    therapist: TherapistId,
    clients: &[i64],
    newest: u32,
) -> StoreResult<Vec<(i64, RiskFlag)>> {
    let rows: Vec<FlagRow> = sqlx::query_as(
        "SELECT r.client_id, r.id, r.instrument, r.version, r.answers, r.answered_at,
                NULL::TEXT AS action, NULL::TEXT AS note, NULL::BIGINT AS at,
                NULL::TEXT AS by_name
         FROM unnest($1::BIGINT[]) AS p(client_id)
         CROSS JOIN LATERAL (
           SELECT x.* FROM responses x
           WHERE x.client_id = p.client_id AND x.risk
             AND NOT EXISTS (SELECT 1 FROM risk_acknowledgements a WHERE a.response_id = x.id)
           ORDER BY x.answered_at DESC, x.seq DESC LIMIT $2) r
         JOIN clients c ON c.id = r.client_id AND c.therapist_id = $3
         ORDER BY r.client_id, r.answered_at, r.seq",
    )
    .bind(clients)
    .bind(i64::from(newest))
    .bind(therapist.0)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(FlagRow::flag).collect()
}

/// Every risk flag of the therapist's clients (or of one), acknowledged or not, oldest
/// first, with the client each belongs to.
pub async fn flags_of(
    pool: &PgPool,
    therapist: TherapistId,
    only: Option<i64>,
) -> StoreResult<Vec<(i64, RiskFlag)>> {
    flags_where(pool, therapist, only, None).await
}

/// The flags of these responses (those of the therapist's clients that are risks).
pub async fn flags_of_responses(
    pool: &PgPool,
    therapist: TherapistId,
    responses: &[CheckInId],
) -> StoreResult<Vec<(i64, RiskFlag)>> {
    let ids: Vec<String> = responses.iter().map(|r| r.0.to_string()).collect();
    flags_where(pool, therapist, None, Some(ids)).await
}

/// `ids`: the response ids to keep, or every flag when `None`.
async fn flags_where(
    pool: &PgPool,
    therapist: TherapistId,
    only: Option<i64>,
    ids: Option<Vec<String>>,
) -> StoreResult<Vec<(i64, RiskFlag)>> {
    let rows: Vec<FlagRow> = sqlx::query_as(
        "SELECT r.client_id, r.id, r.instrument, r.version, r.answers, r.answered_at,
                a.action, a.note, a.at, t.display_name AS by_name
         FROM responses r
         JOIN clients c ON c.id = r.client_id
         LEFT JOIN risk_acknowledgements a ON a.response_id = r.id
         LEFT JOIN therapists t ON t.id = a.therapist_id
         WHERE r.risk AND c.therapist_id = $1 AND ($2::BIGINT IS NULL OR c.id = $2)
           AND ($3::TEXT[] IS NULL OR r.id = ANY($3))
         ORDER BY r.client_id, r.answered_at, r.seq",
    )
    .bind(therapist.0)
    .bind(only)
    .bind(ids)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(FlagRow::flag).collect()
}

/// Records what the therapist did about one flag, with its audit entry, in one
/// transaction. A flag is acknowledged once; the first acknowledgement stands (the
/// response's row is locked, so two at once through two servers cannot both be first).
pub async fn acknowledge(
    (pool, key): (&PgPool, &AuditKey),
    therapist: TherapistId,
    client: ClientId,
    response: CheckInId,
    ack: &AcknowledgeRisk,
    audit: &Audited,
) -> StoreResult<RiskAcknowledged> {
    let mut tx = pool.begin().await?;
    // Lock the risk answer first, then read its acknowledgement in a statement of its
    // own: under READ COMMITTED a statement that waited for the lock still sees the
    // snapshot it began with, and would miss the acknowledgement it waited for.
    let found: Option<(String,)> = sqlx::query_as(
        "SELECT r.id FROM responses r JOIN clients c ON c.id = r.client_id
         WHERE r.id = $1 AND r.risk AND c.id = $2 AND c.therapist_id = $3
         FOR UPDATE OF r",
    )
    .bind(response.0.to_string())
    .bind(client.0)
    .bind(therapist.0)
    .fetch_optional(&mut *tx)
    .await?;
    if found.is_none() {
        return Ok(RiskAcknowledged::NoSuchFlag);
    }
    let before: Option<(i64,)> =
        sqlx::query_as("SELECT at FROM risk_acknowledgements WHERE response_id = $1")
            .bind(response.0.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((at_ms,)) = before {
        return Ok(RiskAcknowledged::Already { at_ms });
    }
    sqlx::query(
        "INSERT INTO risk_acknowledgements (response_id, therapist_id, action, note, at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(response.0.to_string())
    .bind(therapist.0)
    .bind(ack.action.as_str())
    .bind(&ack.note)
    .bind(audit.at_ms)
    .execute(&mut *tx)
    .await?;
    audit_log::append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(RiskAcknowledged::Done)
}
