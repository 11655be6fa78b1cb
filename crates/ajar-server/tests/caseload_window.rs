//! The caseload and a client's page read only a window of each client's history (the
//! newest answers of each check-in, its first and its baseline, the newest open risk
//! flags and a count of the rest). Whatever the history, what a therapist reads from the
//! window must equal what they would read from all of it: random histories (answers
//! out of order, risk answers some acknowledged, a therapy closed and started again)
//! are summarised both ways and compared.

mod common;

use ajar_core::caseload::{self, Reading, summarize};
use ajar_core::due::DAY_MS;
use ajar_core::instrument::ItemKind;
use ajar_core::instruments;
use ajar_server::auth::Token;
use ajar_server::clock::now_ms;
use ajar_server::store::{Archived, Audited, ClientId, TherapistId};
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{Map, Value, json};

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// A complete answer to a random current check-in, answered `days_ago` (or, without,
/// just now).
fn random_response(rng: &mut Lcg, n: u64, days_ago: Option<i64>) -> Value {
    let all = instruments::ALL;
    let instrument = all[rng.below(all.len() as u64) as usize];
    let mut answers = Map::new();
    for item in instrument.items {
        let answer = match item.kind {
            // Mostly high, now and then low: ruptures and drops happen.
            ItemKind::Scale { .. } if rng.below(4) == 0 => json!(rng.below(4)),
            ItemKind::Scale { .. } => json!(5 + rng.below(6)),
            ItemKind::Choice { options } => {
                // Risk items mostly 0, so flags stay a minority, as in life.
                let pick = if instrument.risk_items.contains(&item.id) && rng.below(3) > 0 {
                    0
                } else {
                    rng.below(options.len() as u64) as usize
                };
                json!(options[pick].value)
            }
            ItemKind::Text { .. } if rng.below(3) == 0 => json!("A few words."),
            ItemKind::Text { .. } => continue,
        };
        answers.insert(item.id.to_owned(), answer);
    }
    let mut body = json!({
        "id": format!("00000000-0000-4000-8000-{n:012}"),
        "instrument": instrument.id, "version": instrument.version, "answers": answers,
    });
    if let Some(days) = days_ago {
        body["answered_at_ms"] = json!(now_ms() - days * DAY_MS);
    }
    body
}

async fn summaries(
    w: &World,
    client: ClientId,
    reading: Reading,
    now: i64,
) -> ajar_core::api::CaseloadEntry {
    let records = w
        .store
        .caseload(TherapistId(1), Some(client), reading, Archived::Include)
        .await
        .unwrap();
    summarize(records.into_iter().next().unwrap(), now)
}

#[tokio::test]
async fn the_caseload_and_the_client_page_read_the_same_from_their_window_as_from_everything() {
    let mut windows_dropped_rows = 0;
    for seed in 0..6u64 {
        let w = world().await;
        let t = pair(&w.therapist_cookie("one@example.org").await);
        let mut rng = Lcg(seed + 1);
        let added = now_ms() - 400 * DAY_MS;
        let link = Token::generate();
        let client = w
            .store
            .add_client(
                TherapistId(1),
                "R",
                &link.hash(),
                added,
                &Audited::new("test", "client.add", "", added),
            )
            .await
            .unwrap();
        let phone = pair(&w.client_cookie(&link).await);
        let count = 40 + rng.below(40);
        let mut restarted = false;
        for n in 0..count {
            // Answered any day of the last year, sent in no particular order; after a
            // new start, answered as they are sent.
            let days_ago = (!restarted).then(|| rng.below(360) as i64 + 1);
            let body = random_response(&mut rng, n, days_ago);
            let r = w
                .call(Method::POST, "/client/responses", Some(&phone), Some(body))
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            if n == count / 2 && seed % 2 == 1 {
                // The therapy ends and starts again half way: a new baseline.
                for what in ["close", "reopen"] {
                    let body = (what == "close").then(|| json!({ "ending_type": "planned" }));
                    let path = format!("/therapist/clients/{}/{what}", client.0);
                    let r = w.call(Method::POST, &path, Some(&t), body).await;
                    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
                }
                restarted = true;
            }
        }
        // Some risk flags acknowledged, most left open.
        let full = summaries(&w, client, Reading::Everything, now_ms()).await;
        for flag in full.risk_flags.iter().filter(|_| rng.below(3) == 0) {
            let path = format!(
                "/therapist/clients/{}/risk/{}/acknowledge",
                client.0, flag.response_id.0
            );
            let r = w
                .call(
                    Method::POST,
                    &path,
                    Some(&t),
                    Some(json!({ "action": "contacted-client", "note": "Called." })),
                )
                .await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
        }
        for later in [0, 10, 60] {
            let now = now_ms() + later * DAY_MS;
            let full = summaries(&w, client, Reading::Everything, now).await;
            for reading in [caseload::FOR_CASELOAD, caseload::FOR_CLIENT_PAGE] {
                let window = summaries(&w, client, reading, now).await;
                let mut expected = full.clone();
                if reading == caseload::FOR_CASELOAD {
                    // The caseload's row carries only the newest open flags, and says how
                    // many there are; everything judged from them is the same.
                    let keep = expected.risk_flags.len().saturating_sub(3);
                    expected.risk_flags.drain(..keep);
                }
                assert_eq!(
                    window, expected,
                    "seed {seed}, {later} days on, {reading:?}"
                );
            }
        }
        let picked = w
            .store
            .caseload(
                TherapistId(1),
                Some(client),
                caseload::FOR_CASELOAD,
                Archived::Include,
            )
            .await
            .unwrap();
        if picked[0].history.len() < count as usize {
            windows_dropped_rows += 1;
        }
        assert_eq!(full.response_count, count as u32);
    }
    assert!(windows_dropped_rows > 0, "the window never dropped a row");
}
