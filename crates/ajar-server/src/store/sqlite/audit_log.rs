//! The hash-chained audit trail's SQL. An entry is appended inside a transaction that
//! already holds the write lock (`BEGIN IMMEDIATE`), so two entries never chain to the
//! same predecessor, and a change and the entry recording it commit together.

use crate::audit;
use crate::store::{Audited, StoreResult};
use sqlx::SqliteConnection;
use sqlx::sqlite::SqlitePool;

/// Appends `entry` on `conn`, which must be inside an IMMEDIATE transaction.
pub async fn append(conn: &mut SqliteConnection, entry: &Audited) -> StoreResult<()> {
    let last: Option<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let (seq, prev) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, audit::GENESIS.to_vec()),
    };
    let chained = audit::Entry {
        seq,
        at_ms: entry.at_ms,
        actor: entry.actor.clone(),
        action: entry.action.clone(),
        subject: entry.subject.clone(),
    };
    let hash = audit::chain_hash(&prev, &chained);
    sqlx::query(
        "INSERT INTO audit (seq, at, actor, action, subject, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seq)
    .bind(entry.at_ms)
    .bind(&entry.actor)
    .bind(&entry.action)
    .bind(&entry.subject)
    .bind(prev)
    .bind(hash.as_slice())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An entry on its own (a read, a sign-in): its own transaction. sqlx's transaction
/// type, so a request dropped halfway rolls it back before the connection is reused;
/// a raw `BEGIN` went back to the pool still open (tests/cancellation.rs).
pub async fn append_alone(pool: &SqlitePool, entry: &Audited) -> StoreResult<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    append(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn trail(pool: &SqlitePool, actor: &str, limit: u32) -> StoreResult<Vec<audit::Entry>> {
    let rows: Vec<(i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT seq, at, actor, action, subject FROM audit WHERE actor = ?
         ORDER BY seq DESC LIMIT ?",
    )
    .bind(actor)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(seq, at_ms, actor, action, subject)| audit::Entry {
            seq,
            at_ms,
            actor,
            action,
            subject,
        })
        .collect())
}

pub async fn verify(pool: &SqlitePool) -> StoreResult<Result<usize, String>> {
    type AuditRow = (i64, i64, String, String, String, Vec<u8>, Vec<u8>);
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT seq, at, actor, action, subject, prev_hash, hash FROM audit ORDER BY seq",
    )
    .fetch_all(pool)
    .await?;
    let rows: Vec<_> = rows
        .into_iter()
        .map(|(seq, at_ms, actor, action, subject, prev, hash)| {
            let entry = audit::Entry {
                seq,
                at_ms,
                actor,
                action,
                subject,
            };
            (entry, prev, hash)
        })
        .collect();
    Ok(audit::verify(&rows))
}
