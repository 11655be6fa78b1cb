//! The hash-chained audit trail's SQL on PostgreSQL. An entry is appended inside the
//! change's own transaction, after taking a transaction-scoped advisory lock, so that
//! entries written through several servers at once still chain one after another.

use crate::audit;
use crate::store::audit_key::AuditKey;
use crate::store::{Audited, StoreResult};
use sqlx::PgConnection;
use sqlx::postgres::PgPool;

/// Held from an entry's append to its transaction's end: one writer of the chain at a time.
const CHAIN_LOCK: i64 = 0x616a_6172_6175_6469; // "ajaraudi"

pub async fn append(conn: &mut PgConnection, key: &AuditKey, entry: &Audited) -> StoreResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(CHAIN_LOCK)
        .execute(&mut *conn)
        .await?;
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
    let hash = audit::keyed_hash(&key.key, &prev, &chained);
    sqlx::query(
        "INSERT INTO audit (seq, at, actor, action, subject, prev_hash, hash, keyed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE)",
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

/// An entry on its own (a read, a sign-in), in its own transaction.
pub async fn append_alone(pool: &PgPool, key: &AuditKey, entry: &Audited) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    append(&mut tx, key, entry).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    seq: i64,
    at: i64,
    actor: String,
    action: String,
    subject: String,
}

impl EntryRow {
    fn entry(self) -> audit::Entry {
        audit::Entry {
            seq: self.seq,
            at_ms: self.at,
            actor: self.actor,
            action: self.action,
            subject: self.subject,
        }
    }
}

pub async fn trail(pool: &PgPool, actor: &str, limit: u32) -> StoreResult<Vec<audit::Entry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT seq, at, actor, action, subject FROM audit WHERE actor = $1 OR subject = $1
         ORDER BY seq DESC LIMIT $2",
    )
    .bind(actor)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(EntryRow::entry).collect())
}

#[derive(sqlx::FromRow)]
struct StoredRow {
    #[sqlx(flatten)]
    entry: EntryRow,
    prev_hash: Vec<u8>,
    hash: Vec<u8>,
    keyed: bool,
}

pub async fn verify(
    pool: &PgPool,
    key: &AuditKey,
    saved_head: Option<&str>,
) -> StoreResult<Result<audit::Head, String>> {
    let rows: Vec<StoredRow> = sqlx::query_as(
        "SELECT seq, at, actor, action, subject, prev_hash, hash, keyed FROM audit ORDER BY seq",
    )
    .fetch_all(pool)
    .await?;
    let rows: Vec<audit::Stored> = rows
        .into_iter()
        .map(|r| audit::Stored {
            entry: r.entry.entry(),
            prev: r.prev_hash,
            hash: r.hash,
            keyed: r.keyed,
        })
        .collect();
    Ok(audit::verify_with_head(
        &rows,
        &key.key,
        key.signs_from,
        saved_head,
    ))
}
