//! One client's card on the caseload: why they need attention, their latest answers,
//! open requests, exports and how therapy ended.

use crate::components::latest_answers::{BetweenSummary, Score, SessionSummary};
use crate::components::request_panel::RequestPanel;
use crate::components::sparkline::Sparkline;
use crate::components::therapy_ending::{CloseTherapyForm, ReopenButton};
use crate::format::{alert_class, short_date};
use ajar_core::api::CaseloadEntry;
use ajar_core::instruments::{BETWEEN, GAD7, PHQ9, SESSION};
use leptos::prelude::*;

#[component]
pub fn ClientRow(row: CaseloadEntry) -> impl IntoView {
    let count = match row.response_count {
        1 => "1 check-in".to_owned(),
        n => format!("{n} check-ins"),
    };
    let latest = |id: &str| row.latest.iter().find(|r| r.instrument == id).cloned();
    let last = row.last_at_ms;
    let alerts = row.alerts.clone();
    let trend = row.trend.clone();
    let client_id = row.client_id;
    let requests = row.open_requests.clone();
    let ended = row.ended;
    view! {
        <li class="card client-row" data-testid="client-row">
            <h2><a href=format!("/t/clients/{client_id}")>{row.label.clone()}</a></h2>
            <p class="quiet">
                {count}
                {last.map(|at| format!(" · last on {}", short_date(at)))}
            </p>
            {(!alerts.is_empty()).then(|| view! {
                <ul class="alerts" aria-label="Needs attention">
                    {alerts.into_iter().map(|a| view! {
                        <li class=format!("badge alert-{}", alert_class(a.kind))>
                            <strong>{a.kind.label()}</strong> ": " {a.reason}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(trend.len() > 1).then(|| view! { <Sparkline points=trend/> })}
            {ended.map(|e| view! {
                <p class="badge badge-ended">{format!("Ended {}: {}", short_date(e.at_ms), e.ending_type.label())}</p>
            })}
            {requests.into_iter().map(|r| view! { <RequestPanel r/> }).collect_view()}
            {latest(SESSION.id).map(|r| view! { <SessionSummary r/> })}
            {latest(BETWEEN.id).map(|r| view! { <BetweenSummary r/> })}
            <div class="scores">
                {latest(PHQ9.id).map(|r| view! { <Score r/> })}
                {latest(GAD7.id).map(|r| view! { <Score r/> })}
            </div>
            <p class="exports">
                "Export: "
                <a href=format!("/api/v1/therapist/clients/{client_id}/export.csv") download
                    aria-label=format!("Export {} as CSV", row.label)>"CSV"</a>
                " · "
                <a href=format!("/api/v1/therapist/clients/{client_id}/export.fhir.json") download
                    aria-label=format!("Export {} as FHIR", row.label)>"FHIR"</a>
            </p>
            {match ended {
                Some(_) => view! { <ReopenButton client_id/> }.into_any(),
                None => view! { <CloseTherapyForm client_id/> }.into_any(),
            }}
        </li>
    }
}
