//! The therapist's own audit trail, read when it is opened.

use crate::api;
use crate::format::short_date_time;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The therapist's own audit trail: every read of client answers, export and change.
#[component]
pub fn AuditTrail() -> impl IntoView {
    let entries = RwSignal::new(None::<Vec<ajar_core::api::AuditEntry>>);
    let load = move |_| {
        if entries.get_untracked().is_none() {
            spawn_local(async move {
                entries.set(Some(api::audit_trail().await.unwrap_or_default()));
            });
        }
    };
    view! {
        <details class="card audit" on:toggle=load>
            <summary>"Your activity (audit trail)"</summary>
            <p class="quiet">"Every time you read a client's answers, export, or change something, it is recorded here and cannot be edited."</p>
            <ul class="audit-list">
                {move || entries.get().unwrap_or_default().into_iter().map(|e| view! {
                    <li>{format!("{} · {}", short_date_time(e.at_ms), e.described)}</li>
                }).collect_view()}
            </ul>
        </details>
    }
}
