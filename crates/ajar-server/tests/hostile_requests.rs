//! Cookies and query strings of any shape (proptest): no 5xx and no panic; a session is
//! found only from its own cookie, and a query string changes nothing (no route reads one).

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::*;
use proptest::prelude::*;
use std::sync::OnceLock;

/// One world and one runtime for every case: building a world per case would make each
/// case a hundred times slower and prove nothing more.
fn shared() -> &'static (tokio::runtime::Runtime, World, String, String) {
    static SHARED: OnceLock<(tokio::runtime::Runtime, World, String, String)> = OnceLock::new();
    SHARED.get_or_init(|| {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let (w, client, therapist) = rt.block_on(async {
            let w = world().await;
            let client = pair(&w.client_cookie(&w.link_a).await);
            let therapist = pair(&w.therapist_cookie("one@example.org").await);
            (w, client, therapist)
        });
        (rt, w, client, therapist)
    })
}

fn get(path: &str, cookie: Option<&str>) -> Option<StatusCode> {
    let (rt, w, _, _) = shared();
    let mut req = Request::builder().method(Method::GET).uri(path);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    // A header value or a URI the HTTP layer itself cannot carry never reaches us.
    let req = req.body(Body::empty()).ok()?;
    Some(rt.block_on(send(&w.app, req)).status)
}

/// Cookie headers near the real ones: the right names with wrong values, several
/// cookies, separators, quotes, non-ASCII.
fn cookie_header() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("__Host-ajar_client".to_owned()),
        Just("__Host-ajar_therapist".to_owned()),
        "[a-zA-Z_-]{0,12}",
    ];
    let value = prop_oneof!["[A-Za-z0-9_-]{43}", "[ -~]{0,60}", "\\PC{0,20}"];
    let one = (name, value).prop_map(|(n, v)| format!("{n}={v}"));
    prop::collection::vec(one, 0..4).prop_map(|c| c.join("; "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_made_up_cookie_opens_nothing(cookie in cookie_header()) {
        for path in ["/api/v1/client/home", "/api/v1/therapist/caseload"] {
            if let Some(status) = get(path, Some(&cookie)) {
                prop_assert_eq!(status, StatusCode::UNAUTHORIZED, "{} with {:?}", path, cookie);
            }
        }
    }

    #[test]
    fn a_query_string_changes_nothing(query in "[ -~]{0,40}") {
        let (_, _, client, therapist) = shared();
        let query: String = query.chars().filter(|c| !matches!(c, ' ' | '#')).collect();
        for (path, cookie) in [("/api/v1/client/home", client), ("/api/v1/therapist/me", therapist)] {
            if let Some(status) = get(&format!("{path}?{query}"), Some(cookie)) {
                prop_assert_eq!(status, StatusCode::OK, "{}?{}", path, query);
            }
            if let Some(status) = get(&format!("{path}?{query}"), None) {
                prop_assert_eq!(status, StatusCode::UNAUTHORIZED);
            }
        }
    }

    #[test]
    fn a_real_session_is_found_among_other_cookies(junk in cookie_header()) {
        let (_, _, client, _) = shared();
        let both = if junk.is_empty() { client.clone() } else { format!("{junk}; {client}") };
        // A junk cookie of the same name before ours makes the header ambiguous; any other
        // junk must not hide the real session.
        prop_assume!(!junk.contains("__Host-ajar_client="));
        if let Some(status) = get("/api/v1/client/home", Some(&both)) {
            prop_assert_eq!(status, StatusCode::OK, "{:?}", both);
        }
    }
}

#[tokio::test]
async fn signing_out_beside_a_cookie_the_cookie_library_refuses_still_ends_the_session() {
    let w = world().await;
    let ours = pair(&w.client_cookie(&w.link_a).await);
    let beside = format!("theme=café; {ours}");
    let home = w
        .call(Method::GET, "/client/home", Some(&beside), None)
        .await;
    assert_eq!(home.status, StatusCode::OK);
    let out = w
        .call(Method::DELETE, "/client/session", Some(&beside), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let after = w.call(Method::GET, "/client/home", Some(&ours), None).await;
    assert_eq!(
        after.status,
        StatusCode::UNAUTHORIZED,
        "ended on the server"
    );
}
