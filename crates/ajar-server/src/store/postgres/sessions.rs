//! Sessions on PostgreSQL: the queries behind the `Store` session methods, and ending a
//! subject's sessions early inside another change's transaction.

use crate::auth::TokenHash;
use crate::store::session_state::{DeviceRow, SessionRow};
use crate::store::{
    ClientId, EndedBecause, SessionInfo, SessionKind, SessionLookup, StoreResult, TherapistId,
};
use sqlx::{PgConnection, PgPool};

pub async fn create(
    pool: &PgPool,
    token: &TokenHash,
    kind: SessionKind,
    subject: i64,
    (now_ms, expires_ms): (i64, i64),
    device: Option<&str>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, kind, subject_id, created_at, expires_at, device)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token.as_bytes())
    .bind(kind.as_str())
    .bind(subject)
    .bind(now_ms)
    .bind(expires_ms)
    .bind(device)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn lookup(
    pool: &PgPool,
    token: &TokenHash,
    kind: SessionKind,
    now_ms: i64,
    idle_ms: Option<i64>,
) -> StoreResult<SessionLookup> {
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT subject_id, COALESCE(last_seen_at, created_at) AS last_seen, ended_because
         FROM sessions WHERE token_hash = $1 AND kind = $2 AND expires_at > $3",
    )
    .bind(token.as_bytes())
    .bind(kind.as_str())
    .bind(now_ms)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(SessionLookup::Missing);
    };
    let (lookup, touch) = row.judge(now_ms, idle_ms);
    if touch {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now_ms)
            .bind(token.as_bytes())
            .execute(pool)
            .await?;
    }
    Ok(lookup)
}

pub async fn delete(pool: &PgPool, token: &TokenHash) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token.as_bytes())
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every live session of the client's phones, inside the caller's transaction.
pub async fn end_client_sessions(
    tx: &mut PgConnection,
    client: ClientId,
    because: EndedBecause,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE sessions SET ended_because = $1
         WHERE kind = 'client' AND subject_id = $2 AND ended_because IS NULL",
    )
    .bind(because.as_str())
    .bind(client.0)
    .execute(&mut *tx)
    .await?;
    // Their phones' reminders end with their sessions.
    sqlx::query("DELETE FROM push_subscriptions WHERE client_id = $1")
        .bind(client.0)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Ends every live session of a therapist but `keep`, inside the caller's transaction.
pub async fn end_therapist_sessions(
    tx: &mut PgConnection,
    therapist: TherapistId,
    keep: Option<&TokenHash>,
    because: EndedBecause,
) -> StoreResult<u64> {
    let kept: &[u8] = keep.map_or(&[], |k| k.as_bytes());
    Ok(sqlx::query(
        "UPDATE sessions SET ended_because = $1
         WHERE kind = 'therapist' AND subject_id = $2 AND ended_because IS NULL
           AND token_hash != $3",
    )
    .bind(because.as_str())
    .bind(therapist.0)
    .bind(kept)
    .execute(&mut *tx)
    .await?
    .rows_affected())
}

pub async fn therapist_sessions(
    pool: &PgPool,
    therapist: TherapistId,
    now_ms: i64,
) -> StoreResult<Vec<SessionInfo>> {
    let rows: Vec<DeviceRow> = sqlx::query_as(
        "SELECT encode(substring(token_hash FROM 1 FOR 8), 'hex') AS id, created_at,
                COALESCE(last_seen_at, created_at) AS last_used, device
         FROM sessions
         WHERE kind = 'therapist' AND subject_id = $1 AND ended_because IS NULL
           AND expires_at > $2
         ORDER BY COALESCE(last_seen_at, created_at) DESC",
    )
    .bind(therapist.0)
    .bind(now_ms)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(SessionInfo::from).collect())
}

pub async fn purge_expired(pool: &PgPool, now_ms: i64) -> StoreResult<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now_ms)
        .execute(pool)
        .await?
        .rows_affected())
}
