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
