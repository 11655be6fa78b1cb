//! Reminders by web push, against a stand-in push service on this machine that decrypts
//! every message with the subscription's own keys (a browser's real push service cannot
//! be reached from a test machine): a reminder when a check-in has fallen due and not
//! otherwise, not at night in the client's time, once per check-in falling due, 410
//! dropping the subscription, a revoked link or a forgotten phone ending it, and nothing
//! in a message but the neutral words.

mod common;

use ajar_server::app::{AppState, router};
use ajar_server::auth::Token;
use ajar_server::reminders::{Round, Sender, Vapid, remind};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::*;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint;
use web_push_native::{Auth, p256};

const DAY: i64 = 24 * 3600 * 1000;
const HOUR: i64 = 3600 * 1000;

/// What the stand-in received: the path's id, the headers, the encrypted body.
type Inbox = Arc<Mutex<Vec<(String, HeaderMap, Vec<u8>)>>>;

/// A push service on a loopback port: 201 for every message, 410 for the id `gone`.
async fn push_service() -> (String, Inbox) {
    let inbox: Inbox = Arc::default();
    let app = axum::Router::new()
        .route(
            "/push/{id}",
            axum::routing::post(
                |State(inbox): State<Inbox>,
                 Path(id): Path<String>,
                 headers: HeaderMap,
                 body: axum::body::Bytes| async move {
                    let gone = id == "gone";
                    inbox.lock().unwrap().push((id, headers, body.to_vec()));
                    if gone {
                        StatusCode::GONE
                    } else {
                        StatusCode::CREATED
                    }
                },
            ),
        )
        .with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, inbox)
}

/// The world, with its router accepting endpoints of a stand-in push service; the
/// service's base URL and what it receives.
async fn world_with_push_service() -> (World, String, Inbox) {
    let mut w = world().await;
    let (base, inbox) = push_service().await;
    w.app = router(
        AppState::new(w.store.clone(), false)
            .limiting_phones(1_000_000)
            .with_test_push_service(Some(base.clone())),
        None,
    );
    (w, base, inbox)
}

/// The server's sender as `serve` makes it, for a practice whose hour is 18:00.
async fn practice_sender(w: &World, now_ms: i64) -> Sender {
    Sender::new(
        Vapid::of(w.store.as_ref(), now_ms).await.unwrap(),
        "mailto:practice@example.org".into(),
        18,
    )
    .unwrap()
}

/// A phone's side of a subscription: its private key and authentication secret.
struct Phone {
    secret: p256::SecretKey,
    auth: [u8; 16],
}

impl Phone {
    fn new() -> Self {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).unwrap();
        let mut auth = [0u8; 16];
        getrandom::fill(&mut auth).unwrap();
        Self {
            secret: p256::SecretKey::from_slice(&bytes).unwrap(),
            auth,
        }
    }

    fn subscription(&self, endpoint: &str, utc_offset_minutes: i64) -> Value {
        let public = self.secret.public_key().to_encoded_point(false);
        json!({
            "endpoint": endpoint,
            "p256dh": URL_SAFE_NO_PAD.encode(public.as_bytes()),
            "auth": URL_SAFE_NO_PAD.encode(self.auth),
            "utc_offset_minutes": utc_offset_minutes,
        })
    }

    fn read(&self, body: &[u8]) -> Value {
        let plain = web_push_native::decrypt(
            body.to_vec(),
            &self.secret,
            &Auth::clone_from_slice(&self.auth),
        )
        .expect("the message decrypts with the subscription's keys");
        serde_json::from_slice(&plain).unwrap()
    }
}

/// The offset from UTC at which `at_ms` is `hour`:00 (and a bit) in the client's day.
fn offset_for_local_hour(at_ms: i64, hour: i64) -> i64 {
    let utc_minutes = at_ms.rem_euclid(DAY) / 60_000;
    let mut offset = (hour * 60 - utc_minutes).rem_euclid(24 * 60);
    if offset > 14 * 60 {
        offset -= 24 * 60;
    }
    offset
}

fn session_hash(cookie: &str) -> ajar_server::auth::TokenHash {
    Token::parse(cookie.split_once('=').unwrap().1)
        .unwrap()
        .hash()
}

