//! The hash-chained audit trail's SQL. An entry is appended inside a transaction that
//! already holds the write lock (`BEGIN IMMEDIATE`), so two entries never chain to the
//! same predecessor, and a change and the entry recording it commit together.

use crate::audit;
use crate::store::{Audited, StoreResult};
use sqlx::SqliteConnection;
use sqlx::sqlite::SqlitePool;

/// Puts the audit key in this connection's memory (a temporary table, in memory), where
/// [`append`] and [`verify`] read it; it never reaches the database file.
pub async fn hold_key(
    conn: &mut SqliteConnection,
    key: &[u8],
    signs_from: i64,
) -> sqlx::Result<()> {
    for sql in [
        "PRAGMA temp_store = MEMORY",
        "CREATE TEMP TABLE IF NOT EXISTS audit_key (k BLOB NOT NULL, signs_from INTEGER NOT NULL)",
        "DELETE FROM temp.audit_key",
    ] {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    sqlx::query("INSERT INTO temp.audit_key (k, signs_from) VALUES (?, ?)")
        .bind(key)
        .bind(signs_from)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn key(conn: &mut SqliteConnection) -> StoreResult<Vec<u8>> {
    let (k,): (Vec<u8>,) = sqlx::query_as("SELECT k FROM temp.audit_key")
        .fetch_one(&mut *conn)
        .await?;
    Ok(k)
}

/// Appends `entry` on `conn`, which must be inside an IMMEDIATE transaction, signed with
/// the audit key.
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
    let hash = audit::keyed_hash(&key(conn).await?, &prev, &chained);
    sqlx::query(
        "INSERT INTO audit (seq, at, actor, action, subject, prev_hash, hash, keyed)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
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
        "SELECT seq, at, actor, action, subject FROM audit WHERE actor = ?1 OR subject = ?1
         ORDER BY seq DESC LIMIT ?2",
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

pub async fn verify(
    pool: &SqlitePool,
    saved_head: Option<&str>,
) -> StoreResult<Result<audit::Head, String>> {
    type AuditRow = (i64, i64, String, String, String, Vec<u8>, Vec<u8>, bool);
    let mut conn = pool.acquire().await?;
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT seq, at, actor, action, subject, prev_hash, hash, keyed FROM audit ORDER BY seq",
    )
    .fetch_all(&mut *conn)
    .await?;
    let key = key(&mut conn).await?;
    let (signs_from,): (i64,) = sqlx::query_as("SELECT signs_from FROM temp.audit_key")
        .fetch_one(&mut *conn)
        .await?;
    let rows: Vec<audit::Stored> = rows
        .into_iter()
        .map(
            |(seq, at_ms, actor, action, subject, prev, hash, keyed)| audit::Stored {
                entry: audit::Entry {
                    seq,
                    at_ms,
                    actor,
                    action,
                    subject,
                },
                prev,
                hash,
                keyed,
            },
        )
        .collect();
    Ok(audit::verify_with_head(&rows, &key, signs_from, saved_head))
}
