//! The one module that touches browser storage. Drafts (one per instrument) and the
//! outbox live in localStorage from the first tap until the server has confirmed them.

use ajar_core::CheckInId;
use ajar_core::api::ClientHome;
use ajar_core::draft::{Draft, SCHEMA};
use ajar_core::ending::RequestDraft;
use ajar_core::instrument::Instrument;
use ajar_core::outbox::Outbox;
use ajar_core::plan::Plan;
use gloo_storage::{LocalStorage, Storage};

/// A stored value, as JSON through miniserde (the phone's JSON: see
/// `ajar_core::phone_json`). Anything missing or unreadable is `None`.
fn load<T: miniserde::Deserialize>(key: &str) -> Option<T> {
    let text = LocalStorage::raw().get_item(key).ok()??;
    miniserde::json::from_str(&text).ok()
}

/// False when the phone refused to store it (storage full or turned off).
fn store<T: miniserde::Serialize + ?Sized>(key: &str, value: &T) -> bool {
    LocalStorage::raw()
        .set_item(key, &miniserde::json::to_string(value))
        .is_ok()
}

const DRAFT_PREFIX: &str = "ajar.draft.";
const OUTBOX_KEY: &str = "ajar.outbox";

/// The storage key of an instrument's draft, for matching `storage` events.
pub fn draft_key(instrument: &str) -> String {
    format!("{DRAFT_PREFIX}{instrument}")
}

/// The version of instrument `id` to answer on this phone: the current one, unless a live
/// draft begun on an earlier version cannot carry over to it (its answers would change
/// meaning). That draft is then finished as it was begun, never replaced by a new one:
/// the server still accepts the earlier version.
pub fn version_to_answer(id: &str) -> Option<&'static Instrument> {
    let current = ajar_core::instruments::latest(id)?;
    let stored = load::<Draft>(&draft_key(id))
        .filter(|d| d.schema == SCHEMA && !d.is_expired(now_ms()) && !d.is_blank());
    Some(match stored {
        Some(d) if d.carried_to(current).is_none() => {
            ajar_core::instruments::find(id, d.version).unwrap_or(current)
        }
        _ => current,
    })
}

/// The saved draft for this instrument, if there is a live one. Expired drafts are
/// removed here, so they never come back.
pub fn load_draft(instrument: &Instrument) -> Option<Draft> {
    let key = draft_key(instrument.id);
    let draft = load::<Draft>(&key)?;
    if draft.schema != SCHEMA {
        return None;
    }
    // A draft begun on an earlier version of the instrument carries over when its answers
    // mean the same in this one (GAD-7 version 2 only adds a question).
    let draft = draft.carried_to(instrument)?;
    if draft.is_expired(now_ms()) {
        LocalStorage::delete(&key);
        return None;
    }
    Some(draft)
}

/// The saved draft, or a new one saved at once, so its id is fixed from the start and
/// shared by every tab that opens the same check-in.
pub fn load_or_start_draft(instrument: &Instrument) -> Draft {
    load_draft(instrument).unwrap_or_else(|| {
        let draft = Draft::new(instrument, new_id(), now_ms());
        save_draft(&draft);
        draft
    })
}

/// Saves the draft. A full or disabled storage is not fatal: the answers stay on screen.
pub fn save_draft(draft: &Draft) -> bool {
    let saved = store(&draft_key(&draft.instrument), draft);
    if !saved {
        leptos::logging::warn!("could not save the draft on this phone");
    }
    saved
}

/// Removes a draft once its answers are safe in the outbox.
pub fn remove_draft(instrument: &str) {
    LocalStorage::delete(draft_key(instrument));
}

const REQUEST_DRAFT_KEY: &str = "ajar.draft.request";

/// The request being written, or a new one (saved at once, so its id is fixed).
pub fn load_or_start_request() -> RequestDraft {
    load::<RequestDraft>(REQUEST_DRAFT_KEY).unwrap_or_else(|| {
        let draft = RequestDraft::new(new_id(), now_ms());
        save_request(&draft);
        draft
    })
}

pub fn save_request(draft: &RequestDraft) -> bool {
    store(REQUEST_DRAFT_KEY, draft)
}

pub fn remove_request_draft() {
    LocalStorage::delete(REQUEST_DRAFT_KEY);
}

const CRISIS_TEXT_KEY: &str = "ajar.crisis-text";
const PLAN_KEY: &str = "ajar.plan";

/// Keeps what the phone needs with no network: the practice's crisis text, and which
/// check-ins the client is offered.
pub fn remember(home: &ClientHome) {
    save_crisis_text(home.crisis_text.as_deref());
    store(PLAN_KEY, &home.plan);
}

/// The check-ins offered when the phone was last online; the usual ones before that.
pub fn plan() -> Plan {
    load::<Plan>(PLAN_KEY).unwrap_or_default()
}

pub fn save_crisis_text(text: Option<&str>) {
    match text {
        Some(t) => {
            store(CRISIS_TEXT_KEY, t);
        }
        None => LocalStorage::delete(CRISIS_TEXT_KEY),
    }
}

/// The practice's crisis text last seen online, if it has one.
pub fn crisis_text() -> Option<String> {
    load::<String>(CRISIS_TEXT_KEY)
}

pub fn load_outbox() -> Outbox {
    load::<Outbox>(OUTBOX_KEY).unwrap_or_default()
}

/// Returns false when the phone refused to store it; the caller must then keep the
/// answers on screen rather than pretend they are safe.
pub fn save_outbox(outbox: &Outbox) -> bool {
    store(OUTBOX_KEY, outbox)
}

const SIGN_OUT_PENDING_KEY: &str = "ajar.sign-out-pending";

/// "Forget this phone" could not reach the server: the session cookie (HttpOnly, out of
/// the app's reach) still works until the server deletes the session.
pub fn mark_sign_out_pending() {
    store(SIGN_OUT_PENDING_KEY, &true);
}

pub fn sign_out_pending() -> bool {
    load::<bool>(SIGN_OUT_PENDING_KEY).unwrap_or(false)
}

pub fn clear_sign_out_pending() {
    LocalStorage::delete(SIGN_OUT_PENDING_KEY);
}

/// "Forget this phone": every Ajar key, drafts and outbox alike.
pub fn forget_everything() {
    if let Ok(Some(storage)) = web_sys::window()
        .map(|w| w.local_storage())
        .transpose()
        .map(Option::flatten)
    {
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with("ajar."))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A version-4 UUID from the browser's cryptographic random source, which (unlike
/// `crypto.randomUUID`) also exists on plain-http LAN addresses.
fn new_id() -> CheckInId {
    let mut bytes = [0u8; 16];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .expect("the browser's crypto.getRandomValues is available");
    CheckInId::from_random_bytes(bytes)
}