#[tokio::test]
async fn a_phone_is_reminded_once_when_a_check_in_falls_due_and_never_at_night() {
    let (w, base, inbox) = world_with_push_service().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let plan = json!([
        { "instrument": "phq-9", "every_days": 14 },
        { "instrument": "gad-7", "every_days": 28 },
    ]);
    let path = format!("/therapist/clients/{}/plan", w.client_a.0);
    w.call_ok(Method::PUT, &path, Some(&t1), Some(plan)).await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let sent_at = ajar_server::clock::now_ms();
    w.call_ok(
        Method::POST,
        "/client/responses",
        Some(&a),
        Some(phq9(ID, 1, 0)),
    )
    .await;
    let mut gad7 = serde_json::Map::new();
    for i in 1..=7 {
        gad7.insert(format!("gad7-{i}"), json!(1));
    }
    let gad7 = json!({ "id": "7a1c1b38-1f05-4b5e-9d3c-6c0ad1c1a0b3", "instrument": "gad-7",
                       "version": 1, "answers": gad7 });
    w.call_ok(Method::POST, "/client/responses", Some(&a), Some(gad7))
        .await;

    let off = w
        .call(Method::GET, "/client/reminders", Some(&a), None)
        .await;
    assert_eq!(off.status, StatusCode::OK);
    assert_eq!(off.body["on"], false);
    let public_key = off.body["public_key"].as_str().unwrap().to_owned();
    assert_eq!(URL_SAFE_NO_PAD.decode(&public_key).unwrap().len(), 65);

    let phone = Phone::new();
    let endpoint = format!("{base}push/a");
    let phq9_due = sent_at + 15 * DAY;
    let night = offset_for_local_hour(phq9_due, 23);
    let evening = offset_for_local_hour(phq9_due, 19);
    let put = |offset| {
        w.call(
            Method::PUT,
            "/client/reminders",
            Some(&a),
            Some(phone.subscription(&endpoint, offset)),
        )
    };
    assert_eq!(put(night).await.status, StatusCode::NO_CONTENT);
    let on = w
        .call(Method::GET, "/client/reminders", Some(&a), None)
        .await;
    assert_eq!(on.body["on"], true);

    let sender = practice_sender(&w, sent_at).await;
    let round = |at| remind(w.store.as_ref(), &sender, at);
    let one = Round {
        sent: 1,
        ..Round::default()
    };

    // Nothing due yet, at a good hour.
    let before_due = sent_at + DAY + (phq9_due - sent_at) % DAY;
    assert_eq!(round(before_due).await.unwrap(), Round::default());
    // Due, but 23:00 where the client is.
    assert_eq!(round(phq9_due).await.unwrap(), Round::default());
    assert!(inbox.lock().unwrap().is_empty());
    // The same moment is 19:00 for a phone in another time zone.
    assert_eq!(put(evening).await.status, StatusCode::NO_CONTENT);
    assert_eq!(round(phq9_due).await.unwrap(), one);
    {
        let inbox = inbox.lock().unwrap();
        let (id, headers, body) = &inbox[0];
        assert_eq!(id, "a");
        assert_eq!(headers["content-encoding"], "aes128gcm");
        assert!(headers.contains_key("ttl"));
        let vapid = headers["authorization"].to_str().unwrap();
        assert!(vapid.starts_with("vapid t="), "{vapid}");
        assert!(vapid.ends_with(&format!("k={public_key}")), "{vapid}");
        let message = phone.read(body);
        assert_eq!(
            message,
            json!({ "title": "Ajar", "body": "You have a check-in waiting" })
        );
        let text = message.to_string().to_lowercase();
        for secret in ["therap", "therapist one", "phq", "gad"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    // Once for this check-in falling due: not an hour later, not the next evening.
    assert_eq!(round(phq9_due + HOUR).await.unwrap(), Round::default());
    assert_eq!(round(phq9_due + DAY).await.unwrap(), Round::default());
    // GAD-7 falls due after 28 days: a reminder again.
    assert_eq!(round(sent_at + 29 * DAY).await.unwrap(), one);
    assert_eq!(inbox.lock().unwrap().len(), 2);
    assert_eq!(
        phone.read(&inbox.lock().unwrap()[1].2)["body"],
        "You have a check-in waiting"
    );

    // A new link ends the phone's session, and its reminders with it.
    let hash = session_hash(&a);
    assert!(w.store.subscribed(&hash).await.unwrap());
    let revoke = format!("/therapist/clients/{}/link", w.client_a.0);
    w.call_ok(Method::DELETE, &revoke, Some(&t1), None).await;
    assert!(!w.store.subscribed(&hash).await.unwrap());
    assert_eq!(round(sent_at + 60 * DAY).await.unwrap(), Round::default());
}

#[tokio::test]
async fn a_subscription_the_push_service_says_is_gone_is_dropped() {
    let (w, base, inbox) = world_with_push_service().await;
    // Client B has sent nothing: their check-ins are due.
    let b = pair(&w.client_cookie(&w.link_b).await);
    let now = ajar_server::clock::now_ms();
    let phone = Phone::new();
    let sub = phone.subscription(&format!("{base}push/gone"), offset_for_local_hour(now, 19));
    w.call_ok(Method::PUT, "/client/reminders", Some(&b), Some(sub))
        .await;
    let sender = practice_sender(&w, now).await;
    let round = remind(w.store.as_ref(), &sender, now).await.unwrap();
    assert_eq!(
        round,
        Round {
            dropped: 1,
            ..Round::default()
        }
    );
    assert_eq!(inbox.lock().unwrap().len(), 1);
    let after = w
        .call(Method::GET, "/client/reminders", Some(&b), None)
        .await;
    assert_eq!(after.body["on"], false, "{}", after.body);

    // Subscribed again, then "Forget this phone": the subscription goes with the session.
    let sub = phone.subscription(&format!("{base}push/b"), 0);
    w.call_ok(Method::PUT, "/client/reminders", Some(&b), Some(sub))
        .await;
    assert!(w.store.subscribed(&session_hash(&b)).await.unwrap());
    w.call_ok(Method::DELETE, "/client/session", Some(&b), None)
        .await;
    assert!(!w.store.subscribed(&session_hash(&b)).await.unwrap());
}

#[tokio::test]
async fn a_phone_cannot_aim_reminders_at_the_servers_own_network() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let phone = Phone::new();
    for endpoint in [
        "https://127.0.0.1/push",
        "https://localhost:8080/push",
        "http://push.example.org/x",
        "https://[::1]/x",
        "https://10.0.0.7/admin",
    ] {
        let r = w
            .call(
                Method::PUT,
                "/client/reminders",
                Some(&a),
                Some(phone.subscription(endpoint, 0)),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{endpoint}");
        let said = r.body["error"].as_str().unwrap_or_default();
        assert!(said.contains("https URL with a host name"), "{said}");
    }
    let mut bad_key = phone.subscription("https://push.example.org/x", 0);
    bad_key["auth"] = json!("short");
    let r = w
        .call(Method::PUT, "/client/reminders", Some(&a), Some(bad_key))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let on = w
        .call(Method::GET, "/client/reminders", Some(&a), None)
        .await;
    assert_eq!(on.body["on"], false);
}
