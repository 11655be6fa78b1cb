//! The one module that touches browser storage. Drafts (one per instrument) and the
//! outbox live in localStorage from the first tap until the server has confirmed them,
//! each under the client it was made for (`space.rs`); every change to the outbox runs
//! under the storage lock (`lock.rs`).
//!
//! What cannot be read is never taken for nothing: it is kept aside under a quarantine
//! key with the time (`ajar.quarantine.<ms>.<key>`), the client is told, and only they
//! can delete it. The next save then cannot overwrite answers this app failed to read.

pub mod lock;
pub mod space;
pub mod therapist;

use ajar_core::CheckInId;
use ajar_core::api::ClientHome;
use ajar_core::draft::{Draft, SCHEMA};
use ajar_core::ending::RequestDraft;
use ajar_core::instrument::Instrument;
use ajar_core::outbox::{self, Outbox, Outgoing};
use ajar_core::plan::Plan;
use gloo_storage::{LocalStorage, Storage};

const QUARANTINE_PREFIX: &str = "ajar.quarantine.";

/// Keeps an unreadable value aside, exactly as stored, and removes it from where the app
/// would overwrite it.
pub(crate) fn quarantine(key: &str, text: &str) {
    let aside = format!("{QUARANTINE_PREFIX}{}.{key}", now_ms());
    if LocalStorage::raw().set_item(&aside, text).is_ok() {
        LocalStorage::delete(key);
    }
}

/// Parses a stored value, or quarantines it and gives `None`.
pub(crate) fn parse<T: miniserde::Deserialize>(key: &str, text: &str) -> Option<T> {
    match miniserde::json::from_str(text) {
        Ok(v) => Some(v),
        Err(_) => {
            quarantine(key, text);
            None
        }
    }
}

/// A stored value, as JSON through miniserde (the phone's JSON: see
/// `ajar_core::phone_json`). Missing is `None`; unreadable is quarantined, then `None`.
fn load<T: miniserde::Deserialize>(key: &str) -> Option<T> {
    let text = LocalStorage::raw().get_item(key).ok()??;
    parse(key, &text)
}

/// False when the phone refused to store it (storage full or turned off).
fn store<T: miniserde::Serialize + ?Sized>(key: &str, value: &T) -> bool {
    LocalStorage::raw()
        .set_item(key, &miniserde::json::to_string(value))
        .is_ok()
}

/// Values kept aside because this app could not read them: (key, stored text).
pub fn quarantined() -> Vec<(String, String)> {
    let storage = LocalStorage::raw();
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(QUARANTINE_PREFIX))
        .filter_map(|k| Some((k.clone(), storage.get_item(&k).ok()??)))
        .collect()
}

/// The client read what was kept aside and chose to delete it.
pub fn delete_quarantined() {
    for (k, _) in quarantined() {
        LocalStorage::delete(&k);
    }
}

/// The storage key of an instrument's draft, for matching `storage` events.
pub fn draft_key(instrument: &str) -> String {
    space::key(&format!("draft.{instrument}"))
}

/// The version of instrument `id` to answer on this phone: the current one, unless a live
/// draft begun on an earlier version cannot carry over to it (its answers would change
/// meaning). That draft is then finished as it was begun, never replaced by a new one:
/// the server still accepts the earlier version.
pub fn version_to_answer(id: &str) -> Option<&'static Instrument> {
    let current = ajar_core::instruments::latest(id)?;
    let stored =
        load_draft_as_stored(&draft_key(id)).filter(|d| !d.is_expired(now_ms()) && !d.is_blank());
    Some(match stored {
        Some(d) if d.carried_to(current).is_none() => {
            ajar_core::instruments::find(id, d.version).unwrap_or(current)
        }
        _ => current,
    })
}

/// A stored draft of this app's shape. One of another shape (a newer app's, say) is kept
/// aside unread rather than replaced by a new draft.
fn load_draft_as_stored(key: &str) -> Option<Draft> {
    let text = LocalStorage::raw().get_item(key).ok()??;
    let draft = parse::<Draft>(key, &text)?;
    if draft.schema != SCHEMA {
        quarantine(key, &text);
        return None;
    }
    Some(draft)
}

/// The saved draft for this instrument, if there is a live one. Expired drafts are
/// removed here, so they never come back.
pub fn load_draft(instrument: &Instrument) -> Option<Draft> {
    let key = draft_key(instrument.id);
    let draft = load_draft_as_stored(&key)?;
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

/// Which request is being written: from the ending flow (`/c/ending`) or after a missed
/// session (`/c/missed`). Each has its own draft, so half of one never goes with the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestForm {
    Ending,
    Missed,
}

impl RequestForm {
    pub fn of(wish: ajar_core::ending::Wish) -> Self {
        if wish.is_missed() {
            Self::Missed
        } else {
            Self::Ending
        }
    }
}

