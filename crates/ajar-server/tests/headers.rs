//! The headers every answer carries (pages and API alike), and what a sign-out tells the
//! browser to forget.

mod common;

use ajar_server::app::{AppState, router};
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, header};
use common::*;
use tower::ServiceExt;

async fn headers_of(
    app: &axum::Router,
    method: Method,
    path: &str,
    cookie: Option<&str>,
) -> HeaderMap {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("x-ajar-csrf", "1");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    res.headers().clone()
}

#[tokio::test]
async fn every_answer_isolates_itself_from_other_sites_and_turns_off_unused_features() {
    let w = world().await;
    for path in [
        "/api/v1/client/home",
        "/api/v1/openapi.json",
        "/api/v1/nope",
    ] {
        let h = headers_of(&w.app, Method::GET, path, None).await;
        assert_eq!(h["cross-origin-opener-policy"], "same-origin", "{path}");
        assert_eq!(h["cross-origin-resource-policy"], "same-origin", "{path}");
        let policy = h["permissions-policy"].to_str().unwrap();
        for off in [
            "camera=()",
            "microphone=()",
            "geolocation=()",
            "payment=()",
            "usb=()",
        ] {
            assert!(policy.contains(off), "{path}: {policy}");
        }
        assert!(
            !h.contains_key("strict-transport-security"),
            "not over plain http"
        );
    }
}

#[tokio::test]
async fn over_tls_hsts_covers_subdomains_for_a_year() {
    let w = world().await;
    let app = router(AppState::new(w.store.clone(), true), None);
    let h = headers_of(&app, Method::GET, "/api/v1/client/home", None).await;
    assert_eq!(
        h["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}

#[tokio::test]
async fn signing_out_tells_the_browser_to_forget_its_cookies_and_cache() {
    let w = world().await;
    let therapist = pair(&w.therapist_cookie("one@example.org").await);
    let client = pair(&w.client_cookie(&w.link_a).await);
    for (path, cookie) in [
        ("/api/v1/therapist/session", therapist),
        ("/api/v1/client/session", client),
    ] {
        let h = headers_of(&w.app, Method::DELETE, path, Some(&cookie)).await;
        assert_eq!(h["clear-site-data"], "\"cache\", \"cookies\"", "{path}");
    }
}
