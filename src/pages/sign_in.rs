//! `/t/sign-in`: the therapist's sign-in form. Once two-step sign-in is on, the server
//! answers a right password with "mfa-required" and the form asks for the code too.

use crate::api::{self, ApiFailure};
use crate::focus::focus;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use std::cell::RefCell;

thread_local! {
    /// Why the last page sent the therapist here, when the server said (a password
    /// change, "sign out all other devices", a disabled account): read once.
    static WHY: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Before sending a signed-out therapist here: keeps the server's reason to show, if
/// it gave one (a session that merely expired needs no explanation).
pub fn signed_out(failure: &ApiFailure) {
    if failure.code().is_some() {
        WHY.with(|w| *w.borrow_mut() = Some(failure.message()));
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let why = WHY.with(|w| w.borrow_mut().take());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // The server asked for the second step: the code field shows, and stays.
    let asks_code = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();

    let on_submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        problem.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let typed = code.get_untracked();
            let second = (asks_code.get_untracked() && !typed.trim().is_empty()).then_some(typed);
            let result = api::sign_in(
                &email.get_untracked(),
                &password.get_untracked(),
                second.as_deref(),
            )
            .await;
            busy.set(false);
            match result {
                Ok(_) => {
                    password.set(String::new());
                    code.set(String::new());
                    navigate("/t", Default::default());
                }
                Err(f) if f.code() == Some(ajar_core::api::MFA_REQUIRED) => {
                    code.set(String::new());
                    // The first time, the field appearing is the message; after a wrong
                    // code, the server's sentence says so.
                    if asks_code.get_untracked() {
                        problem.set(Some(f.message()));
                    }
                    asks_code.set(true);
                    focus("input[name=code]");
                }
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };

    view! {
        <main class="page narrow">
            <p class="eyebrow">"Ajar"</p>
            <h1>"Therapist sign-in"</h1>
            {why.map(|w| view! { <p class="notice" role="status" data-testid="signed-out-why">{w}</p> })}
            <form class="stack" on:submit=on_submit>
                <label class="field">
                    <span>"Email"</span>
                    <input type="email" name="email" autocomplete="username" required
                        prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span>"Password"</span>
                    <input type="password" name="password" autocomplete="current-password" required
                        prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                <Show when=move || asks_code.get()>
                    <label class="field">
                        <span>"Code from your authenticator app"</span>
                        <span class="quiet">"Six digits, or one of your recovery codes."</span>
                        <input type="text" name="code" autocomplete="one-time-code" inputmode="text"
                            spellcheck="false" required
                            prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                    </label>
                </Show>
                {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
                <button type="submit" class="button primary" disabled=busy>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
