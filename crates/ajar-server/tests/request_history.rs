//! What a client asked stays in view for their therapist after it is taken back or
//! closed, on the client's page; nobody else's therapist sees it.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;

const ASKED: &str = "33333333-3333-4333-8333-333333333333";
const THEN: &str = "44444444-4444-4444-8444-444444444444";

#[tokio::test]
async fn a_withdrawn_request_stays_on_the_client_page_as_withdrawn() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let t2 = pair(&w.therapist_cookie("two@example.org").await);
    let asked =
        json!({ "id": ASKED, "wish": "break", "reasons": [], "message": "I need some time." });
    let r = w
        .call(Method::POST, "/client/requests", Some(&a), Some(asked))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = w
        .call(
            Method::POST,
            &format!("/client/requests/{ASKED}/withdraw"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let then = json!({ "id": THEN, "wish": "talk-about-it", "reasons": [], "message": "" });
    let r = w
        .call(Method::POST, "/client/requests", Some(&a), Some(then))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);

    let page = format!("/therapist/clients/{}", w.client_a.0);
    let detail = w.call(Method::GET, &page, Some(&t1), None).await;
    assert_eq!(detail.status, StatusCode::OK, "{:?}", detail.body);
    let requests = detail.body["requests"].as_array().expect("requests");
    let seen: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [(THEN, "sent"), (ASKED, "withdrawn")],
        "newest first, withdrawn kept"
    );
    assert_eq!(requests[1]["message"], "I need some time.");
    // The caseload shows open requests only: the withdrawn one is not asking anything.
    let row = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client_id"] == w.client_a.0)
        .cloned()
        .unwrap();
    let open: Vec<&str> = row["open_requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(open, [THEN]);

    // Another therapist learns nothing, not even that the client exists.
    let other = w.call(Method::GET, &page, Some(&t2), None).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert!(!other.body.to_string().contains("I need some time."));
}
