//! The phone's outbox in a real headless Chromium (wasm-bindgen-test), with `fetch`
//! replaced by a stand-in server the test scripts: what counts as a receipt, what a
//! refusal does, which item goes first, whose answers go under which link, and what
//! happens to storage this app cannot read. Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use ajar_app::offline::{self, DraftOf, space};
use ajar_app::outbox_sync::{OutboxSync, Status};
use ajar_core::instruments::{BETWEEN, PHQ9};
use ajar_core::outbox::Outgoing;
use ajar_core::response::Answer;
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `fetch` answers from `window.__answers` (then `window.__default`) and records each
/// request body in `window.__sent`. An answer `{echo: true}` is the receipt for what was
/// sent, as Ajar would give it.
const STAND_IN: &str = r#"
window.__sent = [];
window.__answers = [];
window.fetch = async (input, init) => {
  const r = input instanceof Request ? input : new Request(input, init);
  const body = await r.text();
  window.__sent.push(body);
  const a = window.__answers.length ? window.__answers.shift() : window.__default;
  let text = a.body;
  if (a.echo) {
    const b = JSON.parse(body);
    text = JSON.stringify({ id: b.id, instrument: b.instrument, version: b.version, received_at_ms: 1 });
  }
  return new Response(text, { status: a.status, headers: { 'content-type': a.type || 'application/json' } });
};
"#;

fn js(code: &str) -> JsValue {
    js_sys::Function::new_no_args(code)
        .call0(&JsValue::NULL)
        .unwrap()
}

/// A fresh phone whose server answers `default` to anything not scripted.
fn phone(default: &str) {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    js(STAND_IN);
    js(&format!("window.__default = {default};"));
    space::open(None);
}

fn sent() -> Vec<serde_json::Value> {
    let list = js("return window.__sent.slice();");
    js_sys::Array::from(&list)
        .iter()
        .map(|v| serde_json::from_str(&v.as_string().unwrap()).unwrap())
        .collect()
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits up to 3 s for `done`.
async fn until(done: impl Fn() -> bool) {
    for _ in 0..60 {
        if done() {
            return;
        }
        sleep(50).await;
    }
}

thread_local!(static BUSY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });

/// The runner starts async tests side by side; these share one page's storage and
/// `fetch`, so each waits its turn.
struct Turn;

async fn my_turn() -> Turn {
    while BUSY.get() {
        sleep(20).await;
    }
    BUSY.set(true);
    Turn
}

impl Drop for Turn {
    fn drop(&mut self) {
        BUSY.set(false);
    }
}

/// A reactive owner for one test's `OutboxSync`, disposed when the test ends: its
/// retry timers then find their values gone and stop, instead of sending during the next
/// test.
struct Root(Owner);

impl Drop for Root {
    fn drop(&mut self) {
        self.0.cleanup();
    }
}

fn root() -> Root {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    Root(owner)
}

/// A finished weekly check-in, its draft removed as the page does.
fn weekly(since: u8) -> Outgoing {
    let mut d = offline::load_or_start_draft(&BETWEEN);
    for (item, v) in [("since", since), ("helping", 0), ("next", 0)] {
        d.set(item, Answer::Value(v), offline::now_ms());
    }
    d.set(
        "agenda",
        Answer::Text("my own words".into()),
        offline::now_ms(),
    );
    offline::save_draft(&d);
    Outgoing::Response(d.to_submission(&BETWEEN).unwrap())
}

fn phq9_with_risk() -> Outgoing {
    let mut d = offline::load_or_start_draft(&PHQ9);
    d.answers = ajar_core::instruments::answers_totalling(&PHQ9, 12, Some(1));
    offline::save_draft(&d);
    Outgoing::Response(d.to_submission(&PHQ9).unwrap())
}

