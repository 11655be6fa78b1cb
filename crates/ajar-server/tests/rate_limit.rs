//! A phone that sends too much in a minute is asked to wait (429 with `Retry-After`),
//! and one phone's flood does not hold up another's.

mod common;

use ajar_server::app::{AppState, router};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use tower::ServiceExt;

#[tokio::test]
async fn past_its_share_a_phone_is_told_when_to_send_again() {
    let mut w = world().await;
    w.app = router(
        AppState::new(w.store.clone(), false).limiting_phones(20),
        None,
    );
    let a = pair(&w.client_cookie(&w.link_a).await);
    let b = pair(&w.client_cookie(&w.link_b).await);
    let home = |cookie: &str| {
        Request::get("/api/v1/client/home")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap()
    };
    let mut statuses = Vec::new();
    let mut retry_after = None;
    // Trading the link had no session yet: all twenty are left. (41 tries: should a new
    // minute begin midway, the limit is met again within them.)
    for _ in 0..41 {
        let res = w.app.clone().oneshot(home(&a)).await.unwrap();
        statuses.push(res.status());
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            retry_after = res.headers().get(header::RETRY_AFTER).cloned();
        }
    }
    let first_refusal = statuses
        .iter()
        .position(|s| *s == StatusCode::TOO_MANY_REQUESTS)
        .expect("the limit is met");
    assert!(first_refusal >= 20, "{statuses:?}");
    assert!(
        statuses[..first_refusal]
            .iter()
            .all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    let seconds: u64 = retry_after.unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&seconds));
    let other = w.app.clone().oneshot(home(&b)).await.unwrap();
    assert_eq!(
        other.status(),
        StatusCode::OK,
        "another phone is not held up"
    );
    let therapist = w
        .call(axum::http::Method::GET, "/therapist/caseload", None, None)
        .await;
    assert_eq!(
        therapist.status,
        StatusCode::UNAUTHORIZED,
        "therapist routes are not counted here"
    );
}
