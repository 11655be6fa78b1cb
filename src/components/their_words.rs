//! "In their words" on a client's page: what the client wrote, newest first, read from
//! the server a page at a time (fifty check-ins), so a client who wrote for years opens
//! as quickly as one who wrote once.

use crate::api;
use crate::format::short_date;
use ajar_core::api::ClientWords;
use ajar_core::instruments;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the words answered, as the therapist reads it.
fn what(w: &ClientWords) -> &'static str {
    match w.item.as_str() {
        "agenda" => "To bring next time",
        "change" => "To change next time",
        _ => instruments::find(&w.instrument, w.version)
            .map(|i| i.title)
            .unwrap_or("Check-in"),
    }
}

#[component]
pub fn TheirWords(client_id: i64) -> impl IntoView {
    let words = RwSignal::new(Vec::<ClientWords>::new());
    let older = RwSignal::new(None::<String>);
    // Whether a page is on its way, and what went wrong with the last one.
    let loading = RwSignal::new(true);
    let problem = RwSignal::new(None::<String>);
    let load = move |before: Option<String>| {
        loading.set(true);
        spawn_local(async move {
            match api::client_words(client_id, before.as_deref()).await {
                Ok(page) => {
                    words.update(|w| w.extend(page.words));
                    older.set(page.older);
                    problem.set(None);
                }
                Err(f) => problem.set(Some(f.message())),
            }
            loading.set(false);
        });
    };
    load(None);
    view! {
        <section data-testid="words">
            <h2 class="section">"In their words"</h2>
            {move || (!loading.get() && problem.get().is_none() && words.with(Vec::is_empty))
                .then(|| view! { <p class="quiet">"Nothing written yet."</p> })}
            <ul class="words">
                {move || words.get().into_iter().map(|w| view! {
                    <li>
                        <p class="quiet">{format!("{} · {}", what(&w), short_date(w.answered_at_ms))}</p>
                        <blockquote class="note">{w.text}</blockquote>
                    </li>
                }).collect_view()}
            </ul>
            {move || older.get().map(|before| view! {
                <button type="button" class="button" disabled=move || loading.get()
                    on:click=move |_| load(Some(before.clone()))>
                    {move || if loading.get() { "Loading…" } else { "Show older words" }}
                </button>
            })}
            <p class="problem" role="status">{move || problem.get()}</p>
        </section>
    }
}
