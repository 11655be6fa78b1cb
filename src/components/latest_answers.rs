//! A client's latest session check-in, between-session check-in and scores, as the
//! caseload card shows them.

use crate::format::short_date;
use ajar_core::api::ResponseView;
use ajar_core::instruments;
use leptos::prelude::*;

#[component]
pub fn SessionSummary(r: ResponseView) -> impl IntoView {
    let rating = r.session_rating().unwrap_or(0);
    // The question as this version asked it (version 1's headline was "overall").
    let asked = instruments::find(&r.instrument, r.version)
        .and_then(|i| i.item(instruments::rating_item(r.version)))
        .map_or("Session rating", |item| item.text);
    let change = r.text("change").map(str::to_owned);
    view! {
        <div class="summary">
            <p class="latest">
                <span class="rating" aria-label=format!("{asked} {rating} out of 10")>
                    {rating} <small>"/10"</small>
                </span>
                <span class="quiet">{format!("session check-in, {}", short_date(r.answered_at_ms))}</span>
            </p>
            <p class="quiet">
                {r.choice_label("focus").map(|f| format!("On what matters: {f} · "))}
                {r.total.map(|t| format!("All four: {t}/40 · "))}
                {r.choice_label("pace").map(|p| format!("Pace: {p}"))}
            </p>
            {change.map(|c| view! { <blockquote class="note">"Change next time: " {c}</blockquote> })}
            {r.text("note").map(str::to_owned).map(|n| view! { <blockquote class="note">{n}</blockquote> })}
        </div>
    }
}

#[component]
pub fn BetweenSummary(r: ResponseView) -> impl IntoView {
    view! {
        <div class="summary">
            <p class="quiet">
                {format!("Between sessions, {}: ", short_date(r.answered_at_ms))}
                {r.value("since").map(|v| format!("things {v}/10"))}
                {r.choice_label("helping").map(|h| format!(" · helping: {h}"))}
                {r.choice_label("next").map(|n| format!(" · {n}"))}
            </p>
            {r.text("agenda").map(str::to_owned).map(|a| view! { <blockquote class="note">"Next time: " {a}</blockquote> })}
        </div>
    }
}

#[component]
pub fn Score(r: ResponseView) -> impl IntoView {
    let title = instruments::find(&r.instrument, r.version)
        .map(|i| i.title)
        .unwrap_or("Score");
    let max = instruments::find(&r.instrument, r.version)
        .and_then(|i| i.max_total())
        .unwrap_or(0);
    view! {
        <p class="score">
            <strong>{format!("{title} {}/{max}", r.total.unwrap_or(0))}</strong>
            {r.band.clone().map(|b| format!(" {b}"))}
            <span class="quiet">{format!(" · {}", short_date(r.answered_at_ms))}</span>
        </p>
    }
}
