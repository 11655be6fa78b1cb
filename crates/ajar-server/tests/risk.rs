//! A risk answer stays on the caseload until a therapist acknowledges it: a later answer
//! at 0 closes nothing, the acknowledgement is audited, and nothing leaves the history.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{Value, json};

const FIRST: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const LATER: &str = "aaaaaaaa-0000-4000-8000-000000000002";

async fn row_of(w: &World, therapist: &str, client: i64) -> Value {
    let caseload = w
        .call_ok(Method::GET, "/therapist/caseload", Some(therapist), None)
        .await
        .body;
    caseload
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["client_id"] == client)
        .cloned()
        .expect("the client is on the caseload")
}

fn kinds(row: &Value) -> Vec<String> {
    row["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap().to_owned())
        .collect()
}

fn acknowledge(client: i64, response: &str) -> String {
    format!("/therapist/clients/{client}/risk/{response}/acknowledge")
}

#[tokio::test]
async fn a_risk_answer_stays_until_acknowledged_then_stays_in_the_history() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let t2 = pair(&w.therapist_cookie("two@example.org").await);
    let client = w.client_a.0;

    w.call_ok(
        Method::POST,
        "/client/responses",
        Some(&a),
        Some(phq9(FIRST, 1, 2)),
    )
    .await;
    let row = row_of(&w, &t1, client).await;
    assert_eq!(kinds(&row)[0], "risk");
    assert!(
        row["alerts"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("\"More than half the days\""),
        "{}",
        row["alerts"][0]
    );

    // The next PHQ-9 scores item 9 as 0: the flag is still open, still first.
    w.call_ok(
        Method::POST,
        "/client/responses",
        Some(&a),
        Some(phq9(LATER, 1, 0)),
    )
    .await;
    let row = row_of(&w, &t1, client).await;
    assert_eq!(kinds(&row)[0], "risk", "a later 0 must not close the flag");
    assert_eq!(row["risk_flags"].as_array().unwrap().len(), 1);
    assert_eq!(row["risk_flags"][0]["response_id"], FIRST);

    // Someone else's therapist, an unknown action, a note too long, a response that is
    // not a risk answer: refused, and the flag stays open.
    let ok = json!({ "action": "contacted-client", "note": "  Called; safe, seeing her Friday. " });
    let other = w
        .call(
            Method::POST,
            &acknowledge(client, FIRST),
            Some(&t2),
            Some(ok.clone()),
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let unknown = w
        .call(
            Method::POST,
            &acknowledge(client, FIRST),
            Some(&t1),
            Some(json!({ "action": "ignored" })),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.body["error"]
            .as_str()
            .unwrap()
            .starts_with("action:")
    );
    let long = w
        .call(
            Method::POST,
            &acknowledge(client, FIRST),
            Some(&t1),
            Some(json!({ "action": "contacted-client", "note": "x".repeat(2001) })),
        )
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    let not_risk = w
        .call(
            Method::POST,
            &acknowledge(client, LATER),
            Some(&t1),
            Some(ok.clone()),
        )
        .await;
    assert_eq!(not_risk.status, StatusCode::NOT_FOUND);
    assert_eq!(kinds(&row_of(&w, &t1, client).await)[0], "risk");

    // The therapist acknowledges it, twice at once: one stands, the other is told.
    let path = acknowledge(client, FIRST);
    let (x, y) = tokio::join!(
        w.call(Method::POST, &path, Some(&t1), Some(ok.clone())),
        w.call(Method::POST, &path, Some(&t1), Some(ok.clone())),
    );
    let mut statuses = [x.status, y.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::NO_CONTENT, StatusCode::CONFLICT]);

    let row = row_of(&w, &t1, client).await;
    assert!(!kinds(&row).contains(&"risk".to_owned()));
    assert!(row["risk_flags"].as_array().unwrap().is_empty());

    // The client's page keeps both responses and the flag, with what was done.
    let detail = w
        .call_ok(
            Method::GET,
            &format!("/therapist/clients/{client}"),
            Some(&t1),
            None,
        )
        .await
        .body;
    assert_eq!(detail["history"].as_array().unwrap().len(), 2);
    let flags = detail["risk_history"].as_array().unwrap();
    assert_eq!(flags.len(), 1);
    let ack = &flags[0]["acknowledged"];
    assert_eq!(ack["action"], "contacted-client");
    assert_eq!(ack["note"], "Called; safe, seeing her Friday.");
    assert_eq!(ack["by"], "Therapist One");
    assert!(
        w.audit_actions(&t1)
            .await
            .contains(&"risk.acknowledge.contacted-client".to_owned())
    );

    // A new risk answer opens a new flag.
    let third = "aaaaaaaa-0000-4000-8000-000000000003";
    w.call_ok(
        Method::POST,
        "/client/responses",
        Some(&a),
        Some(phq9(third, 0, 1)),
    )
    .await;
    let row = row_of(&w, &t1, client).await;
    assert_eq!(kinds(&row)[0], "risk");
    assert_eq!(row["risk_flags"][0]["response_id"], third);
}
