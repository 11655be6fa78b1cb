//! Check-ins that arrive together are committed together (store/sqlite/checkins.rs);
//! each still gets its own answer: new, the same again, or a conflict.

mod common;

use axum::http::{Method, StatusCode};
use common::{checkin, pair, world};
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn check_ins_sent_at_once_each_get_their_own_answer() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let b = pair(&w.client_cookie(&w.link_b).await);
    let ids: Vec<String> = (0..48u128)
        .map(|n| Uuid::from_u128(0x4000_8000_0000_0000_0000_0000_0000_0000 | n).to_string())
        .collect();
    // Each id sent twice at once with the same body, and the first eight a third time
    // by the other client: 48 stored, 48 answered "again", 8 conflicts.
    let mut sends = Vec::new();
    for id in &ids {
        for _ in 0..2 {
            sends.push((id.clone(), a.clone()));
        }
    }
    for id in &ids[..8] {
        sends.push((id.clone(), b.clone()));
    }
    let replies = futures::future::join_all(sends.iter().map(|(id, cookie)| {
        w.call(
            Method::POST,
            "/client/responses",
            Some(cookie),
            Some(checkin(id, 4, "")),
        )
    }))
    .await;
    let count = |s: StatusCode| replies.iter().filter(|r| r.status == s).count();
    assert_eq!(count(StatusCode::CREATED), 48, "each id stored once");
    assert_eq!(
        count(StatusCode::OK),
        48,
        "the second send gets the first receipt"
    );
    assert_eq!(
        count(StatusCode::CONFLICT),
        8,
        "another client's id is refused"
    );
    for (r, (id, _)) in replies.iter().zip(&sends) {
        if r.status.is_success() {
            assert_eq!(
                r.body["id"],
                id.as_str(),
                "each answer is for its own check-in"
            );
        }
    }
    let reader = sqlx::SqlitePool::connect(&format!("sqlite://{}", w.db.display()))
        .await
        .unwrap();
    let (stored,): (i64,) = sqlx::query_as("SELECT count(*) FROM responses")
        .fetch_one(&reader)
        .await
        .unwrap();
    assert_eq!(stored, 48);
    let (of_b,): (i64,) = sqlx::query_as("SELECT count(*) FROM responses WHERE client_id = ?")
        .bind(w.client_b.0)
        .fetch_one(&reader)
        .await
        .unwrap();
    assert_eq!(of_b, 0, "nothing filed under the other client");
}
