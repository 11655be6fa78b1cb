//! Which database a case runs on: a SQLite file of its own, or (with `--postgres`) a
//! fresh database on the PostgreSQL server named, with an audit key file of its own.
//! Also used by the API tests' world and the caseload bench for their fresh databases.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

#[derive(Clone)]
pub enum Db {
    Sqlite(PathBuf),
    Postgres { url: String, key: PathBuf },
}

impl Db {
    /// What `--db` is given.
    pub fn arg(&self) -> OsString {
        match self {
            Db::Sqlite(path) => path.clone().into_os_string(),
            Db::Postgres { url, .. } => url.into(),
        }
    }

    /// Where the server keeps the audit key (PostgreSQL: in the case's folder).
    pub fn key_file(&self) -> Option<&Path> {
        match self {
            Db::Sqlite(_) => None,
            Db::Postgres { key, .. } => Some(key),
        }
    }

    /// A new, empty database on the server at `server` (any database's URL on it), its
    /// audit key to live in `dir`.
    pub async fn fresh_postgres(server: &str, dir: &Path) -> Db {
        Db::Postgres {
            url: fresh_postgres_url(server).await,
            key: dir.join("postgres.audit-key"),
        }
    }
}

/// A new, empty database on the PostgreSQL server at `server` (any database's URL on
/// it); its URL.
pub async fn fresh_postgres_url(server: &str) -> String {
    use sqlx::Connection;
    // Unique across the processes and the tasks of one run.
    static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("ajar_{}_{nanos}_{n}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .expect("the PostgreSQL server named");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("a database can be created");
    let _ = admin.close().await;
    let (base, _) = server.rsplit_once('/').expect("a URL with a database name");
    format!("{base}/{name}")
}
