//! The pre-session brief on a client's page: one screen to read in the minute before a
//! session, and to print. The reading itself is `ajar_core::brief`; this only draws it.

use crate::format::short_date;
use crate::messages::catalogue;
use ajar_core::api::{CaseloadEntry, ResponseView};
use ajar_core::brief::{Brief, MeasureMoved, SinceFirst, brief};
use ajar_core::instruments;
use leptos::prelude::*;

/// Prints only the brief: the page is marked until the browser says printing is over
/// (`afterprint`; `print()` does not wait for the dialog everywhere), and the print
/// style hides the rest.
fn print_brief() {
    let Some(root) = document().document_element() else {
        return;
    };
    let _ = root.class_list().add_1("printing-brief");
    // A handler, not a listener: the next print replaces it, so none pile up.
    let clear = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(root) = document().document_element() {
            let _ = root.class_list().remove_1("printing-brief");
        }
    });
    window().set_onafterprint(Some(wasm_bindgen::JsCast::unchecked_ref(&clear)));
    let _ = window().print();
}

fn moved(m: &MeasureMoved) -> String {
    let band = m
        .band
        .as_deref()
        .map(|b| format!(" ({b})"))
        .unwrap_or_default();
    let before = m
        .before
        .map(|b| format!(", {b} before"))
        .unwrap_or_default();
    let since = match m.since_first {
        SinceFirst::OnlyOne => "the first score of this therapy",
        SinceFirst::ReliablyBetter => "reliably better than at the start of this therapy",
        SinceFirst::ReliablyWorse => "reliably worse than at the start of this therapy",
        SinceFirst::NoReliableChange => "no reliable change since the start of this therapy",
    };
    format!(
        "{} {}/{}{band} on {}{before}: {since}.",
        m.title,
        m.latest,
        m.max,
        short_date(m.latest_at_ms)
    )
}

fn last_session(r: ResponseView) -> impl IntoView {
    let asked = instruments::find(&r.instrument, r.version)
        .and_then(|i| i.item(instruments::rating_item(r.version)))
        .map_or("Session rating", |item| item.text);
    let rating = r.session_rating();
    view! {
        <p>
            {format!("{}: ", short_date(r.answered_at_ms))}
            {rating.map(|v| format!("{asked} {v}/10"))}
            {r.choice_label("focus").map(|f| format!(" · on what matters: {f}"))}
            {r.choice_label("pace").map(|p| format!(" · pace: {p}"))}
        </p>
        {r.text("change").map(|c| view! { <blockquote class="note">"Change next time: " {c.to_owned()}</blockquote> })}
        {r.text("note").map(|n| view! { <blockquote class="note">{n.to_owned()}</blockquote> })}
    }
}

#[component]
pub fn PreSessionBrief(summary: CaseloadEntry, history: Vec<ResponseView>) -> impl IntoView {
    let m = catalogue();
    let Brief {
        last_session: session,
        to_bring,
        measures,
    } = brief(&history, &summary.episodes);
    view! {
        <details class="card brief" data-testid="brief">
            // The label too: on paper this is all there is to say whose brief it is.
            <summary>{format!("Before the session with {}: the brief", summary.label)}</summary>
            <h2>"What they want to bring"</h2>
            {if to_bring.is_empty() {
                view! { <p class="quiet">"Nothing written for next time since the last session."</p> }.into_any()
            } else {
                view! {
                    <ul class="brief-list">
                        {to_bring.into_iter().map(|(at, text)| view! {
                            <li><span class="quiet">{short_date(at)} ": "</span>{text}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h2>"How the last session felt to them"</h2>
            {match session {
                Some(r) => last_session(r).into_any(),
                None => view! { <p class="quiet">"No session check-in in this therapy yet."</p> }.into_any(),
            }}
            <h2>"How the measures moved"</h2>
            {if measures.is_empty() {
                view! { <p class="quiet">"No PHQ-9 or GAD-7 in this therapy yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="brief-list">{measures.iter().map(|x| view! { <li>{moved(x)}</li> }).collect_view()}</ul>
                }.into_any()
            }}
            <h2>"Open requests and flags"</h2>
            {(summary.open_requests.is_empty() && summary.alerts.is_empty()).then(|| view! {
                <p class="quiet">"None."</p>
            })}
            <ul class="brief-list">
                {summary.open_requests.iter().map(|r| view! {
                    <li>
                        <strong>{(m.wish_label)(r.wish)}</strong>
                        {format!(", asked {}", short_date(r.created_at_ms))}
                        {(!r.message.is_empty()).then(|| format!(": \u{201c}{}\u{201d}", r.message))}
                    </li>
                }).collect_view()}
                {summary.alerts.iter().map(|a| view! {
                    <li><strong>{a.kind.label()}</strong> ": " {a.reason.clone()}</li>
                }).collect_view()}
            </ul>
            <button type="button" class="button no-print" on:click=move |_| print_brief()>"Print the brief"</button>
        </details>
    }
}
