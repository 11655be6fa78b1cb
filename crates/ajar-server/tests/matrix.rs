//! The authorization matrix: every API route against no session, client A, client B,
//! therapist 1 (A's therapist) and therapist 2, every cell asserted. A new route belongs
//! in this table.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{Value, json};

const REQ: &str = "11111111-1111-4111-8111-111111111111";
/// Client A's PHQ-9 with a risk answer: an open risk flag.
const RISK: &str = "44444444-4444-4444-8444-444444444444";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Nobody,
    ClientA,
    ClientB,
    Therapist1,
    Therapist2,
}

use Who::*;

/// Owners act last, so a refusal can never be explained by an earlier success.
const ORDER: [Who; 5] = [Nobody, ClientB, Therapist2, ClientA, Therapist1];

struct Row {
    method: Method,
    path: &'static str,
    body: Option<fn(usize) -> Value>,
    /// Expected status for [Nobody, ClientA, ClientB, Therapist1, Therapist2].
    expect: [u16; 5],
}

fn index(who: Who) -> usize {
    match who {
        Nobody => 0,
        ClientA => 1,
        ClientB => 2,
        Therapist1 => 3,
        Therapist2 => 4,
    }
}

fn response_body(n: usize) -> Value {
    checkin(&format!("22222222-2222-4222-8222-{n:012}"), 5, "")
}

fn request_body(n: usize) -> Value {
    json!({ "id": format!("33333333-3333-4333-8333-{n:012}"), "wish": "talk-about-it" })
}

const CLIENT_ONLY: [u16; 5] = [401, 200, 200, 401, 401];
const THERAPIST_ONLY: [u16; 5] = [401, 401, 401, 200, 200];
/// A's resource: only therapist 1; therapist 2 is told it does not exist.
const A_THERAPIST: [u16; 5] = [401, 401, 401, 200, 404];

fn rows() -> Vec<Row> {
    let row = |method: Method,
               path: &'static str,
               body: Option<fn(usize) -> Value>,
               expect: [u16; 5]| Row {
        method,
        path,
        body,
        expect,
    };
    vec![
        row(Method::GET, "/openapi.json", None, [200; 5]),
        row(Method::DELETE, "/client/session", None, [204; 5]),
        row(Method::GET, "/client/home", None, CLIENT_ONLY),
        row(
            Method::POST,
            "/client/responses",
            Some(response_body),
            [401, 201, 201, 401, 401],
        ),
        row(
            Method::POST,
            "/client/requests",
            Some(request_body),
            [401, 201, 201, 401, 401],
        ),
        row(
            Method::POST,
            "/client/requests/{req}/withdraw",
            None,
            [401, 200, 404, 401, 401],
        ),
        // The owner is let in, and told there is no proposed time to answer (409).
        row(
            Method::POST,
            "/client/requests/{req}/time",
            Some(|_| json!({ "answer": "suits", "suggestion": "" })),
            [401, 409, 404, 401, 401],
        ),
        row(Method::GET, "/client/reminders", None, CLIENT_ONLY),
        row(
            Method::PUT,
            "/client/reminders",
            Some(|_| {
                json!({ "endpoint": "https://push.example.org/s/1", "p256dh": "B".repeat(87),
                        "auth": "A".repeat(22), "utc_offset_minutes": 60 })
            }),
            [401, 204, 204, 401, 401],
        ),
        row(
            Method::DELETE,
            "/client/reminders",
            None,
            [401, 204, 204, 401, 401],
        ),
        row(Method::DELETE, "/therapist/session", None, [204; 5]),
        row(Method::GET, "/therapist/me", None, THERAPIST_ONLY),
        row(Method::POST, "/therapist/mfa/totp", None, THERAPIST_ONLY),
        row(Method::GET, "/therapist/sessions", None, THERAPIST_ONLY),
        row(
            Method::DELETE,
            "/therapist/sessions",
            None,
            [401, 401, 401, 204, 204],
        ),
        row(
            Method::POST,
            "/therapist/password",
            Some(
                |_| json!({ "current_password": "not it", "new_password": "long enough new one" }),
            ),
            [401, 401, 401, 403, 403],
        ),
        // No key is being set up (422); a wrong password never turns the second step off.
        row(
            Method::POST,
            "/therapist/mfa/totp/confirm",
            Some(|_| json!({ "code": "000000" })),
            [401, 401, 401, 422, 422],
        ),
        row(
            Method::DELETE,
            "/therapist/mfa",
            Some(|_| json!({ "password": "not the password" })),
            [401, 401, 401, 403, 403],
        ),
        row(Method::GET, "/therapist/caseload", None, THERAPIST_ONLY),
        row(Method::GET, "/therapist/figures", None, THERAPIST_ONLY),
        row(Method::GET, "/therapist/audit", None, THERAPIST_ONLY),
        row(Method::GET, "/therapist/door-open", None, THERAPIST_ONLY),
        row(
            Method::PUT,
            "/therapist/door-open",
            Some(|_| json!({ "message": "Welcome back any time." })),
            THERAPIST_ONLY,
        ),
        row(Method::GET, "/therapist/crisis-text", None, THERAPIST_ONLY),
        row(
            Method::PUT,
            "/therapist/crisis-text",
            Some(|_| json!({ "message": "Call 1737." })),
            THERAPIST_ONLY,
        ),
        row(Method::GET, "/therapist/export.csv", None, THERAPIST_ONLY),
        row(
            Method::GET,
            "/therapist/export.fhir.json",
            None,
            THERAPIST_ONLY,
        ),
        row(
            Method::POST,
            "/therapist/clients",
            Some(|_| json!({ "label": "N.", "origin": "https://a.example" })),
            [401, 401, 401, 201, 201],
        ),
        row(Method::GET, "/therapist/clients", None, THERAPIST_ONLY),
        row(Method::GET, "/therapist/clients/{a}", None, A_THERAPIST),
        row(
            Method::GET,
            "/therapist/clients/{a}/words",
            None,
            A_THERAPIST,
        ),
        row(
            Method::PUT,
            "/therapist/clients/{a}/plan",
            Some(|_| json!([{ "instrument": "phq-9", "every_days": 28 }])),
            A_THERAPIST,
        ),
        row(
            Method::POST,
            "/therapist/clients/{a}/archive",
            None,
            [401, 401, 401, 204, 404],
        ),
        row(
            Method::POST,
            "/therapist/clients/{a}/restore",
            None,
            [401, 401, 401, 204, 404],
        ),
        row(
            Method::GET,
            "/therapist/clients/{a}/export.csv",
            None,
            A_THERAPIST,
        ),
        row(
            Method::GET,
            "/therapist/clients/{a}/export.fhir.json",
            None,
            A_THERAPIST,
        ),
        row(
            Method::POST,
            "/therapist/clients/{a}/link",
            Some(|_| json!({ "origin": "https://a.example" })),
            A_THERAPIST,
        ),
        row(
            Method::POST,
            "/therapist/clients/{a}/risk/{risk}/acknowledge",
            Some(|_| json!({ "action": "no-action-needed" })),
            [401, 401, 401, 204, 404],
        ),
        row(
            Method::DELETE,
            "/therapist/clients/{a}/link",
            None,
            [401, 401, 401, 204, 404],
        ),
        row(
            Method::POST,
            "/therapist/clients/{a}/close",
            Some(|_| json!({ "ending_type": "planned" })),
            [401, 401, 401, 204, 404],
        ),
        row(
            Method::POST,
            "/therapist/clients/{a}/reopen",
            None,
            [401, 401, 401, 204, 404],
        ),
        row(
            Method::POST,
            "/therapist/requests/{req}/seen",
            None,
            A_THERAPIST,
        ),
        row(
            Method::POST,
            "/therapist/requests/{req}/reply",
            Some(|_| json!({ "reply": "Yes." })),
            A_THERAPIST,
        ),
        row(
            Method::POST,
            "/therapist/requests/{req}/close",
            None,
            A_THERAPIST,
        ),
    ]
}

