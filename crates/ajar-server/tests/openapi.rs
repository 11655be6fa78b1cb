//! The OpenAPI description at `/api/v1/openapi.json`: every route is in it, everything
//! in it is served, and the rules it states are the rules the server applies.

mod common;

use ajar_core::ending::NewRequest;
use ajar_core::link;
use ajar_server::openapi::rules;
use ajar_server::routes::{client_page, clients};
use axum::http::{Method, StatusCode};
use common::*;
use proptest::prelude::*;
use serde_json::Value;

async fn document() -> Value {
    world().await.described().await
}

/// The API router is built only through `utoipa_axum::routes!`, which registers a route
/// and its description together; a plain `.route(` would add a route the description
/// lacks. And each handler is described and routed.
#[test]
fn no_route_bypasses_the_description() {
    let app = include_str!("../src/app.rs");
    assert!(
        !app.contains(".route("),
        "src/app.rs adds a route with .route(: register it with routes!(…) instead"
    );
    for (file, source) in [
        ("client", include_str!("../src/routes/client.rs")),
        ("clients", include_str!("../src/routes/clients.rs")),
        ("therapist", include_str!("../src/routes/therapist.rs")),
        ("risk", include_str!("../src/routes/risk.rs")),
        ("openapi", include_str!("../src/openapi/mod.rs")),
    ] {
        // The lines since the previous item ended: the handler's doc and attributes.
        let mut above = String::new();
        for line in source.lines() {
            if let Some(rest) = line.strip_prefix("pub async fn ") {
                let name = rest.split('(').next().unwrap();
                assert!(
                    above.contains("#[utoipa::path("),
                    "{file}::{name} is a handler without #[utoipa::path]"
                );
                let routed = format!("{file}::{name}");
                assert!(
                    app.split("routes!(").skip(1).any(|call| {
                        let args = call.split(')').next().unwrap();
                        args.split(',').any(|a| a.trim() == routed)
                    }),
                    "{routed} is not routed with routes!(…) in src/app.rs"
                );
            }
            if line.starts_with('}') || line.starts_with("use ") || line.ends_with(';') {
                above.clear();
            } else {
                above.push_str(line);
                above.push('\n');
            }
        }
    }
}

#[tokio::test]
async fn everything_described_is_served() {
    let doc = document().await;
    let w = world().await;
    let ops = operations(&doc);
    assert!(
        ops.len() > 30,
        "the description lists {} operations",
        ops.len()
    );
    for (method, path, _) in &ops {
        let concrete = path
            .replace("{id}", "11111111-1111-4111-8111-111111111111")
            .replace("{response}", "11111111-1111-4111-8111-111111111111");
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let r = w.call(method.clone(), &concrete, None, None).await;
        let unrouted = r.body["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("There is no API route"));
        assert!(
            !unrouted && r.status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path} is described but not served: {} {}",
            r.status,
            r.body
        );
    }
}

#[tokio::test]
async fn every_operation_says_what_it_answers() {
    let doc = document().await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let mut ids = Vec::new();
    for (method, path, op) in operations(&doc) {
        let at = format!("{method} {path}");
        let responses = op["responses"].as_object().expect("responses");
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{at}: no 2xx answer"
        );
        assert!(responses.contains_key("503"), "{at}: no 503");
        if method != "GET" {
            assert!(responses.contains_key("403"), "{at}: no 403 (CSRF guard)");
        }
        if op.get("security").is_some() {
            assert!(responses.contains_key("401"), "{at}: signed in, no 401");
        }
        if op.get("requestBody").is_some() {
            for status in ["400", "413", "415", "422"] {
                assert!(responses.contains_key(status), "{at}: a body, no {status}");
            }
        }
        for (status, answer) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                assert_eq!(
                    answer["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{at} {status}"
                );
            }
        }
        let id = op["operationId"]
            .as_str()
            .expect("an operationId")
            .to_owned();
        assert!(!ids.contains(&id), "operationId {id} twice");
        ids.push(id);
    }
}

/// A check-in's schema is built from the instrument definitions: the description of
/// PHQ-9 says what the validator says.
#[tokio::test]
async fn a_check_in_is_described_by_its_instrument() {
    let doc = document().await;
    let variants = doc["components"]["schemas"]["NewResponse"]["oneOf"]
        .as_array()
        .expect("one schema per instrument")
        .clone();
    use ajar_core::instruments::{ALL, EARLIER};
    assert_eq!(variants.len(), ALL.len() + EARLIER.len());
    let phq9 = variants
        .iter()
        .find(|v| v["properties"]["instrument"]["const"] == "phq-9")
        .expect("PHQ-9");
    let answers = &phq9["properties"]["answers"];
    assert_eq!(answers["additionalProperties"], false);
    assert_eq!(answers["required"].as_array().unwrap().len(), 9);
    assert_eq!(
        answers["properties"][ajar_core::instruments::RISK_ITEM]["enum"],
        serde_json::json!([0, 1, 2, 3])
    );
}

