//! The client's answer to a time their therapist proposed: it suits, or another would.
//! Sent at once, like a withdrawal (it needs a connection and says so); the request
//! then goes back to the therapist as new.

use crate::api;
use crate::client_context::ClientContext;
use crate::focus::focus;
use crate::messages::catalogue;
use ajar_core::CheckInId;
use ajar_core::ending::{AnswerTime, TimeAnswer};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn TimeReply(id: CheckInId) -> impl IntoView {
    let m = catalogue();
    let context = expect_context::<ClientContext>();
    let suggesting = RwSignal::new(false);
    let suggestion = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let answer = move |answer: TimeAnswer| {
        let body = AnswerTime {
            answer,
            suggestion: suggestion.get_untracked(),
        };
        spawn_local(async move {
            match api::answer_time(id, &body).await {
                Ok(_) => context.refresh(),
                // What the client typed stays in the field to send again.
                Err(f) if f.is_retryable() => problem.set(Some(m.withdraw_failed.into())),
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };
    view! {
        <div class="time-reply" data-testid="time-reply">
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
            <Show when=move || suggesting.get() fallback=move || view! {
                <div class="row">
                    <button type="button" class="button primary" on:click=move |_| answer(TimeAnswer::Suits)>{m.time_suits}</button>
                    <button type="button" class="button suggest-time" on:click=move |_| {
                        suggesting.set(true);
                        focus("textarea[name=time-suggestion]");
                    }>{m.time_another}</button>
                </div>
            }>
                <label class="field">
                    <span>{m.time_another_label}</span>
                    <textarea name="time-suggestion" rows="2"
                        prop:value=move || suggestion.get() on:input=move |e| suggestion.set(event_target_value(&e))></textarea>
                </label>
                <div class="row">
                    <button type="button" class="button primary" on:click=move |_| answer(TimeAnswer::Another)>{m.time_send}</button>
                    <button type="button" class="button" on:click=move |_| {
                        suggesting.set(false);
                        focus(".time-reply .suggest-time");
                    }>{m.time_back}</button>
                </div>
            </Show>
        </div>
    }
}