#[wasm_bindgen_test]
async fn a_refusal_puts_the_answers_back_in_their_draft_with_the_reason_for_good() {
    let _turn = my_turn().await;
    phone(r#"{ status: 422, body: '{"error":"Weekly check-in: not like this."}' }"#);
    space::confirm("aaaa", None);
    let _o = root();
    let sync = OutboxSync::new();
    let item = weekly(4);
    assert!(
        sync.enqueue(item.clone(), DraftOf::Instrument(BETWEEN.id))
            .await
    );
    until(|| matches!(sync.status.get_untracked(), Status::Refused(_))).await;
    assert!(offline::load_outbox().is_clear(), "not resent forever");
    let back = offline::load_draft(&BETWEEN).expect("the answers are back in a draft");
    assert_eq!(back.id, item.id());
    assert_eq!(
        back.refused.as_deref(),
        Some("Weekly check-in: not like this.")
    );
    // Finished answers the server refused never expire on the phone.
    assert!(!back.is_expired(offline::now_ms() + 365 * ajar_core::due::DAY_MS));
}

#[wasm_bindgen_test]
async fn a_captive_portal_page_or_a_proxy_refusal_is_no_receipt() {
    let _turn = my_turn().await;
    for default in [
        r#"{ status: 200, body: '<html>Sign in to the Wi-Fi</html>', type: 'text/html' }"#,
        r#"{ status: 413, body: '<html>Too large</html>', type: 'text/html' }"#,
        r#"{ status: 429, body: '{"error":"Slow down."}' }"#,
        // Ajar's answer shape, but the receipt of something else.
        r#"{ status: 201, body: '{"id":"01010101-0101-4101-8101-010101010101","instrument":"ajar-between","version":1,"received_at_ms":1}' }"#,
    ] {
        phone(default);
        space::confirm("aaaa", None);
        let _o = root();
        let sync = OutboxSync::new();
        assert!(
            sync.enqueue(weekly(5), DraftOf::Instrument(BETWEEN.id))
                .await
        );
        until(|| !sent().is_empty() && matches!(sync.status.get_untracked(), Status::Waiting(_)))
            .await;
        assert_eq!(
            offline::load_outbox().len(),
            1,
            "{default}: still waiting to be sent"
        );
        assert!(
            offline::load_draft(&BETWEEN).is_none(),
            "{default}: not a refusal"
        );
    }
}

#[wasm_bindgen_test]
async fn risk_goes_first_and_a_held_item_blocks_nothing_behind_it() {
    let _turn = my_turn().await;
    phone("{ status: 201, echo: true }");
    assert!(!space::confirmed());
    // Nothing goes before the server has said whose phone this is.
    let _o = root();
    let sync = OutboxSync::new();
    let first = weekly(6);
    assert!(
        sync.enqueue(first.clone(), DraftOf::Instrument(BETWEEN.id))
            .await
    );
    let risk = phq9_with_risk();
    assert!(
        sync.enqueue(risk.clone(), DraftOf::Instrument(PHQ9.id))
            .await
    );
    sleep(300).await;
    assert!(
        sent().is_empty(),
        "sent before the phone knew whose answers these are: {:?}",
        sent()
    );

    // The first weekly check-in will be refused while the client has begun a new one:
    // it is held aside, and the risk answer and everything after still go.
    js(
        r#"window.__answers = [{ echo: true, status: 201 }, { status: 422, body: '{"error":"No."}' }];"#,
    );
    let mut begun = offline::load_or_start_draft(&BETWEEN);
    begun.set("since", Answer::Value(9), offline::now_ms());
    offline::save_draft(&begun);
    space::confirm("aaaa", None);
    sync.flush();
    until(|| sent().len() >= 2).await;
    let order: Vec<String> = sent()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        order,
        [risk.id().to_string(), first.id().to_string()],
        "risk first"
    );
    let outbox = offline::load_outbox();
    assert!(outbox.is_empty());
    assert_eq!(outbox.held().len(), 1, "kept, with its reason");
    assert_eq!(outbox.held()[0].reason, "No.");
    assert_eq!(
        offline::load_draft(&BETWEEN).unwrap().id,
        begun.id,
        "the new draft is untouched"
    );
}

#[wasm_bindgen_test]
async fn another_client_s_answers_are_never_sent_with_this_link() {
    let _turn = my_turn().await;
    phone("{ status: 201, echo: true }");
    let _o = root();
    // The phone was A's; A's answers wait (offline). Then B's link is opened.
    js("window.__default = { status: 503, body: '{\"error\":\"down\"}' };");
    space::confirm("a-ref", None);
    let sync = OutboxSync::new();
    let a_item = weekly(3);
    assert!(
        sync.enqueue(a_item.clone(), DraftOf::Instrument(BETWEEN.id))
            .await
    );
    until(|| !sent().is_empty()).await;
    js("window.__sent = []; window.__default = { status: 201, echo: true };");

    space::open(Some("the-token-of-b"));
    // B answers before the phone has reached the server: filed under B's link.
    let b_item = weekly(8);
    let sync = OutboxSync::new();
    assert!(
        sync.enqueue(b_item.clone(), DraftOf::Instrument(BETWEEN.id))
            .await
    );
    space::confirm("b-ref", Some("the-token-of-b"));
    sync.flush();
    until(|| !sent().is_empty() && offline::load_outbox().is_empty()).await;
    sleep(200).await;
    let ids: Vec<String> = sent()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        [b_item.id().to_string()],
        "only B's answer goes with B's link"
    );
    assert_eq!(
        space::others_unsent(),
        1,
        "A's answer is kept, and the client is told"
    );

    // A opens their own link again: A's answer goes, under A.
    js("window.__sent = [];");
    space::open(None);
    space::confirm("a-ref", Some("the-token-of-a"));
    let sync = OutboxSync::new();
    sync.flush();
    until(|| !sent().is_empty()).await;
    let ids: Vec<String> = sent()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, [a_item.id().to_string()]);
}

#[wasm_bindgen_test]
async fn storage_this_app_cannot_read_is_kept_aside_not_overwritten() {
    let _turn = my_turn().await;
    phone("{ status: 503, body: '{\"error\":\"down\"}' }");
    space::confirm("aaaa", None);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let broken = r#"{"items":[{"kind":"response","body":{"id":"not-a-uuid""#;
    storage.set_item("ajar.c-aaaa.outbox", broken).unwrap();
    // A newer app's draft: another schema.
    let newer = r#"{"schema":9,"id":"01010101-0101-4101-8101-010101010101","instrument":"phq-9","version":1,"answers":{"phq9-1":2},"step":1,"started_at_ms":0,"updated_at_ms":0}"#;
    storage.set_item("ajar.c-aaaa.draft.phq-9", newer).unwrap();

    let _o = root();
    let sync = OutboxSync::new();
    assert!(offline::load_outbox().is_clear());
    assert!(
        sync.enqueue(weekly(5), DraftOf::Instrument(BETWEEN.id))
            .await
    );
    assert_ne!(
        offline::load_or_start_draft(&PHQ9).id.to_string(),
        "01010101-0101-4101-8101-010101010101"
    );
    let kept: Vec<String> = offline::quarantined().into_iter().map(|(_, t)| t).collect();
    assert!(kept.iter().any(|t| t == broken), "{kept:?}");
    assert!(kept.iter().any(|t| t.contains("\"schema\":9")), "{kept:?}");
    assert_eq!(
        offline::load_outbox().len(),
        1,
        "the new answer is safe beside it"
    );
    offline::delete_quarantined();
    assert!(offline::quarantined().is_empty());
}
