//! Closing a therapy (how it ended) and starting it again, from the caseload card.

use crate::api;
use crate::components::caseload_reload::{Reload, act};
use ajar_core::ending::EndingType;
use leptos::prelude::*;

/// Records how therapy ended. Two steps, so it is never a slip of the thumb.
#[component]
pub fn CloseTherapyForm(client_id: i64) -> impl IntoView {
    let reload = expect_context::<Reload>();
    let problem = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(None::<EndingType>);
    let confirm = move |_| {
        if let Some(ending) = chosen.get_untracked() {
            act(reload, problem, async move {
                api::close_therapy(client_id, ending).await
            });
        } else {
            problem.set(Some("Please choose how therapy ended.".into()));
        }
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class="button close-therapy" on:click=move |_| open.set(true)>"Close therapy…"</button>
            }
        >
            <fieldset class="choices ending-types">
                <legend class="question">"How did therapy end?"</legend>
                {EndingType::ALL.into_iter().map(|e| view! {
                    <label class="choice">
                        <input type="radio" name=format!("ending-{client_id}")
                            prop:checked=move || chosen.get() == Some(e)
                            on:change=move |_| chosen.set(Some(e))/>
                        <span>{e.label()}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
            <div class="row">
                <button type="button" class="button danger" on:click=confirm>"Close therapy"</button>
                <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </Show>
    }
}

#[component]
pub fn ReopenButton(client_id: i64) -> impl IntoView {
    let reload = expect_context::<Reload>();
    let problem = RwSignal::new(None::<String>);
    view! {
        {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
        <button type="button" class="button"
            on:click=move |_| act(reload, problem, async move { api::reopen_therapy(client_id).await })>
            "Start therapy again"
        </button>
    }
}
