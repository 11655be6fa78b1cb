//! A server that stays up under abuse: a burst of sign-ins cannot take every core.

mod common;

use axum::http::{Method, StatusCode};
use common::world;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_sign_ins_hashes_only_a_few_passwords_at_once() {
    let w = world().await;
    let limit = w.state.password_checks.limit();
    let attempts = (0..24).map(|i| {
        let w = &w;
        async move {
            let body =
                json!({ "email": format!("nobody{i}@example.org"), "password": "wrong password" });
            w.call(Method::POST, "/therapist/session", None, Some(body))
                .await
        }
    });
    let replies = futures::future::join_all(attempts).await;
    for r in &replies {
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::SERVICE_UNAVAILABLE].contains(&r.status),
            "{} {}",
            r.status,
            r.body
        );
        if r.status == StatusCode::SERVICE_UNAVAILABLE {
            assert!(r.body["error"].as_str().unwrap().contains("try again"));
        }
    }
    let peak = w.state.password_checks.peak();
    assert!(peak >= 1, "the burst was hashed at all");
    assert!(
        peak <= limit,
        "{peak} hashes ran at once; the bound is {limit}"
    );
}

/// 30 wrong passwords for one account sent at once: the account's delay starts after
/// five, because each attempt counts before its password is checked, not after.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_guesses_at_once_are_slowed_after_five() {
    let w = world().await;
    let attempts = (0..30).map(|_| {
        let w = &w;
        async move {
            let body = json!({ "email": "one@example.org", "password": "not the password" });
            w.call(Method::POST, "/therapist/session", None, Some(body))
                .await
        }
    });
    let started = std::time::Instant::now();
    let replies = futures::future::join_all(attempts).await;
    let count = |s: StatusCode| replies.iter().filter(|r| r.status == s).count();
    let (checked, busy, limited) = (
        count(StatusCode::UNAUTHORIZED),
        count(StatusCode::SERVICE_UNAVAILABLE),
        count(StatusCode::TOO_MANY_REQUESTS),
    );
    assert_eq!(checked + busy + limited, 30, "nothing else");
    assert!(
        checked <= ajar_server::throttle::FREE_FAILURES,
        "{checked} passwords were checked"
    );
    assert!(
        limited >= 30 - ajar_server::throttle::FREE_FAILURES - busy,
        "{limited} refused"
    );
    // And the account now waits a moment (1 s after its fifth failure), even with the
    // right password. The fifth failure counted after `started`, so a try within 1 s of
    // it must wait; on a machine so busy the burst took longer, the wait may be over,
    // but never before 1 s has passed.
    let right = json!({ "email": "one@example.org", "password": common::PASSWORD });
    let sent_after = started.elapsed();
    let r = w
        .call(Method::POST, "/therapist/session", None, Some(right))
        .await;
    if checked == ajar_server::throttle::FREE_FAILURES {
        if sent_after < std::time::Duration::from_secs(1) {
            assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        } else {
            assert!(
                r.status == StatusCode::TOO_MANY_REQUESTS || r.status == StatusCode::OK,
                "{}: {}",
                r.status,
                r.body
            );
        }
    }
}
