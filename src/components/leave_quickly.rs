//! "Leave quickly": on every client page, for a client who must hide that they use Ajar
//! (someone looking over their shoulder, a shared phone). The page is blanked at once
//! and replaced by a neutral site; since the client's side keeps a single history entry
//! (`client_router::go`), Back does not return to Ajar. Drafts stay on the phone.

use crate::messages::catalogue;
use leptos::prelude::*;

/// Where a quick exit lands: an ordinary, neutral page.
pub const NEUTRAL_PAGE: &str = "https://www.bbc.com/weather";

#[component]
pub fn LeaveQuickly() -> impl IntoView {
    let m = catalogue();
    let leave = move |_| {
        let window = window();
        if let Some(body) = window.document().and_then(|d| d.body()) {
            body.set_inner_html("");
        }
        if let Some(document) = window.document() {
            document.set_title("");
        }
        let _ = window.location().replace(NEUTRAL_PAGE);
    };
    view! {
        <button type="button" class="leave-quickly" data-testid="leave-quickly" on:click=leave>
            {m.leave_quickly}
        </button>
    }
}
