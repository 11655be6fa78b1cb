//! Archive a client (off the caseload, link stopped, phone signed out) or restore one.
//! Archiving asks once more before it acts: it signs the client's phone out.

use crate::api;
use crate::format::short_date;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ArchiveControls(
    client_id: i64,
    label: String,
    archived_at_ms: Option<i64>,
    /// Called after a change, so the page reads the client again.
    on_change: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let act = move |archive: bool| {
        spawn_local(async move {
            let done = if archive {
                api::archive(client_id).await
            } else {
                api::restore(client_id).await
            };
            match done {
                Ok(()) => {
                    asking.set(false);
                    on_change.run(());
                }
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };
    let problem_line = move || {
        problem
            .get()
            .map(|p| view! { <p class="problem" role="alert">{p}</p> })
    };
    match archived_at_ms {
        Some(at) => view! {
            <section class="card archived" data-testid="archived">
                <h2>{format!("Archived on {}", short_date(at))}</h2>
                <p>"Not on your caseload. Their link is stopped and their phone is signed out. Their answers are kept, and are in your exports."</p>
                <button type="button" class="button primary" on:click=move |_| act(false)>"Restore to caseload"</button>
                <p class="quiet">"After restoring, make a new link for them."</p>
                {problem_line}
            </section>
        }
        .into_any(),
        None => view! {
            <section class="card">
                <h2>"Archive"</h2>
                <p class="quiet">"When you no longer work with this client. Their answers are kept for your records and exports, and you can restore them at any time."</p>
                <Show
                    when=move || asking.get()
                    fallback=move || view! {
                        <button type="button" class="button" on:click=move |_| asking.set(true)>"Archive this client…"</button>
                    }
                >
                    <p class="strong" role="alert">{format!("Archive {label}? Their link stops working and their phone is signed out; anything not yet sent from it stays on the phone.")}</p>
                    <div class="row">
                        <button type="button" class="button danger" on:click=move |_| act(true)>"Yes, archive"</button>
                        <button type="button" class="button" on:click=move |_| asking.set(false)>"Cancel"</button>
                    </div>
                </Show>
                {problem_line}
            </section>
        }
        .into_any(),
    }
}
