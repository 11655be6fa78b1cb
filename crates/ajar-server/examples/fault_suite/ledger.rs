//! What the server acknowledged, and what it may or may not have stored (sent, but the
//! answer never came): checked against the database at the end.

use crate::db::Db;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Mutex;

#[derive(Default)]
pub struct Ledger {
    inner: Mutex<Sets>,
}

#[derive(Default)]
struct Sets {
    acknowledged: BTreeSet<String>,
    /// Id → the client (demo label) it was sent for: only that client's phone sends it
    /// again, as a real outbox belongs to one client.
    unanswered: BTreeMap<String, String>,
}

pub struct Verdict {
    pub acknowledged: usize,
    pub lost: usize,
    pub duplicated: usize,
    pub integrity: String,
    /// `PRAGMA integrity_check` and `ajar audit verify` both passed.
    pub intact: bool,
    /// Nothing lost or duplicated, and intact.
    pub ok: bool,
}

impl Ledger {
    pub fn acknowledged(&self, id: &str) {
        let mut s = self.inner.lock().unwrap();
        s.unanswered.remove(id);
        s.acknowledged.insert(id.to_owned());
    }

    pub fn unanswered(&self, id: &str, client: &str) {
        let mut s = self.inner.lock().unwrap();
        if !s.acknowledged.contains(id) {
            s.unanswered.insert(id.to_owned(), client.to_owned());
        }
    }

    /// One id sent for `client` without an answer (the `nth` of them), to send again as
    /// a real outbox does.
    pub fn unanswered_of(&self, client: &str, nth: usize) -> Option<String> {
        let s = self.inner.lock().unwrap();
        let mine: Vec<_> = s.unanswered.iter().filter(|(_, c)| *c == client).collect();
        (!mine.is_empty()).then(|| mine[nth % mine.len()].0.clone())
    }

    pub fn count(&self) -> usize {
        self.inner.lock().unwrap().acknowledged.len()
    }

    /// Every acknowledged id stored exactly once, nothing stored that was never sent,
    /// `PRAGMA integrity_check` ok, the kept counts right and the audit chain intact.
    pub async fn verify(&self, db: &Path) -> Verdict {
        self.verify_on(&Db::Sqlite(db.to_owned())).await
    }

    /// [`Self::verify`] on either engine (PostgreSQL has no `integrity_check`: its own
    /// checksums and WAL replay are its integrity; what is checked is the ledger and the
    /// audit chain).
    pub async fn verify_on(&self, db: &Db) -> Verdict {
        let (acknowledged, unanswered) = {
            let s = self.inner.lock().unwrap();
            (s.acknowledged.clone(), s.unanswered.clone())
        };
        const OURS: &str =
            "SELECT id, count(*) FROM responses WHERE id LIKE 'fa017000-%' GROUP BY id";
        // The counts the caseload reads, kept by triggers, against the rows themselves.
        const MISCOUNTED: &str = "SELECT COUNT(*) FROM clients c
             WHERE c.response_count <> (SELECT COUNT(*) FROM responses r WHERE r.client_id = c.id)
                OR c.open_risk_count <> (SELECT COUNT(*) FROM responses r
                     WHERE r.client_id = c.id AND r.risk AND NOT EXISTS
                       (SELECT 1 FROM risk_acknowledgements a WHERE a.response_id = r.id))";
        let counted = |miscounted: i64, integrity: String| match miscounted {
            0 => integrity,
            n => format!("kept counts wrong for {n} clients"),
        };
        let (stored, integrity): (Vec<(String, i64)>, String) = match db {
            Db::Sqlite(path) => {
                let url = format!("sqlite://{}?mode=ro", path.display());
                let pool = sqlx::SqlitePool::connect(&url)
                    .await
                    .expect("the database opens");
                let stored = sqlx::query_as(OURS)
                    .fetch_all(&pool)
                    .await
                    .expect("responses readable");
                let (integrity,): (String,) = sqlx::query_as("PRAGMA integrity_check")
                    .fetch_one(&pool)
                    .await
                    .expect("integrity_check runs");
                let (miscounted,): (i64,) = sqlx::query_as(MISCOUNTED)
                    .fetch_one(&pool)
                    .await
                    .expect("counts readable");
                pool.close().await;
                (stored, counted(miscounted, integrity))
            }
            Db::Postgres { url, .. } => {
                let pool = sqlx::PgPool::connect(url)
                    .await
                    .expect("the database opens");
                let stored = sqlx::query_as(OURS)
                    .fetch_all(&pool)
                    .await
                    .expect("responses readable");
                let (miscounted,): (i64,) = sqlx::query_as(MISCOUNTED)
                    .fetch_one(&pool)
                    .await
                    .expect("counts readable");
                pool.close().await;
                (stored, counted(miscounted, "ok".to_owned()))
            }
        };
        let stored_ids: BTreeSet<&str> = stored.iter().map(|(id, _)| id.as_str()).collect();
        let lost = acknowledged
            .iter()
            .filter(|id| !stored_ids.contains(id.as_str()))
            .count();
        let twice = stored.iter().filter(|(_, n)| *n > 1).count();
        let phantom = stored
            .iter()
            .filter(|(id, _)| !acknowledged.contains(id) && !unanswered.contains_key(id))
            .count();
        let mut verify = std::process::Command::new(crate::server::binary());
        if let Some(key) = db.key_file() {
            verify.env("AJAR_AUDIT_KEY_FILE", key);
        }
        let audit = match verify
            .args(["audit", "verify", "--db"])
            .arg(db.arg())
            .output()
        {
            Ok(o) if o.status.success() => true,
            Ok(o) => {
                println!(
                    "  ajar audit verify said: {}{}",
                    String::from_utf8_lossy(&o.stdout).trim(),
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                false
            }
            Err(e) => {
                println!("  ajar audit verify did not run: {e}");
                false
            }
        };
        let intact = integrity == "ok" && audit;
        let ok = lost == 0 && twice + phantom == 0 && intact;
        Verdict {
            acknowledged: acknowledged.len(),
            lost,
            duplicated: twice + phantom,
            integrity: format!(
                "integrity {integrity}, audit {}",
                if audit { "ok" } else { "BROKEN" }
            ),
            intact,
            ok,
        }
    }
}
