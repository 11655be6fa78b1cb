//! The PostgreSQL pool: every commit waits for the WAL flush (`synchronous_commit = on`),
//! no connection goes back to the pool inside a transaction, migrations run at start,
//! and every server on one database signs the audit trail with the same key.

use crate::store::audit_key::{self, AuditKey};
use anyhow::{Context, bail};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::{Connection, Executor};
use std::path::Path;
use std::str::FromStr;
#[cfg(test)]
use std::time::Duration;

/// The advisory lock held while a server checks (or makes) the audit key at start, so two
/// servers starting at once on an empty database agree on one key.
const KEY_LOCK: i64 = 0x0061_6a61_726b_6579; // "ajarkey"

pub async fn open(url: &str, key_file: &Path) -> anyhow::Result<(PgPool, AuditKey)> {
    let options = PgConnectOptions::from_str(url)
        .context("the PostgreSQL URL is not one PostgreSQL understands")?
        .application_name("ajar");
    // One connection first: a server that is not there fails at once, with its reason,
    // where the pool would keep trying until its acquire timeout.
    PgConnection::connect_with(&options)
        .await
        .context("connecting to PostgreSQL")?
        .close()
        .await?;
    let pool = pool_options()
        .connect_with(options)
        .await
        .context("connecting to PostgreSQL")?;
    sqlx::migrate!("./migrations/postgres")
        .run(&pool)
        .await
        .context("applying database migrations")?;
    let mut conn = pool.acquire().await?;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(KEY_LOCK)
        .execute(&mut *conn)
        .await?;
    let key = key_for(&mut conn, key_file).await;
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(KEY_LOCK)
        .execute(&mut *conn)
        .await?;
    Ok((pool, key?))
}

fn pool_options() -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(8)
        .after_connect(|conn, _| {
            Box::pin(async move {
                // 2xx only after a durable commit, whatever the server's default is.
                conn.execute("SET synchronous_commit = on").await?;
                Ok(())
            })
        })
        .after_release(|conn, _| Box::pin(async move { left_clean(conn).await }))
}

/// Whether a connection handed back may be used again. sqlx 0.9's `begin` is not
/// cancel-safe on PostgreSQL: a request dropped after BEGIN was sent but before its
/// answer was read leaves the server inside a transaction that sqlx does not count, and
/// the next caller's writes would then wait in it uncommitted (answered 2xx, lost when
/// the connection closes). Inside a transaction begun by an earlier statement, the
/// transaction's timestamp is older than this statement's; outside one they are equal.
/// Such a connection is closed (PostgreSQL rolls its transaction back) and replaced.
///
/// The check goes as one simple-protocol message (`raw_sql`): sent as a prepared
/// statement, PostgreSQL starts the implicit transaction at Bind and stamps the
/// statement at Execute, the two never compare equal, and every connection was closed
/// on its first return (each request then paid a new connection and prepared every
/// statement again: about 3 ms a statement).
async fn left_clean(conn: &mut PgConnection) -> sqlx::Result<bool> {
    use sqlx::Row;
    if conn.is_in_transaction() {
        return Ok(false);
    }
    let row = sqlx::raw_sql("SELECT transaction_timestamp() = statement_timestamp()")
        .fetch_one(&mut *conn)
        .await?;
    row.try_get(0)
}

/// What tells two keys apart without showing either: an HMAC of a fixed text.
fn fingerprint(key: &AuditKey) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key.key).expect("any key length");
    mac.update(b"ajar audit key check");
    mac.finalize().into_bytes().into()
}

