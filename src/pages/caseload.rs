//! `/t`: the therapist's caseload. Sends to the sign-in page when signed out.

use crate::api::{self, ApiFailure};
use crate::format::short_date;
use ajar_core::api::{CaseloadEntry, ResponseView};
use ajar_core::instrument::ItemKind;
use ajar_core::instruments::{self, BETWEEN, GAD7, PHQ9, SESSION};
use ajar_core::response::Answer;
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
    let count = match row.response_count {
        1 => "1 check-in".to_owned(),
        n => format!("{n} check-ins"),
    };
    let latest = |id: &str| row.latest.iter().find(|r| r.instrument == id).cloned();
    let last = row.latest.iter().map(|r| r.received_at_ms).max();
    let risk = row.latest.iter().any(|r| r.risk);
    view! {
        <li class="card client-row" data-testid="client-row">
            <h2>{row.label.clone()}</h2>
            <p class="quiet">
                {count}
                {last.map(|at| format!(" · last on {}", short_date(at)))}
            </p>
            {risk.then(|| view! {
                <p class="badge badge-risk">"PHQ-9 item 9 answered above 0: thoughts of being better off dead or of self-harm"</p>
            })}
            {latest(SESSION.id).map(|r| view! { <SessionSummary r/> })}
            {latest(BETWEEN.id).map(|r| view! { <BetweenSummary r/> })}
            <div class="scores">
                {latest(PHQ9.id).map(|r| view! { <Score r/> })}
                {latest(GAD7.id).map(|r| view! { <Score r/> })}
            </div>
        </li>
    }
}

fn value(r: &ResponseView, item: &str) -> Option<u8> {
    match r.answers.get(item) {
        Some(Answer::Value(v)) => Some(*v),
        _ => None,
    }
}

fn text(r: &ResponseView, item: &str) -> Option<String> {
    match r.answers.get(item) {
        Some(Answer::Text(t)) if !t.is_empty() => Some(t.clone()),
        _ => None,
    }
}

/// The label of a choice answer, as the client saw it.
fn label(r: &ResponseView, item: &str) -> Option<&'static str> {
    let instrument = instruments::find(&r.instrument, r.version)?;
    let ItemKind::Choice { options } = instrument.item(item)?.kind else {
        return None;
    };
    let v = value(r, item)?;
    options.iter().find(|o| o.value == v).map(|o| o.label)
}

#[component]
fn SessionSummary(r: ResponseView) -> impl IntoView {
    let overall = value(&r, "overall").unwrap_or(0);
    view! {
        <div class="summary">
            <p class="latest">
                <span class="rating" aria-label=format!("Overall, today was right for me: {overall} out of 10")>
                    {overall} <small>"/10"</small>
                </span>
                <span class="quiet">{format!("session check-in, {}", short_date(r.received_at_ms))}</span>
            </p>
            <p class="quiet">
                {r.total.map(|t| format!("All four: {t}/40 · "))}
                {label(&r, "pace").map(|p| format!("Pace: {p}"))}
            </p>
            {text(&r, "note").map(|n| view! { <blockquote class="note">{n}</blockquote> })}
        </div>
    }
}

#[component]
fn BetweenSummary(r: ResponseView) -> impl IntoView {
    view! {
        <div class="summary">
            <p class="quiet">
                {format!("Between sessions, {}: ", short_date(r.received_at_ms))}
                {value(&r, "since").map(|v| format!("things {v}/10"))}
                {label(&r, "helping").map(|h| format!(" · helping: {h}"))}
                {label(&r, "next").map(|n| format!(" · {n}"))}
            </p>
            {text(&r, "agenda").map(|a| view! { <blockquote class="note">"Next time: " {a}</blockquote> })}
        </div>
    }
}

#[component]
fn Score(r: ResponseView) -> impl IntoView {
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
            <span class="quiet">{format!(" · {}", short_date(r.received_at_ms))}</span>
        </p>
    }
}
