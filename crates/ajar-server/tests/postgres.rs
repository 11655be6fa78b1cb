//! What only PostgreSQL has to prove: several servers on one database, an audit trail
//! that stays one chain and cannot be edited, one key for all servers, and connections
//! that never carry an abandoned transaction into the next request. Run by
//! `cargo xtask test` with `AJAR_TEST_POSTGRES` set; without it each test says so and
//! does nothing (the SQLite twins of these promises are in audit.rs, cancellation.rs).

mod common;

use ajar_server::clock::now_ms;
use ajar_server::store::{Archived, Audited, PgStore, Store, TherapistId};
use axum::http::{Method, StatusCode};
use common::{Engine, World, checkin, pair, world};
use std::sync::Arc;
use std::time::Duration;

/// The world's PostgreSQL URL, or `None` (and a note) on a SQLite run.
fn postgres(w: &World) -> Option<String> {
    match &w.engine {
        Engine::Postgres { url, .. } => Some(url.clone()),
        Engine::Sqlite(_) => {
            eprintln!("skipped: AJAR_TEST_POSTGRES is not set, so there is no PostgreSQL to test");
            None
        }
    }
}

#[tokio::test]
async fn two_servers_on_one_database_see_each_others_check_ins_and_keep_one_audit_chain() {
    let w = world().await;
    let Some(_) = postgres(&w) else { return };
    // A second server: its own store (its own pool) on the same database and key.
    let other = w.reopen().await;
    let phone = pair(&w.client_cookie(&w.link_a).await);
    let id = "3b0a0d3e-8f1c-4c55-9d1e-2a7b6c5d4e3f";
    let r = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&phone),
            Some(checkin(id, 4, "")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let seen = other
        .caseload(
            TherapistId(1),
            None,
            ajar_core::caseload::Reading::Everything,
            Archived::Exclude,
        )
        .await
        .unwrap();
    assert_eq!(
        seen[0].history.len(),
        1,
        "the check-in is on the caseload through the other server"
    );

    // Both servers write the audit trail at once: it stays one chain, in one order.
    let mut writers = Vec::new();
    for n in 0..40 {
        let store: Arc<dyn Store> = if n % 2 == 0 {
            w.store.clone()
        } else {
            other.clone()
        };
        writers.push(tokio::spawn(async move {
            store
                .audit(&Audited::new(
                    format!("therapist:{}", 1 + n % 2),
                    "read.caseload",
                    "caseload",
                    now_ms(),
                ))
                .await
                .unwrap();
        }));
    }
    for t in writers {
        t.await.unwrap();
    }
    let head = w
        .store
        .verify_audit(None)
        .await
        .unwrap()
        .expect("an intact chain");
    assert!(head.entries >= 40, "{} entries", head.entries);
    assert!(other.verify_audit(None).await.unwrap().is_ok());
}

#[tokio::test]
async fn the_audit_trail_cannot_be_edited_and_an_edit_made_around_the_rule_is_caught() {
    let w = world().await;
    let Some(url) = postgres(&w) else { return };
    w.store
        .audit(&Audited::new(
            "therapist:1",
            "read.caseload",
            "caseload",
            now_ms(),
        ))
        .await
        .unwrap();
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    for refused in [
        "UPDATE audit SET action = 'nothing'",
        "DELETE FROM audit",
        "TRUNCATE audit",
    ] {
        let e = sqlx::query(refused).execute(&pool).await.unwrap_err();
        assert!(e.to_string().contains("append-only"), "{refused}: {e}");
    }
    // Someone with the database's owner rights turns the rule off and edits an entry:
    // the keyed chain no longer verifies.
    sqlx::query("ALTER TABLE audit DISABLE TRIGGER audit_no_update")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit SET action = 'export.csv' WHERE seq = (SELECT MAX(seq) FROM audit)")
        .execute(&pool)
        .await
        .unwrap();
    let broken = w.store.verify_audit(None).await.unwrap().unwrap_err();
    assert!(broken.contains("entry"), "{broken}");
}

#[tokio::test]
async fn a_server_with_another_audit_key_refuses_to_start() {
    let w = world().await;
    let Some(url) = postgres(&w) else { return };
    let dir = tempfile::tempdir().unwrap();
    // No key file at all: the trail is signed, so none is made over it.
    let missing = dir.path().join("missing.audit-key");
    let refused = PgStore::open(&url, &missing).await.err().expect("refused");
    assert!(format!("{refused:#}").contains("is missing"), "{refused:#}");
    // A key file of another key (another database's, or made by hand).
    let stranger = dir.path().join("other.audit-key");
    std::fs::write(&stranger, format!("{}\nfrom 1\n", "ab".repeat(32))).unwrap();
    let refused = PgStore::open(&url, &stranger).await.err().expect("refused");
    assert!(
        format!("{refused:#}").contains("same key file"),
        "{refused:#}"
    );
    // The same key file (a copy, as on a second machine) is accepted.
    let copy = dir.path().join("copy.audit-key");
    std::fs::copy(&w.key_file, &copy).unwrap();
    let second = PgStore::open(&url, &copy).await.unwrap();
    assert!(second.verify_audit(None).await.unwrap().is_ok());
}