async fn key_for(conn: &mut PgConnection, key_file: &Path) -> anyhow::Result<AuditKey> {
    let (signed, next_seq): (bool, i64) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM audit WHERE keyed), COALESCE(MAX(seq), 0) + 1 FROM audit",
    )
    .fetch_one(&mut *conn)
    .await?;
    if let Some(dir) = key_file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the folder {}", dir.display()))?;
    }
    let key = audit_key::load_or_create(key_file, signed, next_seq)?;
    let print = fingerprint(&key);
    let stored: Option<(Vec<u8>, i64)> =
        sqlx::query_as("SELECT fingerprint, signs_from FROM audit_key_check")
            .fetch_optional(&mut *conn)
            .await?;
    match stored {
        None => {
            sqlx::query("INSERT INTO audit_key_check (fingerprint, signs_from) VALUES ($1, $2)")
                .bind(&print[..])
                .bind(key.signs_from)
                .execute(&mut *conn)
                .await?;
        }
        Some((f, from)) if f == print && from == key.signs_from => {}
        Some(_) => bail!(
            "the audit key file {} is not the key this database's audit trail is signed with. Every server on one database needs the same key file: copy it from the server that made it (or set AJAR_AUDIT_KEY_FILE to it)",
            key_file.display()
        ),
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test server's URL; `None` (saying so) without `AJAR_TEST_POSTGRES`.
    fn test_server() -> Option<String> {
        let server = std::env::var("AJAR_TEST_POSTGRES").ok();
        if server.is_none() {
            eprintln!("skipped: AJAR_TEST_POSTGRES is not set");
        }
        server
    }

    /// A new scratch table named from `prefix`; its name and its one-row insert.
    async fn scratch_table(pool: &PgPool, prefix: &str) -> (String, String) {
        let table = format!("{prefix}_{}", std::process::id());
        let create = format!("CREATE TABLE {table} (n BIGINT)");
        sqlx::query(sqlx::AssertSqlSafe(create))
            .execute(pool)
            .await
            .unwrap();
        let insert = format!("INSERT INTO {table} VALUES ($1)");
        (table, insert)
    }

    /// How many rows of `table` another connection sees committed; then `pool` is
    /// closed (a transaction it left open would hold the table) and the table dropped.
    async fn committed_rows(server: &str, pool: PgPool, table: &str) -> i64 {
        let mut reader = PgConnection::connect(server).await.unwrap();
        let count = format!("SELECT COUNT(*) FROM {table}");
        let (seen,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(count))
            .fetch_one(&mut reader)
            .await
            .unwrap();
        pool.close().await;
        let drop_table = format!("DROP TABLE {table}");
        sqlx::query(sqlx::AssertSqlSafe(drop_table))
            .execute(&mut reader)
            .await
            .unwrap();
        seen
    }

    /// A `begin` polled once (BEGIN sent) and dropped before its answer was read, then
    /// plain writes through the pool: each must be committed when it returns.
    #[tokio::test]
    async fn a_begin_dropped_midway_leaves_no_transaction_for_the_next_caller() {
        let Some(server) = test_server() else {
            return;
        };
        let pool = pool_options()
            .max_connections(2)
            .connect(&server)
            .await
            .unwrap();
        let (table, insert) = scratch_table(&pool, "dropped_begin").await;
        for n in 0..200i64 {
            let begin = pool.begin();
            let _ = tokio::time::timeout(Duration::ZERO, begin).await;
            sqlx::query(sqlx::AssertSqlSafe(insert.clone()))
                .bind(n)
                .execute(&pool)
                .await
                .unwrap();
        }
        let seen = committed_rows(&server, pool, &table).await;
        assert_eq!(seen, 200, "every write that returned is committed");
    }

    /// A connection handed back inside a transaction that sqlx does not count (what a
    /// `begin` dropped after BEGIN was sent leaves behind; made here on purpose, since
    /// a dropped `begin` hits that instant too rarely to test by timing) is not used
    /// again: the next caller's write is committed when it returns.
    #[tokio::test]
    async fn a_connection_handed_back_inside_a_transaction_is_not_used_again() {
        let Some(server) = test_server() else {
            return;
        };
        let pool = pool_options()
            .max_connections(1)
            .connect(&server)
            .await
            .unwrap();
        let (table, insert) = scratch_table(&pool, "left_open").await;
        for n in 0..5i64 {
            let mut conn = pool.acquire().await.unwrap();
            sqlx::raw_sql("BEGIN").execute(&mut *conn).await.unwrap();
            assert!(!conn.is_in_transaction(), "sqlx does not count it");
            drop(conn);
            sqlx::query(sqlx::AssertSqlSafe(insert.clone()))
                .bind(n)
                .execute(&pool)
                .await
                .unwrap();
        }
        let seen = committed_rows(&server, pool, &table).await;
        assert_eq!(seen, 5, "every write that returned is committed");
    }

    /// A connection handed back clean is used again, not closed and opened anew.
    #[tokio::test]
    async fn a_connection_handed_back_clean_is_used_again() {
        let Some(server) = test_server() else {
            return;
        };
        let pool = pool_options()
            .max_connections(1)
            .connect(&server)
            .await
            .unwrap();
        let mut backends = std::collections::BTreeSet::new();
        for _ in 0..20 {
            let (pid,): (i32,) = sqlx::query_as("SELECT pg_backend_pid()")
                .fetch_one(&pool)
                .await
                .unwrap();
            backends.insert(pid);
        }
        assert_eq!(backends.len(), 1, "one connection for 20 statements");
    }
}
