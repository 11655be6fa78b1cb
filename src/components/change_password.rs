//! The account page's "Change password": the current one first, so a session left open
//! on a shared computer cannot change it; every other device is then signed out.

use crate::api;
use ajar_core::api::MIN_PASSWORD_CHARS;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ChangePassword() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        done.set(false);
        if new.get_untracked().chars().count() < MIN_PASSWORD_CHARS {
            problem.set(Some(format!(
                "The new password must be at least {MIN_PASSWORD_CHARS} characters long."
            )));
            return;
        }
        spawn_local(async move {
            match api::change_password(&current.get_untracked(), &new.get_untracked()).await {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    done.set(true);
                }
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };
    view! {
        <section class="card" data-testid="change-password">
            <h2>"Change password"</h2>
            <form class="stack" on:submit=submit>
                <label class="field">
                    <span>"Current password"</span>
                    <input type="password" name="current-password" autocomplete="current-password" required
                        prop:value=current on:input=move |ev| current.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span>"New password"</span>
                    <span class="quiet">{format!("At least {MIN_PASSWORD_CHARS} characters. A few unrelated words make a good one.")}</span>
                    <input type="password" name="new-password" autocomplete="new-password" required
                        prop:value=new on:input=move |ev| new.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button">"Change password"</button>
            </form>
            <Show when=move || done.get()>
                <p role="status">"Your password is changed. Every other device was signed out."</p>
            </Show>
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
        </section>
    }
}
