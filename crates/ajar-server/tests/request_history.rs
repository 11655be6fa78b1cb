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

#[tokio::test]
async fn the_client_answers_a_proposed_time_and_the_request_is_new_again() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let b = pair(&w.client_cookie(&w.link_b).await);
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let asked = json!({ "id": ASKED, "wish": "final-session", "reasons": [], "message": "" });
    let r = w
        .call(Method::POST, "/client/requests", Some(&a), Some(asked))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let time = format!("/client/requests/{ASKED}/time");
    let suits = json!({ "answer": "suits", "suggestion": "" });

    // Nothing proposed yet: nothing to answer.
    let early = w
        .call(Method::POST, &time, Some(&a), Some(suits.clone()))
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{:?}", early.body);
    assert_eq!(
        early.body["error"],
        "There is no new time from your therapist to answer."
    );

    let reply = |when: &str| json!({ "reply": "Happy to.", "proposed_time": when });
    let path = format!("/therapist/requests/{ASKED}/reply");
    let r = w
        .call(Method::POST, &path, Some(&t1), Some(reply("Tue 18:00")))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    // "Another time" must say which; what it says is kept, trimmed.
    let vague = json!({ "answer": "another", "suggestion": "   " });
    let r = w.call(Method::POST, &time, Some(&a), Some(vague)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.body["error"],
        "Please say which times would suit you instead."
    );
    // Another client cannot answer for them.
    let other = json!({ "answer": "another", "suggestion": "Never" });
    let r = w.call(Method::POST, &time, Some(&b), Some(other)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let another = json!({ "answer": "another", "suggestion": " Thursday mornings " });
    let r = w.call(Method::POST, &time, Some(&a), Some(another)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "sent", "new for the therapist to read");
    assert_eq!(r.body["time_answer"], "another");
    assert_eq!(r.body["time_suggestion"], "Thursday mornings");

    // The therapist sees it on the caseload, as an open request with the answer.
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let open = caseload
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client_id"] == w.client_a.0)
        .unwrap()["open_requests"][0]
        .clone();
    assert_eq!(
        (
            open["time_answer"].as_str(),
            open["time_suggestion"].as_str()
        ),
        (Some("another"), Some("Thursday mornings"))
    );

    // A new time clears the old answer; "suits" then answers the new one.
    let r = w
        .call(Method::POST, &path, Some(&t1), Some(reply("Thu 9:00")))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["time_answer"], serde_json::Value::Null);
    assert_eq!(r.body["time_suggestion"], serde_json::Value::Null);
    let r = w.call(Method::POST, &time, Some(&a), Some(suits)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (
            r.body["time_answer"].as_str(),
            r.body["proposed_time"].as_str()
        ),
        (Some("suits"), Some("Thu 9:00"))
    );
    let home = w.call(Method::GET, "/client/home", Some(&a), None).await;
    assert_eq!(home.body["requests"][0]["time_answer"], "suits");
    // Answered twice (two tabs): the second is told, in words, that nothing waits.
    let r = w
        .call(
            Method::POST,
            &time,
            Some(&a),
            Some(json!({ "answer": "suits", "suggestion": "" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(
        r.body["error"],
        "There is no new time from your therapist to answer."
    );

    // A reply without a time keeps the time agreed, and the client's yes to it.
    let r = w
        .call(Method::POST, &path, Some(&t1), Some(reply("")))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (
            r.body["proposed_time"].as_str(),
            r.body["time_answer"].as_str()
        ),
        (Some("Thu 9:00"), Some("suits"))
    );
}

#[tokio::test]
async fn a_reply_that_proposes_no_time_has_no_time_to_answer() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let asked = json!({ "id": THEN, "wish": "talk-about-it", "reasons": [], "message": "" });
    let r = w
        .call(Method::POST, "/client/requests", Some(&a), Some(asked))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let reply = json!({ "reply": "Let's talk on Tuesday.", "proposed_time": "" });
    let r = w
        .call(
            Method::POST,
            &format!("/therapist/requests/{THEN}/reply"),
            Some(&t1),
            Some(reply),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let suits = json!({ "answer": "suits", "suggestion": "" });
    let r = w
        .call(
            Method::POST,
            &format!("/client/requests/{THEN}/time"),
            Some(&a),
            Some(suits),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(
        r.body["error"],
        "There is no new time from your therapist to answer."
    );
    assert_eq!(r.body.get("time_answer"), None);
}
