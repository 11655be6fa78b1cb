//! `/t`: the therapist's caseload. Sends to the sign-in page when signed out.

use crate::api::{self, ApiFailure, PracticeText};
use crate::components::add_client::AddClient;
use crate::components::archived_clients::ArchivedClients;
use crate::components::audit_trail::AuditTrail;
use crate::components::caseload_finder::{CaseloadFinder, Finder};
use crate::components::caseload_reload::Reload;
use crate::components::client_list_row::ClientListRow;
use crate::components::client_row::ClientRow;
use crate::components::figures_panel::FiguresPanel;
use crate::components::practice_text_editor::PracticeTextEditor;
use crate::components::two_step_prompt::TwoStepPrompt;
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
    let finder = Finder::new();
    let navigate = use_navigate();
    let reload = Reload(RwSignal::new(0));
    provide_context(reload);
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            reload.0.track();
            let navigate = navigate.clone();
            spawn_local(async move {
                match api::caseload().await {
                    Ok(rows) => load.set(Load::Loaded(rows)),
                    Err(f @ ApiFailure::SignedOut { .. }) => {
                        crate::pages::sign_in::signed_out(&f);
                        navigate("/t/sign-in", Default::default())
                    }
                    Err(f) if f.code() == Some(ajar_core::api::MFA_SETUP_REQUIRED) => {
                        navigate("/t/account", Default::default())
                    }
                    Err(f) => load.set(Load::Failed(f.message())),
                }
            });
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
                <nav class="row">
                    <a class="button" href="/t/account">"Account"</a>
                    <button class="button" on:click=sign_out>"Sign out"</button>
                </nav>
            </header>
            // Asked only once the caseload answered: a signed-out visit asks nothing more.
            <Show when=move || matches!(load.get(), Load::Loaded(_))>
                <TwoStepPrompt/>
            </Show>
            <AddClient/>
            {move || match load.get() {
                Load::Loading => view! { <p class="quiet">"Loading…"</p> }.into_any(),
                Load::Failed(message) => view! { <p class="problem" role="alert">{message}</p> }.into_any(),
                Load::Loaded(rows) if rows.is_empty() => view! {
                    <p class="quiet">"No clients yet."</p>
                }.into_any(),
                Load::Loaded(rows) => {
                    let total = rows.len();
                    let shown = {
                        let rows = rows.clone();
                        move || rows.iter().filter(|r| finder.shows(r)).count()
                    };
                    view! {
                        <FiguresPanel/>
                        <p class="exports">
                            "Download everything: "
                            <a href="/api/v1/therapist/export.csv" download>"CSV"</a>
                            " · "
                            <a href="/api/v1/therapist/export.fhir.json" download>"FHIR (JSON)"</a>
                        </p>
                        <CaseloadFinder finder rows=rows.clone()/>
                        <p class="quiet" role="status" data-testid="shown-count">{move || match shown() {
                            0 => "No client matches.".to_owned(),
                            n if n == total => format!("All {total} clients, most urgent first."),
                            n => format!("{n} of {total} clients, most urgent first."),
                        }}</p>
                        // Each view is built only while it is chosen: 200 cards are slow to
                        // draw, and the list is there so they need not be.
                        {move || if finder.as_list.get() {
                            view! {
                                <ul class="caseload-list" data-testid="caseload-list">
                                    {rows.iter().cloned().map(|row| view! {
                                        <Show when={let row = row.clone(); move || finder.shows(&row)}>
                                            <ClientListRow row=row.clone()/>
                                        </Show>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        } else {
                            view! {
                                <ul class="caseload" data-testid="caseload">
                                    {rows.iter().cloned().map(|row| view! {
                                        <Show when={let row = row.clone(); move || finder.shows(&row)}>
                                            <ClientRow row=row.clone()/>
                                        </Show>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any()
                }
            }}
            <ArchivedClients/>
            <PracticeTextEditor which=PracticeText::DoorOpen title="Message clients see after their therapy ends"
                label="Door-open message" hint="Shown with a button to ask to start again."/>
            <PracticeTextEditor which=PracticeText::Crisis title="Crisis text for your clients"
                label="Crisis text" hint="Shown at once when a client answers PHQ-9 item 9 above 0, even offline. Put your local emergency numbers and services here. Leave it empty for Ajar's default."/>
            <AuditTrail/>
        </main>
    }
}
