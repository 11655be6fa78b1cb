//! `/t/sign-in`: the therapist's sign-in form.

use crate::api;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SignIn() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
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
            let result = api::sign_in(&email.get_untracked(), &password.get_untracked()).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    password.set(String::new());
                    navigate("/t", Default::default());
                }
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };

    view! {
        <main class="page narrow">
            <p class="eyebrow">"Ajar"</p>
            <h1>"Therapist sign-in"</h1>
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
                {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
                <button type="submit" class="button primary" disabled=busy>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
