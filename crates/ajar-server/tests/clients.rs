//! Adding clients and managing their links through the API.

mod common;

use ajar_server::auth::Token;
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

/// A phone signed in with a link is signed out the moment the link is renewed or revoked
/// (it could otherwise read replies and send answers for half a year), and says why.
#[tokio::test]
async fn renewing_or_revoking_a_link_signs_its_phones_out_and_says_why() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let path = format!("/therapist/clients/{}/link", w.client_a.0);
    let phone = pair(&w.client_cookie(&w.link_a).await);
    let second_phone = pair(&w.client_cookie(&w.link_a).await);
    let other_client = pair(&w.client_cookie(&w.link_b).await);
    let fresh = w
        .call_ok(
            Method::POST,
            &path,
            Some(&t1),
            Some(json!({ "origin": ORIGIN })),
        )
        .await;
    for cookie in [&phone, &second_phone] {
        let home = w
            .call(Method::GET, "/client/home", Some(cookie), None)
            .await;
        assert_eq!(home.status, StatusCode::UNAUTHORIZED);
        assert_eq!(home.body["code"], "link-changed");
        assert!(
            home.body["error"]
                .as_str()
                .unwrap()
                .contains("changed your personal link"),
            "{}",
            home.body
        );
        let sent = w
            .call(
                Method::POST,
                "/client/requests",
                Some(cookie),
                Some(json!({ "id": "d0000000-0000-4000-8000-000000000001", "wish": "break" })),
            )
            .await;
        assert_eq!(
            sent.status,
            StatusCode::UNAUTHORIZED,
            "no answer goes in either"
        );
    }
    let other = w
        .call(Method::GET, "/client/home", Some(&other_client), None)
        .await;
    assert_eq!(
        other.status,
        StatusCode::OK,
        "another client's phone is untouched"
    );

    // The new link signs in; revoking it signs that phone out too.
    let renewed = pair(
        &w.client_cookie(&Token::parse(&token_of(fresh.body["link"].as_str().unwrap())).unwrap())
            .await,
    );
    assert_eq!(
        w.call(Method::GET, "/client/home", Some(&renewed), None)
            .await
            .status,
        StatusCode::OK
    );
    w.call_ok(Method::DELETE, &path, Some(&t1), None).await;
    let after = w
        .call(Method::GET, "/client/home", Some(&renewed), None)
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.body["code"], "link-changed");
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

#[tokio::test]
async fn the_therapist_chooses_what_a_client_is_offered_and_the_phone_sees_it() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let a = pair(&w.client_cookie(&w.link_a).await);
    let home = w.call(Method::GET, "/client/home", Some(&a), None).await;
    assert_eq!(
        home.body["plan"],
        json!([
            { "instrument": "ajar-session", "every_days": null },
            { "instrument": "ajar-between", "every_days": 7 },
            { "instrument": "phq-9", "every_days": 14 },
            { "instrument": "gad-7", "every_days": 14 },
        ]),
        "a new client is offered the usual plan"
    );

    let path = format!("/therapist/clients/{}/plan", w.client_a.0);
    let plan = json!([
        { "instrument": "phq-9", "every_days": 28 },
        { "instrument": "ajar-session", "every_days": null },
    ]);
    let set = w.call(Method::PUT, &path, Some(&t1), Some(plan)).await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    let stored = json!([
        { "instrument": "ajar-session", "every_days": null },
        { "instrument": "phq-9", "every_days": 28 },
    ]);
    assert_eq!(set.body, stored);
    let home = w.call(Method::GET, "/client/home", Some(&a), None).await;
    assert_eq!(home.body["plan"], stored);
    let detail = w
        .call(
            Method::GET,
            &format!("/therapist/clients/{}", w.client_a.0),
            Some(&t1),
            None,
        )
        .await;
    assert_eq!(detail.body["summary"]["plan"], stored);

    // A check-in taken out of the plan but already answered on the phone still arrives.
    let sent = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&a),
            Some(json!({
                "id": "44444444-4444-4444-8444-444444444444",
                "instrument": "gad-7", "version": 1,
                "answers": { "gad7-1": 1, "gad7-2": 1, "gad7-3": 1, "gad7-4": 1, "gad7-5": 1, "gad7-6": 1, "gad7-7": 1 }
            })),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);

    for (refused, reason) in [
        (
            json!([{ "instrument": "gad-7", "every_days": 2 }]),
            "The GAD-7 can be offered every 7 to 91 days, not every 2.",
        ),
        (
            json!([{ "instrument": "ors", "every_days": 7 }]),
            "There is no check-in called \"ors\" to offer.",
        ),
    ] {
        let r = w.call(Method::PUT, &path, Some(&t1), Some(refused)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.body["error"], reason);
    }
    let home = w.call(Method::GET, "/client/home", Some(&a), None).await;
    assert_eq!(home.body["plan"], stored, "a refused plan changes nothing");
}

