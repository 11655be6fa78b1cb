//! `/c/:instrument`: one check-in, one question per screen. Every answer is saved on the
//! phone at once; "Send" moves the finished check-in to the outbox.

use crate::client_context::ClientContext;
use crate::client_router::use_navigate;
use crate::components::choice_list::ChoiceList;
use crate::components::crisis_panel::CrisisPanel;
use crate::components::rating_scale::RatingScale;
use crate::components::status_line::draft_status;
use crate::messages::catalogue;
use crate::offline;
use ajar_core::draft::Draft;
use ajar_core::instrument::{Context, Instrument, Item, ItemKind};
use ajar_core::outbox::Outgoing;
use ajar_core::response::{self, Answer, AnswerError};
use ajar_core::{Rating, instruments};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn CheckIn(id: String) -> impl IntoView {
    let m = catalogue();
    match offline::version_to_answer(&id) {
        Some(instrument) => view! { <CheckInSteps instrument/> }.into_any(),
        None => view! {
            <p class="problem" role="alert">{m.not_found_checkin}</p>
            <a href="/c">{m.back_home}</a>
        }
        .into_any(),
    }
}

#[component]
fn CheckInSteps(instrument: &'static Instrument) -> impl IntoView {
    let m = catalogue();
    let context = expect_context::<ClientContext>();
    let navigate = use_navigate();
    let total = instrument.items.len();

    let draft = RwSignal::new(offline::load_or_start_draft(instrument));
    // Every change reaches the phone's storage, and the status shows what it answered.
    let stored = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        stored.set(Some(draft.with(offline::save_draft)));
    });
    // The same check-in open in another tab: adopt what it saved, so both tabs share one
    // draft and one id. (A `storage` event only fires in the *other* tabs.)
    let key = offline::draft_key(instrument.id);
    let other_tab = window_event_listener(ev::storage, move |e| {
        if e.key().as_deref() == Some(key.as_str()) {
            draft.set(offline::load_or_start_draft(instrument));
        }
    });
    on_cleanup(move || other_tab.remove());

    let problem = RwSignal::new(None::<String>);
    let step = Memo::new(move |_| draft.with(|d| d.step.min(total - 1)));
    let item = move || &instrument.items[step.get()];
    let answer = move |id: &'static str| draft.with(|d| d.answers.get(id).cloned());
    let set_answer = move |id: &'static str, a: Answer| {
        problem.set(None);
        draft.update(|d| d.set(id, a, offline::now_ms()));
    };
    let go_to = move |to: usize| {
        problem.set(None);
        draft.update(|d| d.step = to.min(total - 1));
        // The new question takes the focus, so a screen reader reads it out and the
        // keyboard starts there (not on a Next button that moved).
        request_animation_frame(|| {
            let question = document()
                .query_selector("form.checkin .question")
                .ok()
                .flatten()
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
            if let Some(q) = question {
                let _ = q.focus();
            }
        });
    };
    let risk = move || draft.with(|d| response::shows_risk(instrument, &d.answers));
    let can_go_back = move || step.get() != 0;

    let on_submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let current = item();
        if current.required && answer(current.id).is_none() {
            problem.set(Some(m.please_answer.into()));
            return;
        }
        if step.get_untracked() + 1 < total {
            go_to(step.get_untracked() + 1);
            return;
        }
        let finished: Draft = draft.get_untracked();
        match finished.to_submission(instrument) {
            Ok(submission) => {
                let wrap_up = wants_to_wrap_up(&submission.answers);
                spawn_local(async move {
                    let from = offline::DraftOf::Instrument(instrument.id);
                    if context
                        .sync
                        .enqueue(Outgoing::Response(submission), from)
                        .await
                    {
                        // "Think about wrapping up" leads straight to the ending flow.
                        navigate.to(if wrap_up { "/c/ending" } else { "/c" });
                    } else {
                        problem.set(Some(m.storage_refused.into()));
                    }
                });
            }
            Err(error) => {
                if let Some(at) = step_of(instrument, &error) {
                    go_to(at);
                }
                problem.set(Some(format!("{error}.")));
            }
        }
    };

    let context_tag = match instrument.context {
        Context::InSession => m.after_session,
        Context::BetweenSessions => m.between_sessions,
    };
    view! {
        <p class="eyebrow"><a href="/c">{m.back_home}</a></p>
        <p class="tag">{context_tag}</p>
        <h1>{instrument.title}</h1>
        <Show when=risk>
            <CrisisPanel/>
        </Show>
        {move || draft.with(|d| d.refused.clone()).map(|why| view! {
            <p class="problem" role="status" data-testid="refused">{(m.refused_draft)(&why)}</p>
        })}
        <p class="progress-text" data-testid="progress">{move || (m.progress)(step.get() + 1, total)}</p>
        <progress class="progress" max=total value=move || step.get() + 1 aria-hidden="true"></progress>
        <form class="checkin" on:submit=on_submit novalidate data-draft-id=move || draft.with(|d| d.id.to_string())>
            {move || {
                let current = item();
                view! { <Question instrument item=current draft set_answer/> }
            }}
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
            <div class="row">
                <Show when=can_go_back>
                    <button type="button" class="button" on:click=move |_| go_to(step.get_untracked() - 1)>{m.back}</button>
                </Show>
                <button type="submit" class="button primary">
                    {move || if step.get() + 1 < total { m.next } else { m.send }}
                </button>
            </div>
            {draft_status(move || !draft.with(Draft::is_blank), stored)}
        </form>
        <p class="licence quiet">{instrument.licence}</p>
    }
}

