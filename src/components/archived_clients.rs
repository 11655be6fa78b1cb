//! The caseload's list of archived clients, read when it is opened.

use crate::api;
use crate::format::short_date;
use ajar_core::api::ClientListing;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ArchivedClients() -> impl IntoView {
    let listed = RwSignal::new(None::<Result<Vec<ClientListing>, String>>);
    let load = move |_| {
        spawn_local(async move {
            listed.set(Some(
                api::clients()
                    .await
                    .map(|all| {
                        all.into_iter()
                            .filter(|c| c.archived_at_ms.is_some())
                            .collect()
                    })
                    .map_err(|f| f.message()),
            ));
        });
    };
    view! {
        <details class="card" data-testid="archived-clients" on:toggle=load>
            <summary>"Archived clients"</summary>
            {move || match listed.get() {
                None => view! { <p class="quiet">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="problem" role="alert">{message}</p> }.into_any(),
                Some(Ok(clients)) if clients.is_empty() => view! { <p class="quiet">"None."</p> }.into_any(),
                Some(Ok(clients)) => view! {
                    <ul class="plain-list">
                        {clients.into_iter().map(|c| view! {
                            <li>
                                <a href=format!("/t/clients/{}", c.client_id)>{c.label}</a>
                                <span class="quiet">{c.archived_at_ms.map(|at| format!(" · archived {}", short_date(at)))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </details>
    }
}
