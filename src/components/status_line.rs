//! One line that says, in words, where the client's answers are. Announced politely to
//! screen readers whenever it changes.

use crate::messages::catalogue;
use crate::outbox_sync::Status;
use leptos::prelude::*;

#[component]
pub fn StatusLine(#[prop(into)] status: Signal<Status>) -> impl IntoView {
    let class = move || match status.get() {
        Status::Sent => "status status-ok",
        Status::Waiting(_) => "status status-wait",
        Status::Refused(_) | Status::SignedOut => "status status-problem",
        _ => "status",
    };
    view! {
        <p class=class role="status" aria-live="polite" data-testid="status">
            {move || status.get().words()}
        </p>
    }
}

/// Whether the draft being written is on the phone, as the phone's storage answered its
/// last save (`stored`: `None` until it has answered). Says nothing before the client has
/// started, and never "saved" when the storage refused (full, or switched off). A plain
/// function rather than a component: no props struct or signals in the phone's bundle.
pub fn draft_status(
    started: impl Fn() -> bool + Send + Sync + 'static,
    stored: RwSignal<Option<bool>>,
) -> impl IntoView {
    let m = catalogue();
    let class = move || match stored.get() {
        Some(false) => "status status-problem",
        _ => "status",
    };
    let words = move || match (started(), stored.get()) {
        (true, Some(true)) => Some(m.saved_on_phone),
        (true, Some(false)) => Some(m.not_saved_on_phone),
        _ => None,
    };
    view! {
        <p class=class role="status" aria-live="polite" data-testid="draft-status">{words}</p>
    }
}
