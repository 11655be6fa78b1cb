//! A therapist's sessions end when they should: "sign out everywhere else", a changed
//! password (in the app or at the command line), a disabled account; expired sessions
//! are purged. Each says why to the browser that comes back.

mod common;

use ajar_server::auth::Token;
use ajar_server::clock::{DAY_MS, now_ms};
use ajar_server::store::{Audited, EndedBecause, SessionKind, SessionLookup, TherapistId};
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;

const ONE: &str = "one@example.org";

#[tokio::test]
async fn signing_out_everywhere_else_keeps_only_this_browser() {
    let w = world().await;
    let here = pair(&w.therapist_cookie(ONE).await);
    let laptop = pair(&w.therapist_cookie(ONE).await);
    let other_therapist = pair(&w.therapist_cookie("two@example.org").await);
    let listed = w
        .call_ok(Method::GET, "/therapist/sessions", Some(&here), None)
        .await;
    let devices = listed.body.as_array().unwrap();
    assert_eq!(devices.len(), 2, "{}", listed.body);
    assert_eq!(devices.iter().filter(|d| d["current"] == true).count(), 1);

    w.call_ok(Method::DELETE, "/therapist/sessions", Some(&here), None)
        .await;
    let gone = w
        .call(Method::GET, "/therapist/caseload", Some(&laptop), None)
        .await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    assert_eq!(gone.body["code"], "signed-out-everywhere");
    w.call_ok(Method::GET, "/therapist/caseload", Some(&here), None)
        .await;
    w.call_ok(
        Method::GET,
        "/therapist/caseload",
        Some(&other_therapist),
        None,
    )
    .await;
    let listed = w
        .call_ok(Method::GET, "/therapist/sessions", Some(&here), None)
        .await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn changing_the_password_needs_the_old_one_and_signs_out_the_others() {
    let w = world().await;
    let here = pair(&w.therapist_cookie(ONE).await);
    let laptop = pair(&w.therapist_cookie(ONE).await);
    let change =
        |current: &str, new: &str| json!({ "current_password": current, "new_password": new });
    let wrong = w
        .call(
            Method::POST,
            "/therapist/password",
            Some(&here),
            Some(change("guess", "a brand new password")),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let short = w
        .call(
            Method::POST,
            "/therapist/password",
            Some(&here),
            Some(change(PASSWORD, "short")),
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body["error"]
            .as_str()
            .unwrap()
            .contains("12 characters")
    );
    w.call_ok(
        Method::POST,
        "/therapist/password",
        Some(&here),
        Some(change(PASSWORD, "a brand new password")),
    )
    .await;
    let other = w
        .call(Method::GET, "/therapist/caseload", Some(&laptop), None)
        .await;
    assert_eq!(other.body["code"], "password-changed");
    w.call_ok(Method::GET, "/therapist/caseload", Some(&here), None)
        .await;
    let old = w
        .call(
            Method::POST,
            "/therapist/session",
            None,
            Some(json!({ "email": ONE, "password": PASSWORD })),
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = w
        .call(
            Method::POST,
            "/therapist/session",
            None,
            Some(json!({ "email": ONE, "password": "a brand new password" })),
        )
        .await;
    assert_eq!(new.status, StatusCode::OK);
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_and_its_sessions_end() {
    let w = world().await;
    let open = pair(&w.therapist_cookie(ONE).await);
    let audit = Audited::new("cli", "account.disabled", "", now_ms());
    w.store
        .set_therapist_disabled(ONE, true, &audit)
        .await
        .unwrap()
        .unwrap();
    let ended = w
        .call(Method::GET, "/therapist/caseload", Some(&open), None)
        .await;
    assert_eq!(ended.body["code"], "account-disabled");
    let again = w
        .call(
            Method::POST,
            "/therapist/session",
            None,
            Some(json!({ "email": ONE, "password": PASSWORD })),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(again.body["code"], "account-disabled");
    let audit = Audited::new("cli", "account.enabled", "", now_ms());
    w.store
        .set_therapist_disabled(ONE, false, &audit)
        .await
        .unwrap()
        .unwrap();
    w.therapist_cookie(ONE).await;
}

#[tokio::test]
async fn expired_sessions_are_purged_and_ended_ones_say_why_until_then() {
    let w = world().await;
    let (old, live) = (Token::generate(), Token::generate());
    let t0 = now_ms() - 200 * DAY_MS;
    for (token, at) in [(&old, t0), (&live, now_ms())] {
        w.store
            .create_session(
                &token.hash(),
                SessionKind::Therapist,
                1,
                at,
                at + DAY_MS,
                None,
            )
            .await
            .unwrap();
    }
    let ended = Token::generate();
    w.store
        .create_session(
            &ended.hash(),
            SessionKind::Therapist,
            1,
            now_ms(),
            now_ms() + DAY_MS,
            None,
        )
        .await
        .unwrap();
    w.store
        .end_other_sessions(
            TherapistId(1),
            &live.hash(),
            &Audited::new("test", "sessions.ended-others", "", now_ms()),
        )
        .await
        .unwrap();
    assert_eq!(
        w.store.purge_expired_sessions(now_ms()).await.unwrap(),
        1,
        "only the expired one"
    );
    let store = w.store.clone();
    let look = |t: &Token| {
        let (store, hash) = (store.clone(), t.hash());
        async move {
            store
                .session_subject(&hash, SessionKind::Therapist, now_ms(), None)
                .await
                .unwrap()
        }
    };
    assert_eq!(look(&old).await, SessionLookup::Missing);
    assert_eq!(look(&live).await, SessionLookup::Live(1), "the one kept");
    assert_eq!(
        look(&ended).await,
        SessionLookup::Ended(EndedBecause::SignedOutEverywhere)
    );
}
