//! On the caseload, until two-step sign-in is on: a prompt to set it up.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn TwoStepPrompt() -> impl IntoView {
    let show = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(me) = api::me().await {
            show.set(!me.mfa);
        }
    });
    view! {
        <Show when=move || show.get()>
            <p class="notice" data-testid="two-step-prompt">
                "Your caseload holds your clients' answers. Protect it with a second step at sign-in: "
                <a href="/t/account">"set up two-step sign-in"</a>
                "."
            </p>
        </Show>
    }
}
