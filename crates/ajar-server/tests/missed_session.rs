//! "I missed my session" through the API: the client's choice of what next and their
//! reasons reach their therapist as an open request, at the top of the caseload with the
//! words of the choice; reasons keep the order they are offered in; the therapist's
//! reply reaches the client; and once therapy has ended the form is not the way back.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;

const REQ: &str = "44444444-4444-4444-8444-444444444444";

#[tokio::test]
async fn a_missed_session_reaches_the_therapist_as_an_open_request_that_needs_attention() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let missed = json!({
        "id": REQ, "wish": "missed-unsure",
        "reasons": ["hard-to-come", "forgot", "hard-to-come"],
        "message": "Sorry, I just couldn't face it.",
    });
    let r = w
        .call(Method::POST, "/client/requests", Some(&a), Some(missed))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["wish"], "missed-unsure");
    // Each once, in the order offered: "I forgot" before "It felt hard to come".
    assert_eq!(r.body["reasons"], json!(["forgot", "hard-to-come"]));

    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let first = &caseload.body[0];
    assert_eq!(first["label"], "A", "the client who missed comes first");
    assert_eq!(first["open_requests"][0]["wish"], "missed-unsure");
    let alert = &first["alerts"][0];
    assert_eq!(alert["kind"], "ending", "{alert}");
    let reason = alert["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("missed a session and is not sure they want to continue"),
        "{reason}"
    );

    let reply = json!({ "reply": "Thank you for telling me, it's okay to feel unsure.", "proposed_time": "" });
    w.call_ok(
        Method::POST,
        &format!("/therapist/requests/{REQ}/reply"),
        Some(&t1),
        Some(reply),
    )
    .await;
    let home = w.call(Method::GET, "/client/home", Some(&a), None).await;
    assert_eq!(home.body["requests"][0]["status"], "answered");
    assert_eq!(
        home.body["requests"][0]["reply"],
        "Thank you for telling me, it's okay to feel unsure."
    );
}

#[tokio::test]
async fn every_choice_after_a_missed_session_is_accepted_and_an_unknown_one_is_named() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    for (n, wish) in ["missed-rebook", "missed-break", "missed-unsure"]
        .iter()
        .enumerate()
    {
        let body = json!({
            "id": format!("55555555-5555-4555-8555-{n:012}"), "wish": wish,
            "reasons": ["unwell", "something-came-up"], "preferred_times": "Mornings",
        });
        let r = w
            .call(Method::POST, "/client/requests", Some(&a), Some(body))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{wish}: {}", r.body);
    }
    let unknown = json!({ "id": "55555555-5555-4555-8555-000000000009", "wish": "missed-maybe" });
    let r = w
        .call(Method::POST, "/client/requests", Some(&a), Some(unknown))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body["error"].as_str().unwrap().contains("wish"),
        "{}",
        r.body
    );
}
