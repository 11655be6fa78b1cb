//! One client in the caseload's compact list: who, why they need attention, and when
//! they last answered, on one or two lines.

use crate::format::{alert_class, short_date};
use ajar_core::api::CaseloadEntry;
use leptos::prelude::*;

#[component]
pub fn ClientListRow(row: CaseloadEntry) -> impl IntoView {
    let last = match (row.response_count, row.last_at_ms) {
        (0, _) | (_, None) => "no check-ins yet".to_owned(),
        (1, Some(at)) => format!("1 check-in · last on {}", short_date(at)),
        (n, Some(at)) => format!("{n} check-ins · last on {}", short_date(at)),
    };
    let ended = row.ended.map(|e| format!("Ended {}", short_date(e.at_ms)));
    view! {
        <li class="list-row" data-testid="list-row">
            <a class="list-label" href=format!("/t/clients/{}", row.client_id)>{row.label.clone()}</a>
            {(!row.alerts.is_empty()).then(|| view! {
                <ul class="list-reasons" aria-label="Needs attention">
                    // The reason in full is the title: the list is for finding, the card
                    // and the client's page for reading.
                    {row.alerts.iter().map(|a| view! {
                        <li class=format!("badge alert-{}", alert_class(a.kind)) title=a.reason.clone()>{a.kind.label()}</li>
                    }).collect_view()}
                </ul>
            })}
            <span class="quiet">{last}{ended.map(|e| format!(" · {e}"))}</span>
        </li>
    }
}