/// The two routes that make a session rather than need one (their own tests cover them).
const SIGN_IN: [&str; 2] = ["/client/session", "/therapist/session"];

/// Every `(method, path)` the API serves, as its OpenAPI description lists them (each
/// route is registered together with its description; `tests/openapi.rs` holds that), so
/// a route added without a row here fails this test.
async fn routed() -> Vec<(String, String)> {
    let doc = world().await.described().await;
    operations(&doc)
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect()
}

#[tokio::test]
async fn every_routed_api_call_has_a_row() {
    let covered: Vec<(String, String)> = rows()
        .iter()
        .map(|r| {
            (
                r.method.to_string(),
                r.path
                    .replace("{a}", "{id}")
                    .replace("{req}", "{id}")
                    .replace("{risk}", "{response}"),
            )
        })
        .collect();
    let routed = routed().await;
    assert!(
        routed.len() > 20,
        "the description lists the routes: {routed:?}"
    );
    let missing: Vec<_> = routed
        .iter()
        .filter(|(method, path)| {
            let signs_in = method == "POST" && SIGN_IN.contains(&path.as_str());
            !signs_in && !covered.contains(&(method.clone(), path.clone()))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a matrix row: {missing:?}"
    );
}

#[tokio::test]
async fn every_route_against_every_caller() {
    let mut failures = Vec::new();
    for row in rows() {
        // A fresh world per route: client A has sent one request, REQ.
        let w = world().await;
        let a = pair(&w.client_cookie(&w.link_a).await);
        let request = json!({ "id": REQ, "wish": "final-session" });
        assert_eq!(
            w.call(Method::POST, "/client/requests", Some(&a), Some(request))
                .await
                .status,
            StatusCode::CREATED
        );
        w.call_ok(
            Method::POST,
            "/client/responses",
            Some(&a),
            Some(phq9(RISK, 1, 1)),
        )
        .await;
        let cookies = [
            None,
            Some(a),
            Some(pair(&w.client_cookie(&w.link_b).await)),
            Some(pair(&w.therapist_cookie("one@example.org").await)),
            Some(pair(&w.therapist_cookie("two@example.org").await)),
        ];
        let path = row
            .path
            .replace("{a}", &w.client_a.0.to_string())
            .replace("{req}", REQ)
            .replace("{risk}", RISK);
        for (n, who) in ORDER.into_iter().enumerate() {
            let body = row.body.map(|b| b(n));
            let got = w
                .call(
                    row.method.clone(),
                    &path,
                    cookies[index(who)].as_deref(),
                    body,
                )
                .await
                .status
                .as_u16();
            let want = row.expect[index(who)];
            if got != want {
                failures.push(format!(
                    "{} {} as {who:?}: got {got}, want {want}",
                    row.method, row.path
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
