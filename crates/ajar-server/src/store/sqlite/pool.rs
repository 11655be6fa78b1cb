//! The connection pool: how each connection is opened (WAL, `synchronous`, foreign keys,
//! the audit key in its memory) and the check that no connection goes back to the pool
//! still counted as inside a transaction.

use super::{audit_log, preflight};
use crate::store::audit_key;
use anyhow::Context;
use sqlx::Connection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::time::Duration;

/// Opens (creating if needed) the database file, applies pending migrations and returns
/// the pool the store serves from.
pub async fn open(path: &Path, synchronous: SqliteSynchronous) -> anyhow::Result<SqlitePool> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the data folder {}", dir.display()))?;
    }
    preflight::folder_is_writable(path)?;
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(synchronous)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    // First to migrate and to ask whether the trail was ever signed, then again with
    // the audit key in every connection's memory.
    let setup = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options.clone())
        .await
        .with_context(|| format!("opening the database {}", path.display()))?;
    sqlx::migrate!("./migrations/sqlite")
        .run(&setup)
        .await
        .context("applying database migrations")?;
    let (signed, next_seq): (bool, i64) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM audit WHERE keyed = 1), COALESCE(MAX(seq), 0) + 1
         FROM audit",
    )
    .fetch_one(&setup)
    .await?;
    setup.close().await;
    let key = audit_key::load_or_create(&audit_key::path_for(path), signed, next_seq)?;
    SqlitePoolOptions::new()
        .max_connections(8)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                audit_log::hold_key(conn, &key.key, key.signs_from).await?;
                Ok(())
            })
        })
        .after_release(|conn, _| {
            Box::pin(async move {
                // When SQLite itself rolls a transaction back (a full disk during COMMIT,
                // an I/O error), the ROLLBACK sqlx then sends fails with "no transaction
                // is active", and sqlx keeps counting the connection as inside one: every
                // later `begin_with("BEGIN IMMEDIATE")` on it is refused, and the server
                // answered 500 after the disk had space again (the fault suite's
                // disk-full case, about one run in twenty). Such a connection is closed
                // and a fresh one opened. The ping first lets the queued rollback run.
                conn.ping().await?;
                Ok(!conn.is_in_transaction())
            })
        })
        .connect_with(options)
        .await
        .with_context(|| format!("opening the database {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A transaction SQLite rolls back by itself (here a trigger's `RAISE(ROLLBACK)`,
    /// deterministic where a full disk is not) must not spoil its connection.
    #[tokio::test]
    async fn a_transaction_sqlite_rolled_back_itself_leaves_no_spoiled_connection() {
        let dir = tempfile::tempdir().unwrap();
        let pool = open(&dir.path().join("ajar.sqlite3"), SqliteSynchronous::Full)
            .await
            .unwrap();
        sqlx::query("CREATE TABLE scratch (x TEXT)")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "CREATE TRIGGER scratch_rolls_back BEFORE INSERT ON scratch WHEN NEW.x = 'boom'
             BEGIN SELECT RAISE(ROLLBACK, 'rolled back by SQLite'); END",
        )
        .execute(&pool)
        .await
        .unwrap();
        for _ in 0..10 {
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
            let failed = sqlx::query("INSERT INTO scratch VALUES ('boom')")
                .execute(&mut *tx)
                .await;
            assert!(failed.is_err());
            drop(tx);
        }
        for attempt in 0..20 {
            let mut tx = pool
                .begin_with("BEGIN IMMEDIATE")
                .await
                .unwrap_or_else(|e| panic!("attempt {attempt}: {e}"));
            sqlx::query("INSERT INTO scratch VALUES ('fine')")
                .execute(&mut *tx)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM scratch")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(n, 20);
    }
}