fn request_key(form: RequestForm) -> String {
    space::key(match form {
        RequestForm::Ending => "draft.request",
        RequestForm::Missed => "draft.missed",
    })
}

/// The request being written, or a new one (saved at once, so its id is fixed).
pub fn load_or_start_request(form: RequestForm) -> RequestDraft {
    load::<RequestDraft>(&request_key(form)).unwrap_or_else(|| {
        let draft = RequestDraft::new(new_id(), now_ms());
        save_request(form, &draft);
        draft
    })
}

pub fn save_request(form: RequestForm, draft: &RequestDraft) -> bool {
    store(&request_key(form), draft)
}

/// The client's home as the phone last saw it, and when: what an offline start shows
/// (marked with its time) instead of guessing that nothing was ever sent.
#[derive(miniserde::Deserialize)]
pub struct SeenHome {
    pub at_ms: i64,
    pub home: ClientHome,
}

/// Keeps what the phone needs with no network: the home as last seen (what was sent,
/// what is due, the plan) and the practice's crisis text. `text` is the home's JSON as
/// the server sent it, stored as is (a serializer for the whole home would cost the
/// phone's download several KiB).
pub fn remember(home: &ClientHome, text: &str) {
    save_crisis_text(home.crisis_text.as_deref());
    store(&space::key("plan"), &home.plan);
    let seen = format!("{{\"at_ms\":{},\"home\":{text}}}", now_ms());
    let _ = LocalStorage::raw().set_item(&space::key("home"), &seen);
}

/// The home last seen on this phone for this client, if any.
pub fn last_seen_home() -> Option<SeenHome> {
    load(&space::key("home"))
}

/// The check-ins offered when the phone was last online; the usual ones before that.
pub fn plan() -> Plan {
    load::<Plan>(&space::key("plan")).unwrap_or_default()
}

pub fn save_crisis_text(text: Option<&str>) {
    match text {
        Some(t) => {
            store(&space::key("crisis-text"), t);
        }
        None => LocalStorage::delete(space::key("crisis-text")),
    }
}

/// The practice's crisis text last seen online, if it has one.
pub fn crisis_text() -> Option<String> {
    load::<String>(&space::key("crisis-text"))
}

/// The current client's outbox. One written by a newer app (a later schema) is kept
/// aside, as anything unreadable is.
pub fn load_outbox() -> Outbox {
    let key = space::key("outbox");
    let Some(text) = LocalStorage::raw().get_item(&key).ok().flatten() else {
        return Outbox::default();
    };
    match parse::<Outbox>(&key, &text) {
        Some(o) if o.schema() > outbox::SCHEMA => {
            quarantine(&key, &text);
            Outbox::default()
        }
        Some(o) => o,
        None => Outbox::default(),
    }
}

fn save_outbox(outbox: &Outbox) -> bool {
    store(&space::key("outbox"), outbox)
}

/// Where a finished check-in or request came from, to remove once it is in the outbox.
#[derive(Debug, Clone, Copy)]
pub enum DraftOf<'a> {
    Instrument(&'a str),
    Request(RequestForm),
}

/// Moves a finished draft into the outbox, in one step under the storage lock: after
/// it, the answers are in exactly one place. False (and nothing changed) when the
/// phone would not store the outbox.
pub async fn enqueue(item: Outgoing, from: DraftOf<'_>) -> bool {
    let draft = match from {
        DraftOf::Instrument(i) => draft_key(i),
        DraftOf::Request(form) => request_key(form),
    };
    lock::with(lock::STORAGE, move || {
        let mut outbox = load_outbox();
        outbox.push(item);
        let saved = save_outbox(&outbox);
        if saved {
            LocalStorage::delete(&draft);
        }
        saved
    })
    .await
}

/// Changes the outbox under the storage lock; returns what `change` returns.
pub async fn change_outbox<T: 'static>(change: impl FnOnce(&mut Outbox) -> T + 'static) -> T {
    under_lock(move || change_outbox_now(change)).await
}

/// Runs `work` holding the storage lock, for work that reads and writes a draft and the
/// outbox together (another tab's change can then never fall between the two).
pub async fn under_lock<T: 'static>(work: impl FnOnce() -> T + 'static) -> T {
    lock::with(lock::STORAGE, work).await
}

/// Changes the outbox; only inside [`under_lock`].
pub fn change_outbox_now<T>(change: impl FnOnce(&mut Outbox) -> T) -> T {
    let mut outbox = load_outbox();
    let out = change(&mut outbox);
    save_outbox(&outbox);
    out
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

/// "Forget this phone": every Ajar key, every client's drafts and outbox alike, and what
/// was kept aside.
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
