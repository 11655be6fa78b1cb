//! The one module that touches browser storage: the client's check-in draft lives in
//! localStorage from the first tap until the server has confirmed it.

use ajar_core::CheckInId;
use ajar_core::draft::{Draft, SCHEMA};
use ajar_core::outbox::Outbox;
use gloo_storage::{LocalStorage, Storage};

const DRAFT_KEY: &str = "ajar.checkin-draft";

/// The saved draft, or a new one (saved at once, so its id is fixed from the start).
pub fn load_or_start_draft() -> Draft {
    match LocalStorage::get::<Draft>(DRAFT_KEY) {
        Ok(draft) if draft.schema == SCHEMA => draft,
        _ => {
            let draft = new_draft();
            save_draft(&draft);
            draft
        }
    }
}

/// A blank draft with a fresh id.
pub fn new_draft() -> Draft {
    Draft::new(new_id(), now_ms())
}

/// Saves the draft. A full or disabled storage is not fatal: the answers stay on screen.
pub fn save_draft(draft: &Draft) {
    if let Err(e) = LocalStorage::set(DRAFT_KEY, draft) {
        leptos::logging::warn!("could not save the draft on this phone: {e}");
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

const OUTBOX_KEY: &str = "ajar.outbox";

pub fn load_outbox() -> Outbox {
    LocalStorage::get::<Outbox>(OUTBOX_KEY).unwrap_or_default()
}

/// Returns false when the phone refused to store it; the caller must then keep the
/// answers on screen rather than pretend they are safe.
pub fn save_outbox(outbox: &Outbox) -> bool {
    LocalStorage::set(OUTBOX_KEY, outbox).is_ok()
}
