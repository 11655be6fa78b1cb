//! Each check-in carries when the client finished it on the phone. The server keeps it
//! beside the time it arrived, clamped (never after arrival, never before the client was
//! added), and what a person reads uses it: an answer written on Monday and sent on
//! Friday is Monday's in the caseload, its alerts and the exports.

mod common;

use ajar_core::due::DAY_MS;
use ajar_server::auth::Token;
use ajar_server::clock::now_ms;
use ajar_server::store::{Audited, TherapistId};
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{Value, json};

fn weekly(id: &str, answered_at: Option<i64>) -> Value {
    let mut body = json!({
        "id": id, "instrument": "ajar-between", "version": 1,
        "answers": { "since": 6, "helping": 0, "next": 0 },
    });
    if let Some(at) = answered_at {
        body["answered_at_ms"] = json!(at);
    }
    body
}

#[tokio::test]
async fn the_answered_time_is_kept_clamped_and_used() {
    let w = world().await;
    let added = now_ms() - 30 * DAY_MS;
    let link = Token::generate();
    w.store
        .add_client(
            TherapistId(1),
            "Kim",
            &link.hash(),
            added,
            &Audited::new("test", "client.add", "", added),
        )
        .await
        .unwrap();
    let kim = pair(&w.client_cookie(&link).await);
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let cases = [
        // (id, answered_at sent, what must be stored: None = the time it arrived)
        (
            "a0000000-0000-4000-8000-000000000001",
            Some(now_ms() - 20 * DAY_MS),
            Some(now_ms() - 20 * DAY_MS),
        ),
        (
            "a0000000-0000-4000-8000-000000000002",
            Some(now_ms() + 5 * DAY_MS),
            None,
        ),
        ("a0000000-0000-4000-8000-000000000003", Some(0), Some(added)),
        ("a0000000-0000-4000-8000-000000000004", None, None),
    ];
    for (id, sent, _) in cases {
        let r = w
            .call(
                Method::POST,
                "/client/responses",
                Some(&kim),
                Some(weekly(id, sent)),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    let detail = |id: i64| format!("/therapist/clients/{id}");
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let kim_id = caseload
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == "Kim")
        .unwrap()["client_id"]
        .as_i64()
        .unwrap();
    let d = w.call(Method::GET, &detail(kim_id), Some(&t1), None).await;
    let history = d.body["history"].as_array().unwrap().clone();
    assert_eq!(history.len(), 4);
    for (id, _, expected) in cases {
        let r = history.iter().find(|r| r["id"] == id).unwrap();
        let (answered, received) = (
            r["answered_at_ms"].as_i64().unwrap(),
            r["received_at_ms"].as_i64().unwrap(),
        );
        match expected {
            Some(at) => assert!((answered - at).abs() < 5_000, "{id}: {answered} vs {at}"),
            None => assert_eq!(answered, received, "{id}"),
        }
        assert!(answered <= received, "{id}: never after it arrived");
    }
    // The history reads in answered order: the one from 30 days ago (clamped) first.
    assert_eq!(history[0]["id"], cases[2].0);
    assert_eq!(history[1]["id"], cases[0].0);

    // Exports carry both times; FHIR's `authored` is the answered one.
    let (_, _, _, csv) = get_text(
        &w.app,
        &format!("/therapist/clients/{kim_id}/export.csv"),
        Some(&t1),
    )
    .await;
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let first = rows
        .iter()
        .find(|r| &r[at("response_id")] == cases[0].0)
        .unwrap();
    assert_ne!(&first[at("answered_at")], &first[at("received_at")]);
    let (_, _, _, fhir) = get_text(
        &w.app,
        &format!("/therapist/clients/{kim_id}/export.fhir.json"),
        Some(&t1),
    )
    .await;
    let bundle: Value = serde_json::from_str(&fhir).unwrap();
    let authored = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["id"] == cases[0].0)
        .unwrap()["resource"]["authored"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(authored, &first[at("answered_at")]);
}

/// A client whose latest answer was written 20 days ago is silent, however recently the
/// phone got round to sending it.
#[tokio::test]
async fn silence_counts_from_when_the_answer_was_written() {
    let w = world().await;
    let added = now_ms() - 60 * DAY_MS;
    let link = Token::generate();
    w.store
        .add_client(
            TherapistId(1),
            "Lee",
            &link.hash(),
            added,
            &Audited::new("test", "client.add", "", added),
        )
        .await
        .unwrap();
    let lee = pair(&w.client_cookie(&link).await);
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let body = weekly(
        "b0000000-0000-4000-8000-000000000001",
        Some(now_ms() - 20 * DAY_MS),
    );
    let r = w
        .call(Method::POST, "/client/responses", Some(&lee), Some(body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let row = caseload
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == "Lee")
        .unwrap()
        .clone();
    let reasons: Vec<&str> = row["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("no check-in for 20 days")),
        "{reasons:?}"
    );
}

/// A request carries when the client asked on the phone, clamped like a check-in's time,
/// and the caseload says when it was asked, not when the phone found signal.
#[tokio::test]
async fn a_request_is_dated_when_the_client_asked() {
    let w = world().await;
    let added = now_ms() - 40 * DAY_MS;
    let link = Token::generate();
    w.store
        .add_client(
            TherapistId(1),
            "Ash",
            &link.hash(),
            added,
            &Audited::new("test", "client.add", "", added),
        )
        .await
        .unwrap();
    let ash = pair(&w.client_cookie(&link).await);
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let ask = |id: &str, at: Option<i64>| {
        let mut body = json!({ "id": id, "wish": "talk-about-it" });
        if let Some(at) = at {
            body["answered_at_ms"] = json!(at);
        }
        body
    };
    // (id, answered_at sent, what must be stored: None = the time it arrived)
    let cases = [
        (
            "c0000000-0000-4000-8000-000000000001",
            Some(now_ms() - 10 * DAY_MS),
            Some(now_ms() - 10 * DAY_MS),
        ),
        (
            "c0000000-0000-4000-8000-000000000002",
            Some(now_ms() + 3 * DAY_MS),
            None,
        ),
        ("c0000000-0000-4000-8000-000000000003", Some(0), Some(added)),
        ("c0000000-0000-4000-8000-000000000004", None, None),
    ];
    for (id, sent, expected) in cases {
        let before = now_ms();
        let r = w
            .call(
                Method::POST,
                "/client/requests",
                Some(&ash),
                Some(ask(id, sent)),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let asked = r.body["created_at_ms"].as_i64().unwrap();
        match expected {
            Some(at) => assert!((asked - at).abs() < 5_000, "{id}: {asked} vs {at}"),
            None => assert!(asked >= before && asked <= now_ms(), "{id}: {asked}"),
        }
        // The retry of the same request is the same request, however it is dated.
        let again = w
            .call(
                Method::POST,
                "/client/requests",
                Some(&ash),
                Some(ask(id, None)),
            )
            .await;
        assert_eq!(again.status, StatusCode::OK, "{id}: {:?}", again.body);
        assert_eq!(again.body["created_at_ms"], r.body["created_at_ms"]);
    }
    // Only the newest open request is named: the ones sent just now. Close those, and the
    // one asked 10 days ago is said to be 10 days old.
    for (id, _, _) in [cases[1], cases[3]] {
        let r = w
            .call(
                Method::POST,
                &format!("/therapist/requests/{id}/close"),
                Some(&t1),
                Some(json!({})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let row = caseload
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == "Ash")
        .unwrap()
        .clone();
    let reasons: Vec<&str> = row["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains(": sent ") && r.ends_with("(10 days ago)")),
        "{reasons:?}"
    );
}
