//! A request abandoned halfway (a laptop lid closed, a proxy giving up) must not leave
//! anything half done behind it. The loss this reproduces: an audited read cancelled
//! inside its transaction handed the connection back to the pool with the transaction
//! still open, and check-ins later written on that connection were answered 201 inside
//! a transaction that was never committed.

mod common;

use axum::http::{Method, StatusCode};
use common::{checkin, pair, world};
use std::time::Duration;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_request_never_costs_an_acknowledged_check_in() {
    let w = world().await;
    let phone = pair(&w.client_cookie(&w.link_a).await);
    let therapist = pair(&w.therapist_cookie("one@example.org").await);
    // An independent reader: it sees only what is committed.
    let reader = sqlx::SqlitePool::connect(&format!("sqlite://{}", w.db.display()))
        .await
        .unwrap();
    let mut acknowledged = 0;
    for round in 0u32..400 {
        // Abandoned after 0 to ~400 µs: somewhere in that window every audited read is
        // inside its transaction.
        let delay = Duration::from_micros(u64::from(round % 100) * 4);
        let _ = tokio::time::timeout(
            delay,
            w.call(Method::GET, "/therapist/caseload", Some(&therapist), None),
        )
        .await;
        let id = Uuid::from_u128(0x4000_8000_0000_0000_0000_0000_0000_0000 | u128::from(round))
            .to_string();
        let sent = tokio::time::timeout(
            Duration::from_secs(20),
            w.call(
                Method::POST,
                "/client/responses",
                Some(&phone),
                Some(checkin(&id, 5, "")),
            ),
        )
        .await
        .expect("a check-in is answered, not left hanging");
        if sent.status != StatusCode::CREATED {
            panic!(
                "round {round}: check-in answered {} {}",
                sent.status, sent.body
            );
        }
        acknowledged += 1;
        let (stored,): (i64,) = sqlx::query_as("SELECT count(*) FROM responses WHERE id = ?")
            .bind(&id)
            .fetch_one(&reader)
            .await
            .unwrap();
        assert_eq!(
            stored, 1,
            "round {round}: check-in {id} was acknowledged 201 but is not committed \
             ({acknowledged} acknowledged so far)"
        );
    }
}

/// The same at the store, without the router's run-to-completion task: an audit entry
/// dropped inside its transaction leaves no transaction open behind it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_audit_write_leaves_no_transaction_open() {
    use ajar_server::store::Audited;
    let w = world().await;
    let reader = sqlx::SqlitePool::connect(&format!("sqlite://{}", w.db.display()))
        .await
        .unwrap();
    for round in 0u32..400 {
        let delay = Duration::from_micros(u64::from(round % 100) * 4);
        let _ = tokio::time::timeout(
            delay,
            w.store.audit(&Audited::new("t:1", "read.caseload", "-", 0)),
        )
        .await;
        // A plain write on any pooled connection, then the independent reader checks
        // it was committed rather than swallowed by a transaction left open.
        w.store
            .set_crisis_text(
                ajar_server::store::TherapistId(1),
                Some(&format!("r{round}")),
                &Audited::new("t:1", "practice.crisis-text", "", 0),
            )
            .await
            .unwrap();
        let (text,): (Option<String>,) =
            sqlx::query_as("SELECT crisis_text FROM therapists WHERE id = 1")
                .fetch_one(&reader)
                .await
                .unwrap();
        assert_eq!(
            text.as_deref(),
            Some(format!("r{round}").as_str()),
            "round {round}"
        );
    }
}
