//! Which database a command works on: a SQLite file (the default) or a PostgreSQL server
//! (`postgres://…`), as `--db` / `AJAR_DB` names it, and opening it as one `dyn Store`.

use super::{PgStore, SqliteStore, Store};
use anyhow::bail;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` URL (it may hold a password: never printed).
    Postgres(String),
}

/// Where a PostgreSQL database's audit key is kept unless `AJAR_AUDIT_KEY_FILE` says:
/// on this machine, never in the database. Every server on one database needs a copy.
pub const POSTGRES_AUDIT_KEY: &str = "data/postgres.audit-key";

impl Database {
    /// `--db`: a PostgreSQL URL, or the path of a SQLite file. Anything else that looks
    /// like a URL is refused, rather than becoming a folder named `mysql:` with a SQLite
    /// file in it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let scheme = text.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("postgres" | "postgresql") if text.contains("://") => {
                return Ok(Self::Postgres(text.to_owned()));
            }
            Some("postgres" | "postgresql" | "sqlite" | "file" | "mysql") => {}
            _ if !text.contains("://") => return Ok(Self::Sqlite(PathBuf::from(text))),
            _ => {}
        }
        Err(format!(
            "{text:?} looks like a URL Ajar does not take: --db is the path of a SQLite file (like data/ajar.sqlite3) or a PostgreSQL URL (postgres://user@host/database)."
        ))
    }

    /// For the banner and messages: the file, or the URL without its password.
    pub fn shown(&self) -> String {
        match self {
            Self::Sqlite(path) => path.display().to_string(),
            Self::Postgres(url) => match url::Url::parse(url) {
                Ok(mut u) => {
                    if u.password().is_some() {
                        let _ = u.set_password(Some("…"));
                    }
                    u.to_string()
                }
                Err(_) => "a PostgreSQL database".to_owned(),
            },
        }
    }

    /// The audit key's file: beside a SQLite file, or [`POSTGRES_AUDIT_KEY`].
    pub fn audit_key_file(&self) -> PathBuf {
        match self {
            Self::Sqlite(path) => super::audit_key_path(path),
            Self::Postgres(_) => std::env::var_os("AJAR_AUDIT_KEY_FILE")
                .map_or_else(|| PathBuf::from(POSTGRES_AUDIT_KEY), PathBuf::from),
        }
    }

    /// The SQLite file, for what only SQLite has (`ajar backup`, a torn log).
    pub fn sqlite_file(&self, what: &str) -> anyhow::Result<&Path> {
        match self {
            Self::Sqlite(path) => Ok(path),
            Self::Postgres(_) => bail!(
                "{what} works on a SQLite file; for PostgreSQL use its own tools (pg_dump, pg_basebackup)"
            ),
        }
    }

    pub async fn open(&self) -> anyhow::Result<Arc<dyn Store>> {
        Ok(match self {
            Self::Sqlite(path) => Arc::new(SqliteStore::open(path).await?),
            Self::Postgres(url) => Arc::new(PgStore::open(url, &self.audit_key_file()).await?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_a_postgres_url_or_a_clear_refusal() {
        assert_eq!(
            Database::parse("data/ajar.sqlite3"),
            Ok(Database::Sqlite("data/ajar.sqlite3".into()))
        );
        assert!(matches!(
            Database::parse("postgres://ajar@127.0.0.1:5432/ajar"),
            Ok(Database::Postgres(_))
        ));
        assert!(matches!(
            Database::parse("postgresql://db.example/ajar"),
            Ok(Database::Postgres(_))
        ));
        for refused in [
            "mysql://x/y",
            "sqlite://data/a.db",
            "postgres:ajar",
            "http://x",
        ] {
            let why = Database::parse(refused).unwrap_err();
            assert!(why.contains("PostgreSQL URL"), "{refused}: {why}");
        }
    }

    #[test]
    fn a_password_in_the_url_is_never_shown() {
        let db = Database::parse("postgres://ajar:s3cret@db.example:5432/ajar").unwrap();
        assert!(!db.shown().contains("s3cret"), "{}", db.shown());
        assert!(db.shown().contains("db.example"));
    }
}
