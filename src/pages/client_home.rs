//! `/c`: what is ready to answer, drafts in progress with their age, what was sent, and
//! "Forget this phone".

use crate::api;
use crate::client_context::{Access, ClientContext};
use crate::components::crisis_panel::CrisisPanel;
use crate::components::phone_notices::PhoneNotices;
use crate::components::reminder_toggle::ReminderToggle;
use crate::components::status_line::StatusLine;
use crate::components::time_reply::TimeReply;
use crate::focus::focus;
use crate::format::{short_date, short_date_time};
use crate::messages::catalogue;
use crate::offline;
use crate::outbox_sync::Status;
use ajar_core::api::{Ended, Receipt, RequestView};
use ajar_core::draft::Draft;
use ajar_core::due::{DAY_MS, Due, due};
use ajar_core::ending::{RequestStatus, Wish};
use ajar_core::instrument::{Context, Instrument};
use ajar_core::instruments;
use ajar_core::outbox::Outgoing;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ClientHome() -> impl IntoView {
    let context = expect_context::<ClientContext>();
    let sync = context.sync;
    let m = catalogue();

    let home = move || match context.access.get() {
        Access::Ready(home) => Some(home),
        // Offline: the home as this phone last saw it (said so on the page), never a
        // guess that nothing was sent or that everything is due.
        _ => offline::last_seen_home().map(|s| s.home),
    };
    let seen_at = move || match context.access.get() {
        Access::Ready(_) => None,
        _ => Some(offline::last_seen_home().map(|s| s.at_ms)),
    };
    // The server's record, re-read after every confirmed send.
    let sent = move || -> Vec<Receipt> { home().map(|h| h.recent).unwrap_or_default() };
    let ended = move || home().and_then(|h| h.ended.map(|e| (h.therapist_name, e)));
    // The newest request, while it is open or has an answer worth reading, or while its
    // end is news (a yes to starting again, a withdrawal): until the client sends again.
    let request = move || {
        home().and_then(|h| {
            let newest = h.requests.into_iter().next()?;
            let news = !h
                .recent
                .iter()
                .any(|s| s.received_at_ms > newest.updated_at_ms);
            let accepted = newest.wish == Wish::Resume
                && newest.status == RequestStatus::Closed
                && h.ended.is_none()
                && news;
            let withdrawn = newest.status == RequestStatus::Withdrawn && news;
            (accepted || withdrawn || newest.status.is_open() || newest.reply.is_some())
                .then_some((newest, accepted))
        })
    };
    // What the plan offers, plus anything half-answered that the therapist has since
    // taken out of it: a draft on this phone is never hidden.
    let offered = move || -> (Vec<Offer>, Vec<Offer>) {
        let home = home();
        let plan = home.as_ref().map_or_else(offline::plan, |h| h.plan.clone());
        let last_sent = |id: &str| {
            home.as_ref()?
                .last_sent
                .iter()
                .find(|l| l.instrument == id)
                .map(|l| l.received_at_ms)
        };
        let now = offline::now_ms();
        instruments::ALL
            .iter()
            .copied()
            .filter_map(|instrument| {
                let cadence = plan.cadence(instrument.id);
                // A draft begun on an earlier version counts too (it is finished as begun).
                let answering = offline::version_to_answer(instrument.id).unwrap_or(instrument);
                let draft = offline::load_draft(answering).filter(|d| !d.is_blank());
                (cadence.is_some() || draft.is_some()).then(|| Offer {
                    instrument,
                    // Unknown when the phone has never seen what was sent: offered, but
                    // not called due.
                    due: cadence
                        .filter(|_| home.is_some())
                        .map(|c| due(c, last_sent(instrument.id), now)),
                    draft,
                })
            })
            .partition(|o| {
                matches!(o.due, Some(Due::Now | Due::AfterEachSession))
                    || o.due.is_none() && o.draft.is_some()
            })
    };
    let card =
        |o: Offer| view! { <InstrumentCard instrument=o.instrument due=o.due draft=o.draft/> };
    let check_ins = move || {
        let (ready, later) = offered();
        let empty_line = match (ready.is_empty(), later.is_empty()) {
            (true, true) => Some(m.nothing_planned),
            (true, false) => Some(m.nothing_due),
            _ => None,
        };
        view! {
            <h2 class="section">{m.due_heading}</h2>
            {empty_line.map(|line| view! { <p class="quiet" data-testid="nothing-due">{line}</p> })}
            <ul class="cards">{ready.into_iter().map(card).collect_view()}</ul>
            {(!later.is_empty()).then(|| view! {
                <h2 class="section">{m.more_heading}</h2>
                <ul class="cards">{later.into_iter().map(card).collect_view()}</ul>
            })}
        }
    };

    view! {
        <p class="eyebrow">{m.app_name}</p>
        <h1>{move || match home() {
            Some(h) => (m.greeting)(&h.therapist_name),
            None => m.greeting_offline.to_owned(),
        }}</h1>
        <Show when=move || context.access.get() == Access::Offline>
            <p class="notice" data-testid="offline-notice">
                {m.offline_notice} " "
                {move || match seen_at().flatten() {
                    Some(at) => (m.offline_as_of)(&short_date_time(at)),
                    None => m.offline_unknown.to_owned(),
                }}
            </p>
        </Show>
        <Show when=move || sync.risk_sent.get()>
            <CrisisPanel/>
        </Show>
        <Show when=move || sync.status.get() == Status::Sent>
            <section class="card sent" data-testid="sent">
                <h2>{m.thanks_heading}</h2>
                <p>{m.thanks_body}</p>
            </section>
        </Show>
        <StatusLine status=sync.status/>
        <PhoneNotices/>

        {move || request().map(|(r, accepted)| view! { <RequestCard request=r accepted/> })}
        {move || match ended() {
            Some((therapist, ended)) => view! { <Goodbye therapist ended/> }.into_any(),
            None => view! {
                {check_ins}
                <section class="card ending-entry">
                    <h2>{m.ending_entry_heading}</h2>
                    <p>{m.ending_entry_body}</p>
                    <a class="button" href="/c/ending">{m.ending_entry_link}</a>
                </section>
                <section class="card missed-entry">
                    <h2>{m.missed_entry_heading}</h2>
                    <p>{m.missed_entry_body}</p>
                    <a class="button" href="/c/missed">{m.missed_entry_link}</a>
                </section>
            }.into_any(),
        }}

        <h2 class="section">{m.sent_heading}</h2>
        {move || {
            let sent = sent();
            if sent.is_empty() {
                view! { <p class="quiet">{m.nothing_sent_yet}</p> }.into_any()
            } else {
                view! {
                    <ul class="sent-list" data-testid="sent-list">
                        {sent.into_iter().map(|r| {
                            let title = instruments::find(&r.instrument, r.version)
                                .map(|i| i.title)
                                .unwrap_or(m.a_check_in);
                            view! { <li>{(m.sent_on)(title, &short_date(r.received_at_ms))}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
        // Outside the parts drawn again at every refresh, so it asks the server once.
        <Show when=move || matches!(context.access.get(), Access::Ready(h) if h.ended.is_none())>
            <ReminderToggle/>
        </Show>
        <ForgetThisPhone/>
    }
}

/// One check-in on the home page; `due` is `None` when it is only there for its draft.
struct Offer {
    instrument: &'static Instrument,
    due: Option<Due>,
    /// The answers started on this phone, if any.
    draft: Option<Draft>,
}

#[component]
fn InstrumentCard(
    instrument: &'static Instrument,
    due: Option<Due>,
    draft: Option<Draft>,
) -> impl IntoView {
    let m = catalogue();
    let now = offline::now_ms();
    let context = match instrument.context {
        Context::InSession => m.after_session,
        Context::BetweenSessions => m.between_sessions,
    };
    let when = due.map(|due| match due {
        Due::AfterEachSession => m.after_each_session.to_owned(),
        Due::Now => m.due_now.to_owned(),
        Due::From(at) => (m.next_due)(&short_date(at)),
    });
    let draft_line = draft
        .as_ref()
        .map(|d| (m.draft_age)((now - d.started_at_ms) / DAY_MS, d.days_left(now)));
    let action = if draft.is_some() {
        m.continue_draft
    } else {
        m.start
    };
    let href = format!("/c/{}", instrument.id);
    view! {
        <li class="card instrument" data-testid=format!("card-{}", instrument.id)>
            <p class="tag">{context}</p>
            <h3>{instrument.title}</h3>
            {when.map(|w| view! { <p class="quiet">{w}</p> })}
            {draft_line.map(|d| view! { <p class="draft-line" data-testid="draft-line">{d}</p> })}
            <a class="button primary" href=href aria-label=format!("{action}: {}", instrument.title)>{action}</a>
        </li>
    }
}

/// Where the client's latest request stands, in plain words, with the therapist's answer.
#[component]
fn RequestCard(
    request: RequestView,
    /// A request to start again, answered by starting again: closed, and a yes.
    accepted: bool,
) -> impl IntoView {
    let m = catalogue();
    let context = expect_context::<ClientContext>();
    let problem = RwSignal::new(None::<&'static str>);
    // Withdrawing is asked twice: a slip of the thumb must not take back an ending.
    let confirming = RwSignal::new(false);
    let id = request.id;
    let status = if accepted {
        m.resume_accepted
    } else {
        (m.request_status)(request.status)
    };
    let withdraw = move |_| {
        spawn_local(async move {
            match api::withdraw_request(id).await {
                Ok(_) => context.refresh(),
                Err(_) => problem.set(Some(m.withdraw_failed)),
            }
        });
    };
    view! {
        <section class="card request" data-testid="request">
            <h2>{m.your_request}</h2>
            <p class="strong">{(m.wish_label)(request.wish)}</p>
            <p class="request-status" data-testid="request-status">{status}</p>
            {request.reply.clone().map(|reply| view! { <blockquote class="note reply">{reply}</blockquote> })}
            {request.proposed_time.clone().filter(|t| !t.is_empty()).map(|t| view! { <p class="strong">{(m.proposed_time)(&t)}</p> })}
            {request.time_answer.map(|a| view! {
                <p data-testid="time-answered">{(m.time_answered)(a, request.time_suggestion.as_deref().unwrap_or(""))}</p>
            })}
            // A proposed time not yet answered: answer it here.
            {(request.status == RequestStatus::Answered
                && request.time_answer.is_none()
                && request.proposed_time.as_deref().is_some_and(|t| !t.is_empty()))
                .then(|| view! { <TimeReply id/> })}
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
            {request.status.is_open().then(|| view! {
                <Show when=move || confirming.get() fallback=move || view! {
                    <button type="button" class="button withdraw" on:click=move |_| {
                        confirming.set(true);
                        focus(".request .keep-request");
                    }>{m.withdraw}</button>
                }>
                    <div class="confirm" role="group" aria-labelledby="withdraw-confirm">
                        <p id="withdraw-confirm" class="strong">{m.withdraw_confirm}</p>
                        <div class="row">
                            <button type="button" class="button danger" on:click=withdraw>{m.withdraw_yes}</button>
                            <button type="button" class="button keep-request" on:click=move |_| {
                                confirming.set(false);
                                focus(".request .withdraw");
                            }>{m.withdraw_keep}</button>
                        </div>
                    </div>
                </Show>
            })}
        </section>
    }
}

/// After the therapist closed therapy: a warm goodbye, their door-open message, and a way
/// back that reaches them like any request.
#[component]
fn Goodbye(therapist: String, ended: Ended) -> impl IntoView {
    let m = catalogue();
    let context = expect_context::<ClientContext>();
    let message = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let ask = move |_| {
        let mut draft = offline::load_or_start_request(offline::RequestForm::Ending);
        draft.wish = Some(Wish::Resume);
        draft.message = message.get_untracked();
        draft.updated_at_ms = offline::now_ms();
        match draft.to_request() {
            Ok(r) => spawn_local(async move {
                let from = offline::DraftOf::Request(offline::RequestForm::Ending);
                if context.sync.enqueue(Outgoing::Request(r), from).await {
                    message.set(String::new());
                } else {
                    problem.set(Some(m.storage_refused.into()));
                }
            }),
            Err(why) => problem.set(Some(format!("{why}."))),
        }
    };
    let asked = move || {
        matches!(context.access.get(), Access::Ready(h)
            if h.requests.first().is_some_and(|r| r.wish == Wish::Resume && r.status.is_open()))
    };
    view! {
        <section class="card goodbye" data-testid="goodbye">
            <h2>{m.ended_heading}</h2>
            <p>{(m.ended_intro)(&therapist)}</p>
            <blockquote class="note">{ended.message}</blockquote>
            <Show when=move || !asked()>
                <label class="field">
                    <span>{m.resume_message_label} " " <span class="optional">{m.optional}</span></span>
                    <span class="lead-in">{m.text_not_watched}</span>
                    <textarea name="resume-message" rows="3"
                        prop:value=message on:input=move |e| message.set(event_target_value(&e))></textarea>
                </label>
                {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
                <button type="button" class="button primary" on:click=ask>{m.ask_resume}</button>
            </Show>
        </section>
    }
}

#[component]
fn ForgetThisPhone() -> impl IntoView {
    let context = expect_context::<ClientContext>();
    let m = catalogue();
    let asking = RwSignal::new(false);
    let unsent = move || {
        let o = offline::load_outbox();
        o.len() + o.held().len() + offline::space::others_unsent()
    };
    let forget = move |_| {
        offline::forget_everything();
        // The server drops this phone's reminders with its session; the browser's
        // subscription goes too.
        spawn_local(crate::push::unsubscribe());
        // Until the server has ended the session, the next start signs out first (see
        // `ClientContext::connect`): otherwise whoever opens the app next would see this
        // client's requests and replies.
        offline::mark_sign_out_pending();
        context.access.set(Access::Forgotten);
        spawn_local(async {
            if api::client_sign_out().await.is_ok() {
                offline::clear_sign_out_pending();
            }
        });
    };
    view! {
        <section class="card forget">
            <h2>{m.forget_heading}</h2>
            <p>{m.forget_explain}</p>
            <Show
                when=move || asking.get()
                fallback=move || view! {
                    <button type="button" class="button" on:click=move |_| asking.set(true)>{m.forget_button}</button>
                }
            >
                {move || (unsent() > 0).then(|| view! { <p class="problem" role="alert">{(m.forget_unsent_warning)(unsent())}</p> })}
                <div class="row">
                    <button type="button" class="button danger" on:click=forget>{m.forget_confirm}</button>
                    <button type="button" class="button" on:click=move |_| asking.set(false)>{m.forget_cancel}</button>
                </div>
            </Show>
        </section>
    }
}
