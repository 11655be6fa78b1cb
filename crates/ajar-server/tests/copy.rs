//! `ajar copy`: the demo practice plus 10,140 generated responses, moved from a SQLite
//! file into an empty PostgreSQL database by the real binary, arrive whole: every
//! client's history, requests and risk flags, and an audit trail that verifies to the
//! same head. Needs `AJAR_TEST_POSTGRES` (`cargo xtask test` sets it); without it the
//! test says so and does nothing.

mod common;

#[path = "../examples/shared/caseload_data.rs"]
#[allow(dead_code)]
mod caseload_data;

use ajar_server::clock::now_ms;
use ajar_server::store::{Archived, Audited, PgStore, SqliteStore, Store, TherapistId};

/// What a caseload read shows, for comparing two stores: per client, label, episodes,
/// response ids in order, open requests and flags.
async fn caseload_of(store: &dyn Store, therapist: TherapistId) -> Vec<String> {
    store
        .caseload(
            therapist,
            None,
            ajar_core::caseload::Reading::Everything,
            Archived::Include,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            format!(
                "{} {} episodes {} responses {:?} requests {} flags {:?} plan {:?} archived {:?}",
                r.client_id,
                r.label,
                r.episodes.len(),
                r.history
                    .iter()
                    .map(|h| (h.id, h.answered_at_ms, h.total))
                    .collect::<Vec<_>>(),
                r.open_requests.len(),
                r.risk_flags
                    .iter()
                    .map(|f| (f.response_id, f.acknowledged.is_some()))
                    .collect::<Vec<_>>(),
                r.plan,
                r.archived_at_ms,
            )
        })
        .collect()
}

#[tokio::test]
async fn a_sqlite_practice_moves_to_postgres_whole_and_verified() {
    let Ok(server) = std::env::var("AJAR_TEST_POSTGRES") else {
        eprintln!("skipped: AJAR_TEST_POSTGRES is not set, so there is no PostgreSQL to copy to");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("practice.sqlite3");
    let now = now_ms();
    {
        let bulk = SqliteStore::open_for_bulk_load(&db).await.unwrap();
        ajar_server::demo::prepare(&bulk, now).await.unwrap();
        let (_, _, made) = caseload_data::generate(&bulk, 65, 52, now).await.unwrap();
        assert_eq!(made, 10_140);
        bulk.audit(&Audited::new("therapist:1", "export.csv", "caseload", now))
            .await
            .unwrap();
        bulk.close().await;
    }
    let source = SqliteStore::open(&db).await.unwrap();
    let therapists = [TherapistId(1), TherapistId(2)];
    let mut expected = Vec::new();
    for t in therapists {
        expected.push(caseload_of(&source, t).await);
    }
    let head = source.verify_audit(None).await.unwrap().unwrap();
    source.close().await;

    let url = common::fresh_postgres_database(&server).await;
    // Run where a practice runs it: the SQLite key beside its file, the PostgreSQL key
    // written to data/postgres.audit-key under the working folder.
    let key = dir.path().join("data").join("postgres.audit-key");
    let copy = |to: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ajar"))
            .current_dir(dir.path())
            .args(["copy", "--from", db.to_str().unwrap(), "--to", to])
            .env_remove("AJAR_AUDIT_KEY_FILE")
            .output()
            .unwrap()
    };
    let out = copy(&url);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("rows from") && said.contains("verify there"),
        "{said}"
    );

    let target = PgStore::open(&url, &key).await.unwrap();
    for (t, before) in therapists.into_iter().zip(&expected) {
        assert_eq!(&caseload_of(&target, t).await, before, "therapist {t:?}");
    }
    assert_eq!(target.verify_audit(None).await.unwrap().unwrap(), head);
    // The practice goes on there: new rows take ids after the copied ones.
    let added = target
        .add_client(
            TherapistId(1),
            "After the move",
            &ajar_server::auth::Token::generate().hash(),
            now_ms(),
            &Audited::new("therapist:1", "client.add", "", now_ms()),
        )
        .await
        .unwrap();
    assert!(added.0 > 65, "{added:?}");
    assert!(target.verify_audit(None).await.unwrap().is_ok());
    target.close().await;

    // A second copy into the same (now full) database is refused, and changes nothing.
    let again = copy(&url);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds data"));
}
