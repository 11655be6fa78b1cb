//! `/t`: the therapist's caseload. Sends to the sign-in page when signed out.

use crate::api::{self, ApiFailure};
use crate::format::short_date;
use ajar_core::api::CaseloadEntry;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    Loaded(Vec<CaseloadEntry>),
    Failed(String),
}

#[component]
pub fn Caseload() -> impl IntoView {
    let load = RwSignal::new(Load::Loading);
    let navigate = use_navigate();
    {
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::caseload().await {
                Ok(rows) => load.set(Load::Loaded(rows)),
                Err(ApiFailure::SignedOut(_)) => navigate("/t/sign-in", Default::default()),
                Err(f) => load.set(Load::Failed(f.message())),
            }
        });
    }
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = api::sign_out().await;
            navigate("/t/sign-in", Default::default());
        });
    };

    view! {
        <main class="page wide">
            <header class="bar">
                <div>
                    <p class="eyebrow">"Ajar"</p>
                    <h1>"Caseload"</h1>
                </div>
                <button class="button" on:click=sign_out>"Sign out"</button>
            </header>
            {move || match load.get() {
                Load::Loading => view! { <p class="quiet">"Loading…"</p> }.into_any(),
                Load::Failed(message) => view! { <p class="problem" role="alert">{message}</p> }.into_any(),
                Load::Loaded(rows) if rows.is_empty() => view! {
                    <p class="quiet">"No clients yet."</p>
                }.into_any(),
                Load::Loaded(rows) => view! {
                    <ul class="caseload" data-testid="caseload">
                        {rows.into_iter().map(|row| view! { <ClientRow row/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </main>
    }
}

#[component]
fn ClientRow(row: CaseloadEntry) -> impl IntoView {
    let count = match row.checkin_count {
        1 => "1 check-in".to_owned(),
        n => format!("{n} check-ins"),
    };
    let latest = row.latest.map(|c| {
        let note = (!c.note.is_empty()).then(|| c.note.as_str().to_owned());
        view! {
            <p class="latest">
                <span class="rating" aria-label=format!("Latest rating {} out of 10", c.rating.value())>
                    {c.rating.value()} <small>"/10"</small>
                </span>
                <span class="quiet">{format!("on {}", short_date(c.received_at_ms))}</span>
            </p>
            {note.map(|n| view! { <blockquote class="note">{n}</blockquote> })}
        }
    });
    view! {
        <li class="card client-row" data-testid="client-row">
            <h2>{row.label}</h2>
            <p class="quiet">{count}</p>
            {latest}
        </li>
    }
}
