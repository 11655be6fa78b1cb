//! The ending flow through the API: requests, their transitions (valid and not), closing
//! therapy, the door-open message, starting again, and who may touch what.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{Value, json};

const REQ: &str = "11111111-1111-4111-8111-111111111111";
const REQ2: &str = "22222222-2222-4222-8222-222222222222";

fn final_session(id: &str) -> Value {
    json!({
        "id": id, "wish": "final-session", "reasons": ["feeling-better", "cost"],
        "message": "  Thank you for everything. ", "preferred_times": "Tuesday evenings"
    })
}

struct Parties {
    a: String,
    b: String,
    t1: String,
    t2: String,
}

async fn parties(w: &World) -> Parties {
    Parties {
        a: pair(&w.client_cookie(&w.link_a).await),
        b: pair(&w.client_cookie(&w.link_b).await),
        t1: pair(&w.therapist_cookie("one@example.org").await),
        t2: pair(&w.therapist_cookie("two@example.org").await),
    }
}

async fn status_of(w: &World, client: &str) -> Value {
    let home = w
        .call(Method::GET, "/client/home", Some(client), None)
        .await;
    home.body["requests"][0]["status"].clone()
}

#[tokio::test]
async fn a_request_goes_sent_seen_answered_and_the_client_sees_each_step() {
    let w = world().await;
    let p = parties(&w).await;
    let r = w
        .call(
            Method::POST,
            "/client/requests",
            Some(&p.a),
            Some(final_session(REQ)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["status"], "sent");
    assert_eq!(r.body["message"], "Thank you for everything.");
    // Sent again (a retry): the same request, not a second one.
    let again = w
        .call(
            Method::POST,
            "/client/requests",
            Some(&p.a),
            Some(final_session(REQ)),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let mut different = final_session(REQ);
    different["wish"] = json!("break");
    let clash = w
        .call(
            Method::POST,
            "/client/requests",
            Some(&p.a),
            Some(different),
        )
        .await;
    assert_eq!(clash.status, StatusCode::CONFLICT);

    // The therapist sees it at the top of the caseload, with the client's words.
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&p.t1), None)
        .await;
    let open = &caseload.body[0]["open_requests"];
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["wish"], "final-session");
    assert_eq!(open[0]["reasons"], json!(["feeling-better", "cost"]));
    assert_eq!(open[0]["preferred_times"], "Tuesday evenings");

    let seen = w
        .call(
            Method::POST,
            &format!("/therapist/requests/{REQ}/seen"),
            Some(&p.t1),
            None,
        )
        .await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(status_of(&w, &p.a).await, "seen");

    let body =
        json!({ "reply": "Of course. Let's meet once more.", "proposed_time": "Tue 3 Dec, 18:00" });
    let replied = w
        .call(
            Method::POST,
            &format!("/therapist/requests/{REQ}/reply"),
            Some(&p.t1),
            Some(body),
        )
        .await;
    assert_eq!(replied.status, StatusCode::OK);
    let home = w.call(Method::GET, "/client/home", Some(&p.a), None).await;
    assert_eq!(home.body["requests"][0]["status"], "answered");
    assert_eq!(
        home.body["requests"][0]["reply"],
        "Of course. Let's meet once more."
    );
    assert_eq!(
        home.body["requests"][0]["proposed_time"],
        "Tue 3 Dec, 18:00"
    );
}

