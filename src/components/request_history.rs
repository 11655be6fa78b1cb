//! A client's requests on their page, in every status: what they asked stays in view
//! after they withdraw it or it is closed (the caseload shows only open ones).

use crate::format::short_date;
use crate::messages::catalogue;
use ajar_core::api::RequestView;
use ajar_core::ending::{RequestStatus, TimeAnswer};
use leptos::prelude::*;

/// Where a request stands, as the therapist reads it.
pub fn standing(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Sent => "New",
        RequestStatus::Seen => "Seen",
        RequestStatus::Answered => "Answered",
        RequestStatus::Closed => "Closed",
        RequestStatus::Withdrawn => "Withdrawn by the client",
    }
}

/// The client's answer to a proposed time, as the therapist reads it.
pub fn time_answer_words(r: &RequestView) -> Option<String> {
    let time = r
        .proposed_time
        .as_deref()
        .unwrap_or("the time you proposed");
    r.time_answer.map(|a| match a {
        TimeAnswer::Suits => format!("{time} suits them."),
        TimeAnswer::Another => format!(
            "{time} does not suit them; they suggest: {}",
            r.time_suggestion.as_deref().unwrap_or("")
        ),
    })
}

#[component]
pub fn RequestHistory(requests: Vec<RequestView>) -> impl IntoView {
    let m = catalogue();
    (!requests.is_empty()).then(|| {
        view! {
            <section class="card" data-testid="request-history">
                <h2>"Their requests"</h2>
                <ul class="request-history">
                    {requests.into_iter().map(|r| view! {
                        <li>
                            <p>
                                <strong>{(m.wish_label)(r.wish)}</strong>
                                {format!(" · asked {} · {}", short_date(r.created_at_ms), standing(r.status))}
                            </p>
                            {(!r.message.is_empty()).then(|| view! { <blockquote class="note">{r.message.clone()}</blockquote> })}
                            {r.reply.clone().map(|rep| view! { <p class="quiet">"Your reply: " {rep}</p> })}
                            {time_answer_words(&r).map(|t| view! { <p class="quiet">{t}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
