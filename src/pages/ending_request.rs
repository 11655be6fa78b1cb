//! `/c/ending`: the calm way out. The client says what they would like (a last session, a
//! break, a referral, to stop, or to talk), and optionally why, in their own words. Saved
//! on the phone as they go and sent through the outbox like a check-in.
//!
//! `/c/missed` is the same form after a missed session, with its own words, choices and
//! draft: a new time, a break, or not sure about going on.

use crate::client_context::ClientContext;
use crate::client_router::use_navigate;
use crate::components::status_line::draft_status;
use crate::messages::catalogue;
use crate::offline;
use crate::offline::RequestForm;
use ajar_core::ending::{Reason, RequestDraft, Wish};
use ajar_core::outbox::Outgoing;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn EndingRequest(form: RequestForm) -> impl IntoView {
    let m = catalogue();
    let navigate = use_navigate();
    let context = expect_context::<ClientContext>();
    let (title, intro, wish_legend, reasons_legend) = match form {
        RequestForm::Ending => (
            m.ending_title,
            m.ending_intro,
            m.wish_legend,
            m.reasons_legend,
        ),
        RequestForm::Missed => (
            m.missed_title,
            m.missed_intro,
            m.missed_wish_legend,
            m.missed_reasons_legend,
        ),
    };
    let (wishes, reasons): (&[Wish], &[Reason]) = match form {
        RequestForm::Ending => (&Wish::ENDING, &Reason::ENDING),
        RequestForm::Missed => (&Wish::MISSED, &Reason::MISSED),
    };
    let draft = RwSignal::new(offline::load_or_start_request(form));
    // Every change reaches the phone's storage, and the status shows what it answered.
    let stored = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        stored.set(Some(draft.with(|d| offline::save_request(form, d))));
    });
    let problem = RwSignal::new(None::<String>);
    let edit = move |change: &dyn Fn(&mut RequestDraft)| {
        problem.set(None);
        draft.update(|d| {
            change(d);
            d.updated_at_ms = offline::now_ms();
        });
    };
    let is_break = move || draft.with(|d| matches!(d.wish, Some(Wish::Break | Wish::MissedBreak)));

    let on_submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        match draft.get_untracked().to_request() {
            Ok(request) => {
                spawn_local(async move {
                    let from = offline::DraftOf::Request(form);
                    if context.sync.enqueue(Outgoing::Request(request), from).await {
                        navigate.to("/c");
                    } else {
                        problem.set(Some(m.storage_refused.into()));
                    }
                });
            }
            Err(why) => problem.set(Some(format!("{why}."))),
        }
    };

    let text_field = move |label: &'static str,
                           name: &'static str,
                           read: fn(&RequestDraft) -> String,
                           write: fn(&mut RequestDraft, String)| {
        view! {
            <label class="field">
                <span class="question">{label} " " <span class="optional">{m.optional}</span></span>
                <span class="lead-in">{m.text_not_watched}</span>
                <textarea
                    name=name
                    rows="3"
                    prop:value=move || draft.with(read)
                    on:input=move |e| {
                        let text = event_target_value(&e);
                        edit(&|d| write(d, text.clone()));
                    }
                ></textarea>
            </label>
        }
    };

    view! {
        <p class="eyebrow"><a href="/c">{m.back_home}</a></p>
        <h1>{title}</h1>
        <p class="lead">{intro}</p>
        <form class="stack" on:submit=on_submit novalidate data-request-id=move || draft.with(|d| d.id.to_string())>
            <fieldset class="choices">
                <legend class="question">{wish_legend}</legend>
                {wishes.iter().copied().map(|wish| view! {
                    <label class="choice">
                        <input type="radio" name="wish"
                            prop:checked=move || draft.with(|d| d.wish == Some(wish))
                            on:change=move |_| edit(&|d| d.wish = Some(wish))/>
                        <span>{(m.wish_label)(wish)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <Show when=is_break>
                <label class="field">
                    <span class="question">{m.check_back_label} " " <span class="optional">{m.optional}</span></span>
                    <input type="date" name="check-back-on"
                        prop:value=move || draft.with(|d| d.check_back_on.clone())
                        on:input=move |e| {
                            let date = event_target_value(&e);
                            edit(&|d| d.check_back_on = date.clone());
                        }/>
                </label>
            </Show>
            <fieldset class="chips">
                <legend class="question">{reasons_legend}</legend>
                {reasons.iter().copied().map(|reason| view! {
                    <label class="chip">
                        <input type="checkbox" name="reason"
                            prop:checked=move || draft.with(|d| d.reasons.contains(&reason))
                            on:change=move |_| edit(&|d| d.toggle(reason))/>
                        <span>{(m.reason_label)(reason)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            {text_field(m.message_label, "message", |d| d.message.clone(), |d, t| d.message = t)}
            {text_field(m.times_label, "times", |d| d.preferred_times.clone(), |d, t| d.preferred_times = t)}
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
            <button type="submit" class="button primary">{m.send_request}</button>
            {draft_status(move || draft.with(|d| d.wish.is_some()), stored)}
        </form>
    }
}
