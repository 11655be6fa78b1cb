//! Adding a client from the caseload page.

use crate::api;
use crate::components::caseload_reload::Reload;
use crate::components::link_card::LinkCard;
use ajar_core::api::MAX_LABEL;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Adds a client by label and shows their link at once.
#[component]
pub fn AddClient() -> impl IntoView {
    let reload = expect_context::<Reload>();
    let label = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let made = RwSignal::new(None::<ajar_core::api::ClientLink>);
    let too_long = move || label.with(|l| l.chars().count() > MAX_LABEL);
    let add = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        spawn_local(async move {
            match api::add_client(&label.get_untracked()).await {
                Ok(link) => {
                    label.set(String::new());
                    problem.set(None);
                    made.set(Some(link));
                    reload.now();
                }
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };
    view! {
        <details class="card add-client">
            <summary>"Add a client"</summary>
            <form class="stack" on:submit=add>
                <label class="field">
                    <span>"Label (initials or a pseudonym; no real name needed)"</span>
                    // No maxlength: it would cut a pasted label without a word. The count
                    // says when it is too long, and the server refuses it in words.
                    <input name="label" aria-describedby="label-count" aria-invalid=move || too_long().then_some("true")
                        prop:value=label on:input=move |e| label.set(event_target_value(&e))/>
                </label>
                <p id="label-count" class=move || if too_long() { "problem" } else { "quiet" }>
                    {move || format!("{} of {MAX_LABEL} characters", label.with(|l| l.chars().count()))}
                </p>
                {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
                <button type="submit" class="button primary">"Add client"</button>
            </form>
        </details>
        {move || made.get().map(|link| view! { <LinkCard link/> })}
    }
}
