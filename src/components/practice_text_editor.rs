//! The practice's own texts for its clients, edited from the caseload page.

use crate::api::{self, PracticeText};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A text the practice writes for its clients: the door-open message (a warm default is
/// shipped) or the crisis text (empty: the app's default, with common emergency numbers).
#[component]
pub fn PracticeTextEditor(
    which: PracticeText,
    title: &'static str,
    label: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let note = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Ok(message) = api::practice_text(which).await {
            text.set(message);
        }
    });
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        spawn_local(async move {
            note.set(Some(
                match api::set_practice_text(which, &text.get_untracked()).await {
                    Ok(_) => "Saved.".into(),
                    Err(f) => f.message(),
                },
            ));
        });
    };
    view! {
        <details class="card practice-text">
            <summary>{title}</summary>
            <p class="quiet">{hint}</p>
            <form class="stack" on:submit=save>
                <label class="field">
                    <span>{label}</span>
                    <textarea name=label rows="4" prop:value=text on:input=move |e| text.set(event_target_value(&e))></textarea>
                </label>
                <button type="submit" class="button">"Save"</button>
                <p role="status">{move || note.get()}</p>
            </form>
        </details>
    }
}
