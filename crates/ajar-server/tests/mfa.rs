//! Two-step sign-in: set up with an authenticator app's code, asked at every sign-in
//! once on, a code never accepted twice, recovery codes used once, wrong codes counted
//! by the sign-in throttle, and `--require-mfa` holding a therapist to setting it up.

mod common;

use ajar_server::app::{AppState, router};
use ajar_server::clock::now_ms;
use ajar_server::mfa::code_at;
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{Value, json};

const ONE: &str = "one@example.org";

fn key_of(enrolment: &Value) -> Vec<u8> {
    let secret = enrolment["secret"].as_str().unwrap();
    totp_rs::Secret::try_from_base32(secret)
        .unwrap()
        .as_bytes()
        .to_vec()
}

async fn sign_in(w: &World, code: Option<&str>) -> Reply {
    let mut body = json!({ "email": ONE, "password": PASSWORD });
    if let Some(c) = code {
        body["code"] = json!(c);
    }
    w.call(Method::POST, "/therapist/session", None, Some(body))
        .await
}

/// Turns two-step sign-in on for therapist one; returns the key and recovery codes.
async fn enrol(w: &World, cookie: &str) -> (Vec<u8>, Vec<String>) {
    let begun = w
        .call_ok(Method::POST, "/therapist/mfa/totp", Some(cookie), None)
        .await;
    assert!(
        begun.body["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Ajar:")
    );
    assert!(begun.body["qr_svg"].as_str().unwrap().starts_with("<?xml"));
    let key = key_of(&begun.body);
    assert_eq!(key.len(), 20, "160 bits");
    let confirmed = w
        .call_ok(
            Method::POST,
            "/therapist/mfa/totp/confirm",
            Some(cookie),
            Some(json!({ "code": code_at(&key, now_ms()) })),
        )
        .await;
    let codes: Vec<String> = confirmed.body["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (key, codes)
}

#[tokio::test]
async fn once_on_every_sign_in_needs_a_fresh_code_and_none_works_twice() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie(ONE).await);
    let me = w
        .call_ok(Method::GET, "/therapist/me", Some(&t1), None)
        .await;
    assert_eq!(me.body["mfa"], false);
    let (key, _) = enrol(&w, &t1).await;
    let me = w
        .call_ok(Method::GET, "/therapist/me", Some(&t1), None)
        .await;
    assert_eq!(me.body["mfa"], true);

    let without = sign_in(&w, None).await;
    assert_eq!(without.status, StatusCode::UNAUTHORIZED);
    assert_eq!(without.body["code"], "mfa-required");
    assert!(
        without.cookie.is_none(),
        "no session without the second step"
    );
    // The code that confirmed the set-up was used: it cannot sign in.
    let replay = sign_in(&w, Some(&code_at(&key, now_ms()))).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED, "{}", replay.body);
    assert_eq!(replay.body["code"], "mfa-required");
    // The next step's code (the phone's clock a little ahead) is accepted, once.
    let next = code_at(&key, now_ms() + 30_000);
    let ok = sign_in(&w, Some(&next)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.cookie.is_some());
    assert_eq!(
        sign_in(&w, Some(&next)).await.status,
        StatusCode::UNAUTHORIZED
    );
    // A code from another key, or junk, is refused.
    let other = code_at(&ajar_server::mfa::new_key(), now_ms());
    assert_eq!(
        sign_in(&w, Some(&other)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&w, Some("'; DROP TABLE x")).await.status,
        StatusCode::UNAUTHORIZED
    );
    // A second set-up while it is on is refused: turn it off first.
    let again = w
        .call(Method::POST, "/therapist/mfa/totp", Some(&t1), None)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_same_code_sent_twice_at_once_signs_in_once() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie(ONE).await);
    let (key, _) = enrol(&w, &t1).await;
    let code = code_at(&key, now_ms() + 30_000);
    let (a, b) = tokio::join!(sign_in(&w, Some(&code)), sign_in(&w, Some(&code)));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 401]);
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_however_it_is_typed() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie(ONE).await);
    let (_, codes) = enrol(&w, &t1).await;
    let typed = codes[3].to_uppercase().replace('-', " ");
    assert_eq!(sign_in(&w, Some(&typed)).await.status, StatusCode::OK);
    let twice = sign_in(&w, Some(&codes[3])).await;
    assert_eq!(twice.status, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&w, Some(&codes[4])).await.status, StatusCode::OK);
    let trail = w
        .call_ok(Method::GET, "/therapist/audit", Some(&t1), None)
        .await;
    let actions: Vec<&str> = trail
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "mfa.recovery-code-used")
            .count(),
        2
    );
    assert!(
        actions.contains(&"mfa.on") && actions.contains(&"sign-in.failed-code"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn guessing_codes_meets_the_sign_in_limit() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie(ONE).await);
    enrol(&w, &t1).await;
    let mut statuses = Vec::new();
    for n in 0..12 {
        statuses.push(
            sign_in(&w, Some(&format!("{:06}", n)))
                .await
                .status
                .as_u16(),
        );
    }
    // Five wrong codes, then each try waits (the throttle's delay after five failures).
    assert!(statuses[..5].iter().all(|s| *s == 401), "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
}

#[tokio::test]
async fn turning_it_off_needs_the_password() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie(ONE).await);
    enrol(&w, &t1).await;
    let wrong = w
        .call(
            Method::DELETE,
            "/therapist/mfa",
            Some(&t1),
            Some(json!({ "password": "guess" })),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_eq!(
        sign_in(&w, None).await.status,
        StatusCode::UNAUTHORIZED,
        "still on"
    );
    w.call_ok(
        Method::DELETE,
        "/therapist/mfa",
        Some(&t1),
        Some(json!({ "password": PASSWORD })),
    )
    .await;
    assert_eq!(sign_in(&w, None).await.status, StatusCode::OK, "off");
}

#[tokio::test]
async fn a_server_that_requires_it_lets_a_therapist_only_set_it_up_first() {
    let mut strict = world().await;
    strict.app = router(
        AppState::new(strict.store.clone(), false).requiring_mfa(true),
        None,
    );
    let t1 = pair(&strict.therapist_cookie(ONE).await);
    let caseload = strict
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    assert_eq!(caseload.status, StatusCode::FORBIDDEN);
    assert_eq!(caseload.body["code"], "mfa-setup-required");
    let me = strict
        .call_ok(Method::GET, "/therapist/me", Some(&t1), None)
        .await;
    assert_eq!(
        (me.body["mfa"].clone(), me.body["mfa_required"].clone()),
        (json!(false), json!(true))
    );
    enrol(&strict, &t1).await;
    strict
        .call_ok(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let off = strict
        .call(
            Method::DELETE,
            "/therapist/mfa",
            Some(&t1),
            Some(json!({ "password": PASSWORD })),
        )
        .await;
    assert_eq!(
        off.status,
        StatusCode::FORBIDDEN,
        "it cannot be turned off here"
    );
}

#[tokio::test]
async fn signing_in_again_ends_the_session_the_browser_had() {
    let w = world().await;
    let first = pair(&w.therapist_cookie(ONE).await);
    let again = w
        .call(
            Method::POST,
            "/therapist/session",
            Some(&first),
            Some(json!({ "email": ONE, "password": PASSWORD })),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let second = pair(again.cookie.as_deref().unwrap());
    assert_eq!(
        w.call(Method::GET, "/therapist/me", Some(&first), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    w.call_ok(Method::GET, "/therapist/me", Some(&second), None)
        .await;
}