fn matches(pattern: &str, text: &str) -> bool {
    regex::Regex::new(pattern).unwrap().is_match(text)
}

/// Text near each rule's edges: spaces of every kind, control characters, slashes.
fn edgy_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just(" ".to_owned()),
        Just("\u{3000}".to_owned()),
        Just("\u{85}".to_owned()),
        Just("\u{1c}".to_owned()),
        Just("\n".to_owned()),
        Just("/".to_owned()),
        Just("#".to_owned()),
        Just("https://".to_owned()),
        Just("push.example.org".to_owned()),
        Just("a.b1".to_owned()),
        Just("http://".to_owned()),
        Just("[".to_owned()),
        Just(":".to_owned()),
        Just("65535".to_owned()),
        Just("65536".to_owned()),
        Just("08080".to_owned()),
        Just("2026-12-31".to_owned()),
        Just("-".to_owned()),
        Just("1767225600000.".to_owned()),
        Just("0b5c2f3e-8d1a-4c6b-9e7f-1a2b3c4d5e6f".to_owned()),
        Just("0B5C2F3E-8D1A-4C6B-9E7F-1A2B3C4D5E6F".to_owned()),
        Just("0b5c2f3e8d1a4c6b9e7f1a2b3c4d5e6f".to_owned()),
        Just("9999999999999999999.".to_owned()),
        Just(".".to_owned()),
        "[a-zA-Z0-9_]{1,3}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..6).prop_map(|p| p.concat())
}

/// The origins at the rule's edges, each both accepted or both refused by the described
/// pattern and the check.
#[test]
fn the_origin_rule_and_its_pattern_agree_at_the_edges() {
    for (text, ok) in [
        ("https://ajar.example.org", true),
        ("http://192.168.1.20:8080/", true),
        ("http://localhost:65535", true),
        ("http://localhost:08080", true),
        ("http://localhost:65536", false),
        ("http://localhost:123456", false),
        ("http://localhost:", false),
        ("http://[", false),
        ("http://[::1]:8080", false),
        ("https://", false),
        ("https://ajar.example.org/c", false),
        ("https://ajär.example.org", false),
        ("ftp://ajar.example.org", false),
    ] {
        assert_eq!(clients::origin(text).is_ok(), ok, "check {text}");
        assert_eq!(matches(&rules::origin(), text), ok, "pattern {text}");
    }
}

/// The push endpoints at the rule's edges, each judged alike by the pattern and the check.
#[test]
fn the_push_endpoint_rule_and_its_pattern_agree_at_the_edges() {
    for text in [
        "https://fcm.googleapis.com/fcm/send/abc:def",
        "https://web.push.apple.com:443/QO",
        "https://push.example.org:65535",
        "https://push.example.org:65536/x",
        "https://push.example.org:/x",
        "https://push.example.org:08080",
        "https://127.0.0.1/x",
        "https://localhost/x",
        "https://push..example.org/x",
        "https://-.ab",
        "https://push.example.org/a b",
        "https://push.example.org?x",
        "https://push.example.org/\u{7f}",
        "https://push.exämple.org/x",
        "http://push.example.org/x",
    ] {
        assert_eq!(
            matches(&rules::push_endpoint(), text),
            ajar_core::reminder::is_push_endpoint(text),
            "{text}"
        );
    }
}

proptest! {
    #[test]
    fn the_described_patterns_are_the_checks(text in edgy_text()) {
        prop_assert_eq!(matches(&rules::push_endpoint(), &text), ajar_core::reminder::is_push_endpoint(&text), "endpoint {:?}", text);
        prop_assert_eq!(matches(&rules::push_key(22), &text), ajar_core::reminder::is_key(&text, 22), "key {:?}", text);
        prop_assert_eq!(matches(&rules::some_text(), &text), !text.trim().is_empty());
        prop_assert_eq!(matches(&rules::origin(), &text), clients::origin(&text).is_ok(), "origin {:?}", text);
        prop_assert_eq!(matches(&rules::token(), &text), link::is_well_formed(&text));
        prop_assert_eq!(matches(&rules::words_cursor(), &text), client_page::words_cursor(&text).is_some(), "cursor {:?}", text);
        let request = NewRequest {
            answered_at_ms: None,
            id: ajar_core::CheckInId::from_random_bytes([1; 16]),
            wish: ajar_core::ending::Wish::Break,
            reasons: vec![],
            message: String::new(),
            preferred_times: String::new(),
            check_back_on: Some(text.clone()),
        };
        prop_assert_eq!(matches(&rules::date_or_nothing(), &text), request.normalized().is_ok(), "date {:?}", text);
    }
}