#[tokio::test]
async fn invalid_transitions_get_a_409_that_says_why() {
    let w = world().await;
    let p = parties(&w).await;
    w.call(
        Method::POST,
        "/client/requests",
        Some(&p.a),
        Some(final_session(REQ)),
    )
    .await;
    let seen = format!("/therapist/requests/{REQ}/seen");
    assert_eq!(
        w.call(Method::POST, &seen, Some(&p.t1), None).await.status,
        StatusCode::OK
    );
    let twice = w.call(Method::POST, &seen, Some(&p.t1), None).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(
        twice.body["error"],
        "This request is seen and can no longer be marked as seen."
    );

    let withdraw = format!("/client/requests/{REQ}/withdraw");
    let w1 = w.call(Method::POST, &withdraw, Some(&p.a), None).await;
    assert_eq!(w1.status, StatusCode::OK);
    assert_eq!(w1.body["status"], "withdrawn");
    let w2 = w.call(Method::POST, &withdraw, Some(&p.a), None).await;
    assert_eq!(w2.status, StatusCode::CONFLICT);
    assert_eq!(
        w2.body["error"],
        "This request is withdrawn and can no longer be withdrawn."
    );
    let reply = json!({ "reply": "too late" });
    let r = w
        .call(
            Method::POST,
            &format!("/therapist/requests/{REQ}/reply"),
            Some(&p.t1),
            Some(reply),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(
        r.body["error"],
        "This request is withdrawn and can no longer be answered."
    );
}

#[tokio::test]
async fn nobody_else_can_see_or_change_a_request() {
    let w = world().await;
    let p = parties(&w).await;
    w.call(
        Method::POST,
        "/client/requests",
        Some(&p.a),
        Some(final_session(REQ)),
    )
    .await;
    let not_found = |r: &Reply| {
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);
        assert_eq!(r.body["error"], "There is no such request.");
    };
    // Client B and therapist 2 get the same answer as for a request that does not exist.
    not_found(
        &w.call(
            Method::POST,
            &format!("/client/requests/{REQ}/withdraw"),
            Some(&p.b),
            None,
        )
        .await,
    );
    for action in ["seen", "close"] {
        not_found(
            &w.call(
                Method::POST,
                &format!("/therapist/requests/{REQ}/{action}"),
                Some(&p.t2),
                None,
            )
            .await,
        );
    }
    let reply = json!({ "reply": "hello" });
    not_found(
        &w.call(
            Method::POST,
            &format!("/therapist/requests/{REQ}/reply"),
            Some(&p.t2),
            Some(reply),
        )
        .await,
    );
    not_found(
        &w.call(
            Method::POST,
            &format!("/therapist/requests/{REQ2}/seen"),
            Some(&p.t1),
            None,
        )
        .await,
    );
    not_found(
        &w.call(
            Method::POST,
            "/therapist/requests/not-a-uuid/seen",
            Some(&p.t1),
            None,
        )
        .await,
    );
    // B's home and therapist 2's caseload show nothing of it.
    let home_b = w.call(Method::GET, "/client/home", Some(&p.b), None).await;
    assert_eq!(home_b.body["requests"], json!([]));
    let caseload_2 = w
        .call(Method::GET, "/therapist/caseload", Some(&p.t2), None)
        .await;
    assert_eq!(caseload_2.body[0]["open_requests"], json!([]));
    // A therapist's session cannot act as the client, nor the client as a therapist.
    assert_eq!(
        w.call(
            Method::POST,
            &format!("/therapist/requests/{REQ}/seen"),
            Some(&p.a),
            None
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        w.call(
            Method::POST,
            &format!("/client/requests/{REQ}/withdraw"),
            Some(&p.t1),
            None
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    // Closing someone else's client's therapy is refused the same way.
    let close = json!({ "ending_type": "planned" });
    let r = w
        .call(
            Method::POST,
            &format!("/therapist/clients/{}/close", w.client_a.0),
            Some(&p.t2),
            Some(close),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.body["error"], "There is no such client.");
    assert_eq!(status_of(&w, &p.a).await, "sent", "nothing changed");
}

#[tokio::test]
async fn closing_therapy_records_the_ending_says_goodbye_and_leaves_the_door_open() {
    let w = world().await;
    let p = parties(&w).await;
    w.call(
        Method::POST,
        "/client/requests",
        Some(&p.a),
        Some(final_session(REQ)),
    )
    .await;
    let message = json!({ "message": "It was good to work with you. Come back any time." });
    let set = w
        .call(
            Method::PUT,
            "/therapist/door-open",
            Some(&p.t1),
            Some(message),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK);

    let close = json!({ "ending_type": "planned" });
    let r = w
        .call(
            Method::POST,
            &format!("/therapist/clients/{}/close", w.client_a.0),
            Some(&p.t1),
            Some(close),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    let home = w.call(Method::GET, "/client/home", Some(&p.a), None).await;
    assert_eq!(
        home.body["ended"]["message"],
        "It was good to work with you. Come back any time."
    );
    assert_eq!(
        home.body["requests"][0]["status"], "closed",
        "open requests close with therapy"
    );
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&p.t1), None)
        .await;
    assert_eq!(caseload.body[0]["ended"]["ending_type"], "planned");

    // After an ending only a request to start again makes sense, and it reaches the therapist.
    let late = w
        .call(
            Method::POST,
            "/client/requests",
            Some(&p.a),
            Some(final_session(REQ2)),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(
        late.body["error"],
        "Your therapy has ended. You can ask to start again instead."
    );
    let resume = json!({ "id": REQ2, "wish": "resume", "message": "Could we talk again?" });
    let r = w
        .call(Method::POST, "/client/requests", Some(&p.a), Some(resume))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&p.t1), None)
        .await;
    assert_eq!(caseload.body[0]["open_requests"][0]["wish"], "resume");

    let reopen = w
        .call(
            Method::POST,
            &format!("/therapist/clients/{}/reopen", w.client_a.0),
            Some(&p.t1),
            None,
        )
        .await;
    assert_eq!(reopen.status, StatusCode::NO_CONTENT);
    let home = w.call(Method::GET, "/client/home", Some(&p.a), None).await;
    assert_eq!(home.body["ended"], Value::Null);
    assert_eq!(home.body["requests"][0]["status"], "closed");
}

#[tokio::test]
async fn the_default_door_open_message_is_shipped_and_resume_needs_an_ending() {
    let w = world().await;
    let p = parties(&w).await;
    let d = w
        .call(Method::GET, "/therapist/door-open", Some(&p.t1), None)
        .await;
    assert!(
        d.body["message"]
            .as_str()
            .unwrap()
            .contains("the door is open")
    );
    let empty = w
        .call(
            Method::PUT,
            "/therapist/door-open",
            Some(&p.t1),
            Some(json!({ "message": "  " })),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let resume = json!({ "id": REQ, "wish": "resume" });
    let r = w
        .call(Method::POST, "/client/requests", Some(&p.a), Some(resume))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let bad_date = json!({ "id": REQ, "wish": "break", "check_back_on": "next spring" });
    let r = w
        .call(Method::POST, "/client/requests", Some(&p.a), Some(bad_date))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.body["error"],
        "check_back_on must be a date like 2026-12-31, got \"next spring\"."
    );
    let bad_type = json!({ "ending_type": "ghosted" });
    let r = w
        .call(
            Method::POST,
            &format!("/therapist/clients/{}/close", w.client_a.0),
            Some(&p.t1),
            Some(bad_type),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body["error"].as_str().unwrap().contains("ending_type"),
        "{:?}",
        r.body
    );
}

#[tokio::test]
async fn the_practice_crisis_text_reaches_only_its_own_clients() {
    let w = world().await;
    let p = parties(&w).await;
    let home = w.call(Method::GET, "/client/home", Some(&p.a), None).await;
    assert_eq!(
        home.body["crisis_text"],
        Value::Null,
        "the app's default until set"
    );
    let text = json!({ "message": "  Call 1737 (NZ), free, any time.  " });
    let set = w
        .call(
            Method::PUT,
            "/therapist/crisis-text",
            Some(&p.t1),
            Some(text),
        )
        .await;
    assert_eq!(set.body["message"], "Call 1737 (NZ), free, any time.");
    let home = w.call(Method::GET, "/client/home", Some(&p.a), None).await;
    assert_eq!(home.body["crisis_text"], "Call 1737 (NZ), free, any time.");
    let other = w.call(Method::GET, "/client/home", Some(&p.b), None).await;
    assert_eq!(
        other.body["crisis_text"],
        Value::Null,
        "therapist 2's client keeps the default"
    );
    w.call(
        Method::PUT,
        "/therapist/crisis-text",
        Some(&p.t1),
        Some(json!({ "message": "" })),
    )
    .await;
    let home = w.call(Method::GET, "/client/home", Some(&p.a), None).await;
    assert_eq!(
        home.body["crisis_text"],
        Value::Null,
        "empty returns to the default"
    );
}
