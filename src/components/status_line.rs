//! One line that says, in words, where the client's answers are. Announced politely to
//! screen readers whenever it changes.

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
