//! Served exports are streamed a page at a time from the store. Whatever the page size,
//! the bytes are exactly those of the same export written from the whole history in
//! memory: no response dropped or repeated at a page's edge, even among responses with
//! the same time. Another therapist's clients never appear; a store failure midway
//! fails the download instead of ending it early as if complete.

mod common;

use ajar_core::CheckInId;
use ajar_core::instruments::{PHQ9, SESSION};
use ajar_core::response::{Answer, Answers, ValidResponse};
use ajar_server::export::{self, Format, Scope};
use ajar_server::store::{Archived, Audited, ClientId, Store, TherapistId};
use axum::body::Body;
use common::*;
use http_body_util::BodyExt;
use std::sync::Arc;

const T1: TherapistId = TherapistId(1);

async fn answer(store: &dyn Store, client: ClientId, n: u8, at_ms: i64) {
    let (instrument, answers): (_, Answers) = if n.is_multiple_of(3) {
        let a = PHQ9
            .items
            .iter()
            .map(|i| (i.id.to_owned(), Answer::Value(n % 4)))
            .collect();
        (&PHQ9, a)
    } else {
        let mut a = Answers::new();
        a.insert("understood".into(), Answer::Value(n % 11));
        a.insert("focus".into(), Answer::Value(n % 3));
        a.insert("pace".into(), Answer::Value(1));
        a.insert(
            "change".into(),
            Answer::Text(format!("=note {n}, \"quoted\"")),
        );
        (&SESSION, a)
    };
    let mut id = [0u8; 16];
    id[0] = 255 - n;
    let valid = ValidResponse::new(CheckInId::from_random_bytes(id), instrument, &answers).unwrap();
    store.record_response(client, &valid, at_ms).await.unwrap();
}

/// Two clients of therapist 1 and one of therapist 2, with responses sharing times.
async fn seeded() -> (World, ClientId) {
    let w = world().await;
    let second = w
        .store
        .add_client(
            T1,
            "Another",
            &ajar_server::auth::Token::generate().hash(),
            0,
            &Audited::new("test", "client.add", "", 0),
        )
        .await
        .unwrap();
    let base = 1_790_000_000_000;
    for n in 0..17u8 {
        // Three responses per instant: ties are broken by id, across pages too.
        let at = base + i64::from(n / 3) * 60_000;
        answer(
            w.store.as_ref(),
            if n % 2 == 0 { w.client_a } else { second },
            n,
            at,
        )
        .await;
    }
    answer(w.store.as_ref(), w.client_b, 99, base).await;
    (w, second)
}

async fn scope(store: &dyn Store, only: Option<ClientId>) -> Scope {
    Scope::read(store, T1, only)
        .await
        .unwrap()
        .expect("T1's clients")
}

async fn whole(body: Body) -> Result<String, String> {
    match body.collect().await {
        Ok(b) => Ok(String::from_utf8(b.to_bytes().to_vec()).unwrap()),
        Err(e) => Err(e.to_string()),
    }
}

#[tokio::test]
async fn every_page_size_gives_the_export_written_from_memory() {
    let (w, second) = seeded().await;
    let store: Arc<dyn Store> = w.store.clone();
    for only in [None, Some(w.client_a), Some(second)] {
        for format in [Format::Csv, Format::Fhir] {
            let all = w
                .store
                .caseload(
                    T1,
                    only,
                    ajar_core::caseload::Reading::Everything,
                    Archived::Include,
                )
                .await
                .unwrap();
            let expected = export::in_memory(format, all, 42).unwrap();
            for page in [1, 2, 3, 5, 500] {
                let scope = scope(w.store.as_ref(), only).await;
                let body = export::body(store.clone(), scope, format, page, 42);
                let got = whole(body).await.unwrap();
                assert_eq!(got, expected, "{format:?}, {only:?}, pages of {page}");
            }
            if format == Format::Fhir {
                let bundle: serde_json::Value = serde_json::from_str(&expected).unwrap();
                let responses = bundle["entry"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|e| e["resource"]["resourceType"] == "QuestionnaireResponse")
                    .count();
                let wanted = match only {
                    None => 17,
                    Some(c) if c == w.client_a => 9,
                    Some(_) => 8,
                };
                assert_eq!(responses, wanted, "{only:?}: every response, none of B's");
            }
        }
    }
}

#[tokio::test]
async fn a_store_failure_midway_fails_the_download() {
    for format in [Format::Csv, Format::Fhir] {
        let (w, _) = seeded().await;
        let store: Arc<dyn Store> = w.store.clone();
        let scope = scope(w.store.as_ref(), None).await;
        let mut body = export::body(store.clone(), scope, format, 2, 42);
        // The head and the first page arrive; then the database goes away.
        let head = body.frame().await.unwrap().unwrap();
        assert!(!head.data_ref().unwrap().is_empty());
        body.frame().await.unwrap().unwrap();
        w.store.close().await;
        let rest = whole(body).await;
        assert!(
            rest.is_err(),
            "{format:?}: the body ends in an error: {rest:?}"
        );
    }
}
