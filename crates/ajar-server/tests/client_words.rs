//! A client's words reach their therapist's page a page at a time, newest first: every
//! one exactly once however many there are (answers written at the same moment
//! included), nothing of another therapist's client, and a clear 400 for a made-up page.

mod common;

use ajar_core::api::WORDS_PAGE;
use ajar_core::due::DAY_MS;
use ajar_server::auth::Token;
use ajar_server::clock::now_ms;
use ajar_server::store::{Audited, TherapistId};
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;

#[tokio::test]
async fn every_word_comes_once_newest_first_a_page_at_a_time() {
    let w = world().await;
    let added = now_ms() - 100 * DAY_MS;
    let link = Token::generate();
    let client = w
        .store
        .add_client(
            TherapistId(1),
            "Words",
            &link.hash(),
            added,
            &Audited::new("test", "client.add", "", added),
        )
        .await
        .unwrap();
    let phone = pair(&w.client_cookie(&link).await);
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let t2 = pair(&w.therapist_cookie("two@example.org").await);
    // 130 check-ins, every third without words; three at a time share one moment.
    let sent = 130u64;
    let mut expected = Vec::new();
    for n in 0..sent {
        let note = if n % 3 == 2 {
            String::new()
        } else {
            format!("note {n}")
        };
        let mut body = checkin(&format!("00000000-0000-4000-8000-{n:012}"), 7, &note);
        let at = added + DAY_MS + (n / 3) as i64 * 60_000;
        body["answered_at_ms"] = json!(at);
        let r = w
            .call(Method::POST, "/client/responses", Some(&phone), Some(body))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        if !note.is_empty() {
            expected.push((at, n, note));
        }
    }
    // Newest first; among equal times, the later id first.
    expected.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let expected: Vec<(i64, String)> = expected.into_iter().map(|(at, _, t)| (at, t)).collect();

    let path = format!("/therapist/clients/{}/words", client.0);
    let mut got = Vec::new();
    let mut pages = 0;
    let mut next = path.clone();
    loop {
        let page = w.call_ok(Method::GET, &next, Some(&t1), None).await.body;
        pages += 1;
        let words = page["words"].as_array().unwrap();
        assert!(words.len() <= WORDS_PAGE as usize);
        for word in words {
            assert_eq!(word["item"], "note");
            got.push((
                word["answered_at_ms"].as_i64().unwrap(),
                word["text"].as_str().unwrap().to_owned(),
            ));
        }
        match page["older"].as_str() {
            Some(older) => next = format!("{path}?before={older}"),
            None => break,
        }
    }
    let texts = |v: &[(i64, String)]| v.iter().map(|x| x.1.clone()).collect::<Vec<_>>();
    assert_eq!(got.len(), expected.len(), "every word once");
    assert_eq!(texts(&got), texts(&expected), "newest first, each once");
    assert!(pages >= 2, "{pages} pages: the words were not paged");

    // The client's page itself carries the charts' points, not every word twice over.
    let detail = w
        .call_ok(
            Method::GET,
            &format!("/therapist/clients/{}", client.0),
            Some(&t1),
            None,
        )
        .await
        .body;
    assert_eq!(detail["summary"]["response_count"], sent);

    // Another therapist's client, and a page nobody was given.
    let other = w.call(Method::GET, &path, Some(&t2), None).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    for bad in ["before=yesterday", "before=12.not-an-id", "page=2"] {
        let r = w
            .call(Method::GET, &format!("{path}?{bad}"), Some(&t1), None)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(!r.body["error"].as_str().unwrap().is_empty(), "{bad}");
    }
    assert!(
        w.audit_actions(&t1)
            .await
            .contains(&"read.words".to_owned())
    );
}
