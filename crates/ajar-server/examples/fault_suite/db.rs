//! Which database a case runs on: a SQLite file of its own, or (with `--postgres`) a
//! fresh database on the PostgreSQL server named, with an audit key file of its own.

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
        use sqlx::Connection;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("ajar_faults_{}_{nanos}", std::process::id());
        let mut admin = sqlx::PgConnection::connect(server)
            .await
            .expect("the PostgreSQL server named by --postgres");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("a database can be created");
        let _ = admin.close().await;
        let (base, _) = server.rsplit_once('/').expect("a URL with a database name");
        Db::Postgres {
            url: format!("{base}/{name}"),
            key: dir.join("postgres.audit-key"),
        }
    }
}
