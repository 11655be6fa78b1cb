//! A phone's tabs share one session cookie: an outbox item written for one client must
//! never be filed under another client whose link a second tab opened meanwhile.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Reply, World, checkin, pair, send, world};
use serde_json::{Value, json};

async fn phone_ref(w: &World, cookie: &str) -> String {
    let home = w
        .call_ok(Method::GET, "/client/home", Some(cookie), None)
        .await;
    home.body["phone_ref"].as_str().unwrap().to_owned()
}

/// A POST from the phone, saying whom the item was written for.
async fn post_for(w: &World, path: &str, cookie: &str, written_for: &str, body: Value) -> Reply {
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1{path}"))
        .header("x-ajar-csrf", "1")
        .header("x-ajar-client", written_for)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(&w.app, req).await
}

async fn stored(w: &World, cookie: &str) -> usize {
    let home = w
        .call_ok(Method::GET, "/client/home", Some(cookie), None)
        .await;
    home.body["recent"].as_array().unwrap().len()
}

#[tokio::test]
async fn an_item_written_for_another_client_is_refused_and_nothing_is_filed() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let b = pair(&w.client_cookie(&w.link_b).await);
    let (ref_a, ref_b) = (phone_ref(&w, &a).await, phone_ref(&w, &b).await);
    assert_ne!(ref_a, ref_b);

    let id = "7f61f002-da93-4c53-9abd-b6a8afd10be0";
    let r = post_for(&w, "/client/responses", &a, &ref_b, checkin(id, 3, "")).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["code"], "other-client");
    assert!(
        r.body["error"]
            .as_str()
            .unwrap()
            .contains("different personal link")
    );
    assert_eq!(stored(&w, &a).await, 0, "nothing filed under A");
    assert_eq!(
        stored(&w, &b).await,
        0,
        "nor under B, whose session did not send it"
    );

    let request = json!({ "id": "5d0c8a4e-55a2-4c3e-9a51-5b7a3c1d2e10", "wish": "final-session" });
    let r = post_for(&w, "/client/requests", &a, &ref_b, request.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["code"], "other-client");
    let home = w.call_ok(Method::GET, "/client/home", Some(&a), None).await;
    assert_eq!(home.body["requests"].as_array().unwrap().len(), 0);

    // Sent with the session it was written for, the same item goes.
    let r = post_for(&w, "/client/responses", &b, &ref_b, checkin(id, 3, "")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = post_for(&w, "/client/requests", &b, &ref_b, request).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(stored(&w, &b).await, 1);
    assert_eq!(stored(&w, &a).await, 0);
}

#[tokio::test]
async fn an_older_phone_that_does_not_say_whom_an_item_is_for_is_still_heard() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let id = "0b8a3f6e-3c1d-4e2f-8a9b-1c2d3e4f5a6b";
    let r = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&a),
            Some(checkin(id, 2, "")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(stored(&w, &a).await, 1);
}
