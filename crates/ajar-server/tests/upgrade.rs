//! A database made before this round (schema version 7: before episodes, phone refs,
//! answered times, keyed audit entries…) is opened by today's server: every migration
//! since runs, and nothing anyone stored is lost or changes meaning.

use ajar_server::audit::{Entry, GENESIS, chain_hash};
use ajar_server::auth::Token;
use ajar_server::clock::{DAY_MS, now_ms};
use ajar_server::store::{
    Archived, ClientId, SessionKind, SessionLookup, SqliteStore, Store, TherapistId,
};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

/// The migrations a server of schema version 7 had run.
fn up_to_7() -> sqlx::migrate::Migrator {
    let all = sqlx::migrate!("./migrations/sqlite");
    sqlx::migrate::Migrator {
        migrations: all
            .migrations
            .iter()
            .filter(|m| m.version <= 7)
            .cloned()
            .collect::<Vec<_>>()
            .into(),
        ..all
    }
}

#[tokio::test]
async fn a_version_7_database_opens_with_everything_it_held() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ajar.sqlite3");
    let now = now_ms();
    let (t0, ended) = (now - 60 * DAY_MS, now - 10 * DAY_MS);
    let session = Token::generate();
    {
        let options = SqliteConnectOptions::new()
            .filename(&db)
            .create_if_missing(true);
        let pool = SqlitePoolOptions::new()
            .connect_with(options)
            .await
            .unwrap();
        up_to_7().run(&pool).await.unwrap();
        for (sql, binds) in [
            (
                "INSERT INTO therapists (id, email, display_name, password_hash, created_at)
                 VALUES (1, 'old@example.org', 'Old Hand', 'x', ?)",
                vec![t0],
            ),
            // One client still in therapy, one whose therapy ended (before episodes).
            (
                "INSERT INTO clients (id, therapist_id, label, link_hash, created_at)
                 VALUES (1, 1, 'Ongoing', X'01', ?)",
                vec![t0],
            ),
            (
                "INSERT INTO clients (id, therapist_id, label, link_hash, created_at, ended_at, ending_type)
                 VALUES (2, 1, 'Finished', NULL, ?, ?, 'planned')",
                vec![t0, ended],
            ),
            (
                "INSERT INTO responses (id, client_id, instrument, version, answers, total, band, risk, received_at)
                 VALUES ('a0000000-0000-4000-8000-000000000001', 1, 'phq-9', 1,
                         '{\"1\":1,\"2\":1,\"3\":1,\"4\":1,\"5\":1,\"6\":1,\"7\":1,\"8\":1,\"9\":0,\"difficulty\":1}',
                         8, 'mild', 0, ?)",
                vec![now - 20 * DAY_MS],
            ),
            (
                "INSERT INTO requests (id, client_id, wish, reasons, message, preferred_times, status, created_at, updated_at)
                 VALUES ('b0000000-0000-4000-8000-000000000001', 1, 'talk-about-it', '[]', 'hello', '', 'sent', ?, ?)",
                vec![now - 5 * DAY_MS, now - 5 * DAY_MS],
            ),
        ] {
            let mut q = sqlx::query(sql);
            for b in binds {
                q = q.bind(b);
            }
            q.execute(&pool).await.unwrap();
        }
        sqlx::query(
            "INSERT INTO sessions (token_hash, kind, subject_id, created_at, expires_at)
             VALUES (?, 'therapist', 1, ?, ?)",
        )
        .bind(session.hash().as_bytes())
        .bind(now)
        .bind(now + DAY_MS)
        .execute(&pool)
        .await
        .unwrap();
        // Two audit entries chained as version 7 chained them (plain SHA-256).
        let mut prev = GENESIS.to_vec();
        for seq in 1..=2 {
            let e = Entry {
                seq,
                at_ms: t0 + seq,
                actor: "therapist:1".into(),
                action: "read.caseload".into(),
                subject: "caseload".into(),
            };
            let hash = chain_hash(&prev, &e);
            sqlx::query(
                "INSERT INTO audit (seq, at, actor, action, subject, prev_hash, hash)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(seq)
            .bind(e.at_ms)
            .bind(&e.actor)
            .bind(&e.action)
            .bind(&e.subject)
            .bind(&prev)
            .bind(&hash[..])
            .execute(&pool)
            .await
            .unwrap();
            prev = hash.to_vec();
        }
        pool.close().await;
    }

    // Today's server opens it: every later migration runs.
    let store = SqliteStore::open(&db).await.unwrap();
    let records = store
        .caseload(
            TherapistId(1),
            None,
            ajar_core::caseload::Reading::Everything,
            Archived::Include,
        )
        .await
        .unwrap();
    let ongoing = records.iter().find(|r| r.label == "Ongoing").unwrap();
    let finished = records.iter().find(|r| r.label == "Finished").unwrap();
    assert!(ongoing.ended.is_none());
    assert_eq!(finished.episodes.len(), 1, "one episode, with its end");
    let ending = finished.episodes[0].ended.expect("the ending is kept");
    assert_eq!(ending.at_ms, ended);
    assert_eq!(ending.ending_type, ajar_core::ending::EndingType::Planned);
    assert_eq!(finished.episodes[0].started_at_ms, t0);
    assert_eq!(ongoing.history.len(), 1, "the PHQ-9 is kept");
    let phq = &ongoing.history[0];
    assert_eq!(
        phq.answered_at_ms,
        now - 20 * DAY_MS,
        "answered time = the time it arrived"
    );
    assert_eq!(phq.total, Some(8));
    assert_eq!(
        ongoing.open_requests.len(),
        1,
        "the request is kept, still open"
    );
    assert_eq!(ongoing.open_requests[0].created_at_ms, now - 5 * DAY_MS);
    // The finished client kept their ending, as an episode.
    let all = store.clients_of(TherapistId(1)).await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(
        store.therapy_ended(ClientId(2)).await.unwrap(),
        "their therapy stays ended"
    );
    assert!(!store.therapy_ended(ClientId(1)).await.unwrap());
    // Sessions open before the upgrade stay open; the trail verifies, old links and new.
    assert_eq!(
        store
            .session_subject(&session.hash(), SessionKind::Therapist, now, None)
            .await
            .unwrap(),
        SessionLookup::Live(1)
    );
    store
        .audit(&ajar_server::store::Audited::new(
            "therapist:1",
            "read.caseload",
            "caseload",
            now,
        ))
        .await
        .unwrap();
    let head = store.verify_audit(None).await.unwrap().unwrap();
    assert_eq!(
        head.entries, 3,
        "two plain links, then one signed with the new key"
    );
    let home = store.client_home(ClientId(1)).await.unwrap();
    assert!(!home.phone_ref.is_empty(), "each client got a phone ref");
}
