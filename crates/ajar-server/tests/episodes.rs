//! Episodes of care at the API: closing therapy ends one, starting again opens another
//! with its own baseline; neither loses the earlier episode's ending. The figures count
//! each episode once, recovery over finished ones only.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{Value, json};
use std::time::Duration;

async fn phq(w: &World, cookie: &str, n: u8, total: u8) {
    let id = format!("44444444-4444-4444-8444-{n:012}");
    // Answers adding up to `total`, item 9 at 0 (no risk flag to get in the way).
    let answers =
        ajar_core::instruments::answers_totalling(&ajar_core::instruments::PHQ9, total, Some(0));
    let body = json!({ "id": id, "instrument": "phq-9", "version": 1, "answers": answers });
    let r = w
        .call(Method::POST, "/client/responses", Some(cookie), Some(body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // Responses and episode starts never share a millisecond in this test.
    tokio::time::sleep(Duration::from_millis(5)).await;
}

async fn therapist_post(w: &World, t: &str, what: &str, body: Option<Value>) {
    let r = w
        .call(
            Method::POST,
            &format!("/therapist/clients/{}/{what}", w.client_a.0),
            Some(t),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{what}: {:?}", r.body);
    tokio::time::sleep(Duration::from_millis(5)).await;
}

#[tokio::test]
async fn starting_again_opens_an_episode_with_its_own_baseline_and_keeps_the_old_ending() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    phq(&w, &a, 1, 18).await;
    phq(&w, &a, 2, 7).await;
    therapist_post(&w, &t1, "close", Some(json!({ "ending_type": "planned" }))).await;
    therapist_post(&w, &t1, "reopen", None).await;
    // Starting again while an episode goes on changes nothing.
    therapist_post(&w, &t1, "reopen", None).await;
    phq(&w, &a, 3, 14).await;

    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let mine = &caseload.body[0];
    let episodes = mine["episodes"].as_array().unwrap();
    assert_eq!(episodes.len(), 2, "{episodes:?}");
    assert_eq!(episodes[0]["ended"]["ending_type"], "planned");
    assert_eq!(episodes[1]["ended"], Value::Null);
    assert_eq!(mine["ended"], Value::Null);

    let f = w
        .call(Method::GET, "/therapist/figures", Some(&t1), None)
        .await;
    // The first episode (18 -> 7) is measured and finished; the second has one score.
    assert_eq!(f.body["measured_episodes"], 1);
    assert_eq!(f.body["reliably_improved"], 1);
    let r = &f.body["recovery"];
    assert_eq!(r["finished_measured"], 1);
    assert_eq!(r["at_caseness"], 1);
    assert_eq!(r["recovered"], 1);
    assert_eq!(r["reliably_recovered"], 1);
    assert_eq!(f.body["endings"]["planned"], 1);

    // Closing again ends the second episode; the first keeps its own ending.
    therapist_post(&w, &t1, "close", Some(json!({ "ending_type": "referred" }))).await;
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let episodes = caseload.body[0]["episodes"].as_array().unwrap().clone();
    assert_eq!(episodes[0]["ended"]["ending_type"], "planned");
    assert_eq!(episodes[1]["ended"]["ending_type"], "referred");
    let f = w
        .call(Method::GET, "/therapist/figures", Some(&t1), None)
        .await;
    assert_eq!(
        (
            f.body["endings"]["planned"].clone(),
            f.body["endings"]["referred"].clone()
        ),
        (json!(1), json!(1))
    );
    let home = w.call(Method::GET, "/client/home", Some(&a), None).await;
    assert!(home.body["ended"].is_object(), "the client sees the ending");
}

/// The caseload reads a window of each client's history; the new episode's baseline must
/// be in it even when it is neither the first response ever nor among the newest.
#[tokio::test]
async fn the_caseload_window_holds_the_new_episode_s_baseline() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    phq(&w, &a, 1, 8).await;
    therapist_post(&w, &t1, "close", Some(json!({ "ending_type": "planned" }))).await;
    therapist_post(&w, &t1, "reopen", None).await;
    // Baseline 8 of the new episode, then enough answers to push it out of the newest.
    phq(&w, &a, 2, 8).await;
    let newest = ajar_core::caseload::RULES_READ_NEWEST as u8 + 3;
    for n in 0..newest {
        phq(&w, &a, 10 + n, 13).await;
    }
    // 8 -> 13 is not reliable (6 is); 8 -> 14 would be.
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    assert_eq!(caseload.body[0]["alerts"], json!([]));
    phq(&w, &a, 99, 14).await;
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let reason = caseload.body[0]["alerts"][0]["reason"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(reason.starts_with("PHQ-9 up from 8 to 14"), "{reason}");
}
