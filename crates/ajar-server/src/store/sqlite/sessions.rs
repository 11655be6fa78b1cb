//! Sessions in SQLite: the queries behind the `Store` session methods, and ending a
//! subject's sessions early inside another change's transaction.

use crate::auth::TokenHash;
use crate::store::{ClientId, EndedBecause, SessionKind, SessionLookup, StoreResult};
use sqlx::{SqliteConnection, SqlitePool};

/// How stale `last_seen_at` may get before a request refreshes it.
const SESSION_TOUCH_EVERY_MS: i64 = 60_000;

pub async fn create(
    pool: &SqlitePool,
    token: &TokenHash,
    kind: SessionKind,
    subject: i64,
    now_ms: i64,
    expires_ms: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, kind, subject_id, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(token.as_bytes())
    .bind(kind.as_str())
    .bind(subject)
    .bind(now_ms)
    .bind(expires_ms)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn lookup(
    pool: &SqlitePool,
    token: &TokenHash,
    kind: SessionKind,
    now_ms: i64,
    idle_ms: Option<i64>,
) -> StoreResult<SessionLookup> {
    let row: Option<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT subject_id, COALESCE(last_seen_at, created_at), ended_because FROM sessions
         WHERE token_hash = ? AND kind = ? AND expires_at > ?",
    )
    .bind(token.as_bytes())
    .bind(kind.as_str())
    .bind(now_ms)
    .fetch_optional(pool)
    .await?;
    let Some((subject, last_seen, ended)) = row else {
        return Ok(SessionLookup::Missing);
    };
    if let Some(because) = ended {
        return Ok(
            EndedBecause::parse(&because).map_or(SessionLookup::Missing, SessionLookup::Ended)
        );
    }
    if idle_ms.is_some_and(|idle| now_ms - last_seen >= idle) {
        return Ok(SessionLookup::Missing);
    }
    // Refresh at most once a minute: a write (and an fsync) on every request would cost
    // more than a minute of precision is worth.
    if now_ms - last_seen >= SESSION_TOUCH_EVERY_MS {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
            .bind(now_ms)
            .bind(token.as_bytes())
            .execute(pool)
            .await?;
    }
    Ok(SessionLookup::Live(subject))
}

pub async fn delete(pool: &SqlitePool, token: &TokenHash) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token.as_bytes())
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every live session of the client's phones, inside the caller's transaction (the
/// change that makes them end commits with it, or neither happens).
pub async fn end_client_sessions(
    tx: &mut SqliteConnection,
    client: ClientId,
    because: EndedBecause,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE sessions SET ended_because = ?
         WHERE kind = 'client' AND subject_id = ? AND ended_because IS NULL",
    )
    .bind(because.as_str())
    .bind(client.0)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
