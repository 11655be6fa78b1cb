//! A client's label as the therapist wrote it: too long is refused in words, never cut.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;

const ORIGIN: &str = "https://ajar.example.org";

async fn labels(w: &World, who: &str) -> Vec<String> {
    let listed = w
        .call(Method::GET, "/therapist/clients", Some(who), None)
        .await;
    listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_label_over_the_limit_is_refused_with_its_length_and_nothing_is_added() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let before = labels(&w, &t1).await;
    for long in ["x".repeat(5_000), "é".repeat(81)] {
        let r = w
            .call(
                Method::POST,
                "/therapist/clients",
                Some(&t1),
                Some(json!({ "label": long, "origin": ORIGIN })),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        let said = r.body["error"].as_str().unwrap();
        let n = long.chars().count();
        assert_eq!(
            said,
            format!(
                "A label is at most 80 characters; this one has {n}. Initials or a pseudonym are enough."
            )
        );
    }
    assert_eq!(
        labels(&w, &t1).await,
        before,
        "nothing was added, not even a cut label"
    );

    // 80 characters, in any script, is kept exactly as written.
    let longest = "ü".repeat(40) + &"W".repeat(40);
    let r = w
        .call(
            Method::POST,
            "/therapist/clients",
            Some(&t1),
            Some(json!({ "label": longest, "origin": ORIGIN })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert!(labels(&w, &t1).await.contains(&longest));
}