/// One question, drawn for its kind of answer.
#[component]
fn Question(
    instrument: &'static Instrument,
    item: &'static Item,
    draft: RwSignal<Draft>,
    set_answer: impl Fn(&'static str, Answer) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let m = catalogue();
    let id = item.id;
    let value = Signal::derive(move || {
        draft.with(|d| match d.answers.get(id) {
            Some(Answer::Value(v)) => Some(*v),
            _ => None,
        })
    });
    match item.kind {
        ItemKind::Scale { low, high } => view! {
            <RatingScale
                question=item.text
                lead=instrument.intro
                low_label=low
                high_label=high
                value=Signal::derive(move || value.get().and_then(|v| Rating::parse(v).ok()))
                on_pick=move |r: Rating| set_answer(id, Answer::Value(r.value()))
            />
        }
        .into_any(),
        ItemKind::Choice { options } => view! {
            <ChoiceList
                question=item.text
                lead=instrument.intro
                options
                value
                on_pick=move |v| set_answer(id, Answer::Value(v))
            />
        }
        .into_any(),
        ItemKind::Text { max_chars } => {
            let text = move || {
                draft.with(|d| match d.answers.get(id) {
                    Some(Answer::Text(t)) => t.clone(),
                    _ => String::new(),
                })
            };
            // Counted as sent, spaces too, as the server counts.
            let too_long = move || text().chars().count() > max_chars;
            view! {
                <label class="field">
                    <span class="question" tabindex="-1">{item.text} " " <span class="optional">{m.optional}</span></span>
                    <span class="lead-in">{m.text_not_watched}</span>
                    <textarea
                        name=id
                        rows="5"
                        prop:value=text
                        on:input=move |e| set_answer(id, Answer::Text(event_target_value(&e)))
                        aria-invalid=move || too_long().then_some("true")
                    ></textarea>
                </label>
                <Show when=too_long>
                    <p class="problem">{(m.keep_under)(max_chars)}</p>
                </Show>
            }
            .into_any()
        }
    }
}

/// The weekly check-in's "How would you like to go on?" answered "Think about wrapping up".
fn wants_to_wrap_up(answers: &ajar_core::response::Answers) -> bool {
    answers.get(instruments::WRAP_UP.0) == Some(&Answer::Value(instruments::WRAP_UP.1))
}

/// The step that shows the question an error is about.
fn step_of(instrument: &Instrument, error: &AnswerError) -> Option<usize> {
    let item = match error {
        AnswerError::Missing { item, .. }
        | AnswerError::NotAChoice { item, .. }
        | AnswerError::OutOfScale { item, .. }
        | AnswerError::WrongKind { item, .. }
        | AnswerError::TooLong { item, .. } => *item,
        AnswerError::UnknownItem(_) => return None,
    };
    instrument.items.iter().position(|i| i.id == item)
}