#[tokio::test]
async fn archiving_takes_a_client_off_the_caseload_and_signs_their_phone_out() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let a = pair(&w.client_cookie(&w.link_a).await);
    assert_eq!(
        w.call(
            Method::POST,
            "/client/responses",
            Some(&a),
            Some(checkin("55555555-5555-4555-8555-555555555555", 7, "")),
        )
        .await
        .status,
        StatusCode::CREATED
    );
    let id = w.client_a.0;
    let labels = |body: &serde_json::Value| -> Vec<String> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|c| c["label"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let archive = format!("/therapist/clients/{id}/archive");
    assert_eq!(
        w.call(Method::POST, &archive, Some(&t1), None).await.status,
        StatusCode::NO_CONTENT
    );
    let after = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    assert_eq!(labels(&after.body).len(), labels(&before.body).len() - 1);

    // The phone is signed out and the link is dead; nothing the client sends is stored
    // under an archived record without the therapist restoring it first.
    assert_eq!(
        w.call(Method::GET, "/client/home", Some(&a), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(exchange(&w, w.link_a.expose()).await, StatusCode::NOT_FOUND);
    let late = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&a),
            Some(checkin("66666666-6666-4666-8666-666666666666", 2, "")),
        )
        .await;
    assert_eq!(late.status, StatusCode::UNAUTHORIZED);

    // Still listed as archived, still readable and exported, with its answers.
    let list = w
        .call(Method::GET, "/therapist/clients", Some(&t1), None)
        .await;
    let listed = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client_id"] == id)
        .unwrap()
        .clone();
    let archived_at = listed["archived_at_ms"].as_i64().expect("archived date");
    let detail = w
        .call(
            Method::GET,
            &format!("/therapist/clients/{id}"),
            Some(&t1),
            None,
        )
        .await;
    assert_eq!(detail.status, StatusCode::OK);
    assert_eq!(detail.body["history"].as_array().unwrap().len(), 1);
    assert_eq!(detail.body["summary"]["archived_at_ms"], archived_at);
    let (_, _, _, csv) = get_text(&w.app, "/therapist/export.csv", Some(&t1)).await;
    assert!(csv.contains("55555555-5555-4555-8555-555555555555"));

    // No new link for an archived client until it is restored.
    let link = format!("/therapist/clients/{id}/link");
    let refused = w
        .call(
            Method::POST,
            &link,
            Some(&t1),
            Some(json!({ "origin": ORIGIN })),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        refused.body["error"],
        "This client is archived. Restore them first, then make a new link."
    );
    // Archiving again keeps the first date.
    assert_eq!(
        w.call(Method::POST, &archive, Some(&t1), None).await.status,
        StatusCode::NO_CONTENT
    );
    let list = w
        .call(Method::GET, "/therapist/clients", Some(&t1), None)
        .await;
    assert!(
        list.body
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["client_id"] == id && c["archived_at_ms"] == archived_at)
    );

    assert_eq!(
        w.call(
            Method::POST,
            &format!("/therapist/clients/{id}/restore"),
            Some(&t1),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    let back = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    assert_eq!(labels(&back.body), labels(&before.body));
    let fresh = w
        .call(
            Method::POST,
            &link,
            Some(&t1),
            Some(json!({ "origin": ORIGIN })),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::OK);
    assert_eq!(
        exchange(&w, &token_of(fresh.body["link"].as_str().unwrap())).await,
        StatusCode::OK
    );

    let actions = w.audit_actions(&t1).await;
    assert!(actions.iter().any(|a| a == "client.archive"), "{actions:?}");
    assert!(actions.iter().any(|a| a == "client.restore"), "{actions:?}");
}
