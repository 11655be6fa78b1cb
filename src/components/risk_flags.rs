//! A client's risk answers on their page: open ones in red, each with a form to record
//! what the therapist did (the only thing that closes a flag), and acknowledged ones
//! kept below with who did what and when.

use crate::api;
use crate::format::short_date;
use ajar_core::risk::{AcknowledgeRisk, RiskAction, RiskFlag};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RiskFlags(client_id: i64, flags: Vec<RiskFlag>, on_change: Callback<()>) -> impl IntoView {
    if flags.is_empty() {
        return None;
    }
    let (open, done): (Vec<RiskFlag>, Vec<RiskFlag>) =
        flags.into_iter().rev().partition(RiskFlag::is_open);
    Some(view! {
        <section class="card risk-flags" aria-labelledby="risk-heading">
            <h2 id="risk-heading">"Risk answers"</h2>
            {open.into_iter().map(|flag| view! { <OpenFlag client_id flag on_change/> }).collect_view()}
            {(!done.is_empty()).then(|| view! {
                <h3>"Acknowledged"</h3>
                <ul class="plain-list">
                    {done.into_iter().map(|flag| view! { <li><Answered flag=flag.clone()/>{acknowledged(&flag)}</li> }).collect_view()}
                </ul>
            })}
        </section>
    })
}

/// "PHQ-9, 3 Dec: "Several days" to "Thoughts that…"".
#[component]
fn Answered(flag: RiskFlag) -> impl IntoView {
    view! {
        <p>
            <strong>{format!("{}, answered {}", flag.title, short_date(flag.answered_at_ms))}</strong>
            {flag.answers.into_iter().map(|a| view! {
                <span class="risk-answer">{format!(": \u{201c}{}\u{201d} to \u{201c}{}\u{201d}", a.answer, a.question)}</span>
            }).collect_view()}
        </p>
    }
}

fn acknowledged(flag: &RiskFlag) -> Option<impl IntoView + use<>> {
    let a = flag.acknowledged.as_ref()?;
    let note = (!a.note.is_empty()).then(|| a.note.clone());
    Some(view! {
        <p class="quiet">{format!("{} by {} on {}", a.action.label(), a.by, short_date(a.at_ms))}</p>
        {note.map(|n| view! { <blockquote class="note">{n}</blockquote> })}
    })
}

#[component]
fn OpenFlag(client_id: i64, flag: RiskFlag, on_change: Callback<()>) -> impl IntoView {
    let action = RwSignal::new(None::<RiskAction>);
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let response = flag.response_id;
    let name = format!("risk-action-{}", response.0);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let Some(chosen) = action.get_untracked() else {
            problem.set(Some("Choose what you did first.".into()));
            return;
        };
        let body = AcknowledgeRisk {
            action: chosen,
            note: note.get_untracked(),
        };
        spawn_local(async move {
            match api::acknowledge_risk(client_id, response, &body).await {
                Ok(()) => on_change.run(()),
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };
    view! {
        <div class="risk-open" data-testid="risk-open">
            <p class="badge alert-risk"><Answered flag/></p>
            <form class="stack" on:submit=submit>
                <fieldset class="choices">
                    <legend>"What did you do? (This closes the flag; it stays in the history.)"</legend>
                    {RiskAction::ALL.into_iter().map(|a| {
                        let name = name.clone();
                        view! {
                            <label class="choice">
                                <input type="radio" name=name value=a.as_str()
                                    on:change=move |_| action.set(Some(a))/>
                                {a.label()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <label class="field">
                    "Note (optional)"
                    <textarea maxlength="2000" rows="2"
                        on:input=move |e| note.set(event_target_value(&e))
                        prop:value=move || note.get()></textarea>
                </label>
                <button type="submit" class="button">"Acknowledge"</button>
                <p role="alert" class="problem">{move || problem.get()}</p>
            </form>
        </div>
    }
}
