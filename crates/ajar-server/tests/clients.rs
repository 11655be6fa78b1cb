//! Adding clients and managing their links through the API.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;

const ORIGIN: &str = "https://ajar.example.org";

fn token_of(link: &str) -> String {
    link.split("#t=").nth(1).unwrap().to_owned()
}

async fn exchange(w: &World, token: &str) -> StatusCode {
    w.call(
        Method::POST,
        "/client/session",
        None,
        Some(json!({ "token": token })),
    )
    .await
    .status
}

#[tokio::test]
async fn a_therapist_adds_a_client_and_gets_a_working_link_with_a_qr_code() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let r = w
        .call(
            Method::POST,
            "/therapist/clients",
            Some(&t1),
            Some(json!({ "label": "  R. ", "origin": ORIGIN })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["label"], "R.");
    let link = r.body["link"].as_str().unwrap();
    assert!(link.starts_with("https://ajar.example.org/c#t="), "{link}");
    assert!(
        r.body["qr_svg"].as_str().unwrap().contains("<svg"),
        "an SVG QR code"
    );
    assert_eq!(exchange(&w, &token_of(link)).await, StatusCode::OK);
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    assert!(
        caseload
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["label"] == "R.")
    );
}

#[tokio::test]
async fn a_new_link_replaces_the_old_and_a_revoked_link_stops_working() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let path = format!("/therapist/clients/{}/link", w.client_a.0);
    let fresh = w
        .call(
            Method::POST,
            &path,
            Some(&t1),
            Some(json!({ "origin": ORIGIN })),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::OK);
    assert_eq!(
        exchange(&w, w.link_a.expose()).await,
        StatusCode::NOT_FOUND,
        "the old link is dead"
    );
    let new_token = token_of(fresh.body["link"].as_str().unwrap());
    assert_eq!(exchange(&w, &new_token).await, StatusCode::OK);
    assert_eq!(
        w.call(Method::DELETE, &path, Some(&t1), None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(exchange(&w, &new_token).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_the_clients_own_therapist_manages_their_link_and_input_is_checked() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let t2 = pair(&w.therapist_cookie("two@example.org").await);
    let path = format!("/therapist/clients/{}/link", w.client_a.0);
    let r = w
        .call(
            Method::POST,
            &path,
            Some(&t2),
            Some(json!({ "origin": ORIGIN })),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        w.call(Method::DELETE, &path, Some(&t2), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        exchange(&w, w.link_a.expose()).await,
        StatusCode::OK,
        "A's link untouched"
    );
    let a = pair(&w.client_cookie(&w.link_a).await);
    assert_eq!(
        w.call(Method::DELETE, &path, Some(&a), None).await.status,
        StatusCode::UNAUTHORIZED
    );

    let empty = w
        .call(
            Method::POST,
            "/therapist/clients",
            Some(&t1),
            Some(json!({ "label": " ", "origin": ORIGIN })),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        empty.body["error"],
        "Please give the client a label: initials or a pseudonym are enough."
    );
    let bad = w
        .call(
            Method::POST,
            "/therapist/clients",
            Some(&t1),
            Some(json!({ "label": "X", "origin": "javascript:alert(1)" })),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