/// sqlx 0.9's `begin` is not cancel-safe on PostgreSQL: a request dropped after BEGIN
/// went out could hand its connection back inside a transaction, and what the next
/// caller wrote on it would be answered 2xx and never committed.
#[tokio::test]
async fn requests_abandoned_at_any_moment_never_leave_a_transaction_open_for_the_next() {
    let w = world().await;
    let Some(url) = postgres(&w) else { return };
    let phone = pair(&w.client_cookie(&w.link_a).await);
    let mut acknowledged = Vec::new();
    for round in 0..60u32 {
        // A therapist's change (a transaction) abandoned after a few microseconds…
        let body = serde_json::json!({ "message": format!("door open {round}") });
        let cookie = w.therapist_cookie("one@example.org").await;
        let change = w.call(
            Method::PUT,
            "/therapist/door-open",
            Some(&cookie),
            Some(body),
        );
        let _ =
            tokio::time::timeout(Duration::from_micros(u64::from(round % 12) * 150), change).await;
        // …then a check-in, which must be committed when it is answered.
        let id = format!("00000000-0000-4000-8000-{round:012}");
        let r = w
            .call(
                Method::POST,
                "/client/responses",
                Some(&phone),
                Some(checkin(&id, 3, "")),
            )
            .await;
        if r.status == StatusCode::CREATED {
            acknowledged.push(id);
        }
    }
    assert!(
        acknowledged.len() >= 55,
        "{} of 60 stored",
        acknowledged.len()
    );
    // Read from a connection of its own: only committed rows are seen.
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let stored: Vec<(String,)> = sqlx::query_as("SELECT id FROM responses")
        .fetch_all(&pool)
        .await
        .unwrap();
    let stored: std::collections::HashSet<String> = stored.into_iter().map(|(id,)| id).collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !stored.contains(*id))
        .collect();
    assert!(lost.is_empty(), "acknowledged but not committed: {lost:?}");
}

/// A server of its own on the world's database: its own router, state and memory.
fn second_server(store: Arc<dyn Store>, phone_limit: u32) -> axum::Router {
    let state = ajar_server::app::AppState::new(store, false).limiting_phones(phone_limit);
    ajar_server::app::router(state, None)
}

async fn post(
    app: &axum::Router,
    path: &str,
    cookie: Option<&str>,
    body: serde_json::Value,
) -> StatusCode {
    let mut req = axum::http::Request::post(format!("/api/v1{path}"))
        .header("x-ajar-csrf", "1")
        .header("content-type", "application/json");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    common::send(
        app,
        req.body(axum::body::Body::from(body.to_string())).unwrap(),
    )
    .await
    .status
}

#[tokio::test]
async fn failed_sign_ins_spread_over_two_servers_are_counted_together() {
    let w = world().await;
    let Some(_) = postgres(&w) else { return };
    let (one, two) = (
        second_server(w.store.clone(), 1_000_000),
        second_server(w.reopen().await, 1_000_000),
    );
    let wrong = serde_json::json!({ "email": "one@example.org", "password": "not the password" });
    // Five wrong passwords, three through one server and two through the other: the
    // account's free failures are used up on both.
    for app in [&one, &two, &one, &two, &one] {
        assert_eq!(
            post(app, "/therapist/session", None, wrong.clone()).await,
            StatusCode::UNAUTHORIZED
        );
    }
    // Each server alone has seen three or two; together five: the next try waits, on both.
    assert_eq!(
        post(&two, "/therapist/session", None, wrong.clone()).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        post(&one, "/therapist/session", None, wrong).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn a_phones_requests_through_two_servers_count_against_one_limit() {
    let w = world().await;
    let Some(_) = postgres(&w) else { return };
    let (one, two) = (
        second_server(w.store.clone(), 5),
        second_server(w.reopen().await, 5),
    );
    let phone = pair(&w.client_cookie(&w.link_a).await);
    let home = |app: &axum::Router| {
        let req = axum::http::Request::get("/api/v1/client/home")
            .header("cookie", phone.clone())
            .body(axum::body::Body::empty())
            .unwrap();
        let app = app.clone();
        async move { common::send(&app, req).await.status }
    };
    // Not across a minute's turn, when the counts start again.
    let into_minute = now_ms().rem_euclid(60_000);
    if into_minute > 55_000 {
        tokio::time::sleep(Duration::from_millis((60_100 - into_minute) as u64)).await;
    }
    // Five a minute for this phone: three through one server, two through the other…
    let mut statuses = Vec::new();
    for app in [&one, &two, &one, &two, &one, &two] {
        statuses.push(home(app).await);
    }
    // …and the sixth, wherever it goes, waits.
    assert_eq!(&statuses[..5], &[StatusCode::OK; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
}
