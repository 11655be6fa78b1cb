//! `/c`: the client's page. Opened from the personal link (`/c#t=…`), it trades the token
//! for a session cookie, removes it from the address bar, and shows the check-in.

use crate::api::{self, ApiFailure};
use crate::checkin_flow::{CheckInFlow, Status};
use crate::components::rating_scale::RatingScale;
use crate::components::status_line::StatusLine;
use crate::format::short_date;
use ajar_core::api::ClientHome;
use ajar_core::checkin::{HIGH_LABEL, LOW_LABEL, NOTE_PROMPT, QUESTION};
use ajar_core::{Note, link};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq)]
enum Access {
    Connecting,
    Ready(ClientHome),
    /// Offline before the server could say who this is: the form still works.
    Offline,
    /// The link is wrong or the phone is signed out; no form makes sense.
    Refused(String),
}

#[component]
pub fn ClientCheckIn() -> impl IntoView {
    let access = RwSignal::new(Access::Connecting);
    let flow = CheckInFlow::new();

    let connect = move || {
        spawn_local(async move {
            let result = match link_token() {
                Some(token) => {
                    let r = api::exchange_link(&token).await;
                    if r.is_ok() {
                        forget_token_in_address_bar();
                    }
                    r
                }
                None => api::client_home().await,
            };
            access.set(match result {
                Ok(home) => {
                    flow.last_sent.set(home.last_checkin.clone());
                    flow.flush();
                    Access::Ready(home)
                }
                Err(f) if f.is_retryable() => Access::Offline,
                Err(ApiFailure::SignedOut(_)) => Access::Refused(
                    "This phone is not signed in. Please open the personal link your therapist gave you."
                        .into(),
                ),
                Err(f) => Access::Refused(f.message()),
            });
        });
    };
    connect();
    let online = window_event_listener(ev::online, move |_| {
        if !matches!(access.get_untracked(), Access::Ready(_)) {
            connect();
        } else {
            flow.flush();
        }
    });
    on_cleanup(move || online.remove());

    view! {
        <main class="page client">
            {move || match access.get() {
                Access::Connecting => view! { <p class="quiet">"Opening your check-in…"</p> }.into_any(),
                Access::Refused(message) => view! {
                    <h1>"Ajar"</h1>
                    <p class="problem" role="alert">{message}</p>
                }.into_any(),
                Access::Ready(home) => view! {
                    <Greeting home=Some(home)/>
                    <CheckInForm flow/>
                }.into_any(),
                Access::Offline => view! {
                    <Greeting home=None/>
                    <p class="notice">
                        "You're offline. You can still answer: your check-in is saved on this phone and sent when you're back online."
                    </p>
                    <CheckInForm flow/>
                }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Greeting(home: Option<ClientHome>) -> impl IntoView {
    let with = home
        .map(|h| format!("Your check-in with {}", h.therapist_name))
        .unwrap_or_else(|| "Your check-in".into());
    view! {
        <p class="eyebrow">"Ajar · between sessions"</p>
        <h1>{with}</h1>
    }
}

#[component]
fn CheckInForm(flow: CheckInFlow) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let rating = Signal::derive(move || flow.draft.with(|d| d.rating));
    let note = move || flow.draft.with(|d| d.note.clone());
    let too_long = move || flow.draft.with(|d| Note::parse(&d.note).is_err());
    let sent = move || flow.status.get() == Status::Sent;

    let on_submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(flow.send().err().map(|e| e.to_string()));
    };

    view! {
        <Show
            when=move || !sent()
            fallback=move || view! {
                <section class="card sent" data-testid="sent">
                    <h2>"Thank you"</h2>
                    <p>"Your check-in was sent. Your therapist will see it before your next session."</p>
                    <button type="button" class="button" on:click=move |_| flow.status.set(Status::Blank)>
                        "Answer again"
                    </button>
                </section>
                <StatusLine status=flow.status/>
            }
        >
            <form class="checkin" on:submit=on_submit novalidate>
                <RatingScale
                    question=QUESTION
                    low_label=LOW_LABEL
                    high_label=HIGH_LABEL
                    value=rating
                    on_pick=move |r| {
                        problem.set(None);
                        flow.set_rating(r);
                    }
                />
                <label class="field">
                    <span class="question">{NOTE_PROMPT} <span class="optional">" (optional)"</span></span>
                    <textarea
                        name="note"
                        rows="4"
                        prop:value=note
                        on:input=move |ev| flow.set_note(event_target_value(&ev))
                        aria-invalid=move || too_long().then_some("true")
                    ></textarea>
                </label>
                <Show when=too_long>
                    <p class="problem">{format!("Please keep your note under {} characters.", Note::MAX_CHARS)}</p>
                </Show>
                {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
                <button type="submit" class="button primary">"Send"</button>
                <StatusLine status=flow.status/>
            </form>
        </Show>
        {move || flow.last_sent.get().map(|r| view! {
            <p class="quiet last-sent">
                {format!("Last check-in sent {}: {} out of 10.", short_date(r.received_at_ms), r.rating.value())}
            </p>
        })}
    }
}

fn link_token() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    link::token_from_fragment(&hash).map(str::to_owned)
}

/// The token has done its job; keep it out of the history, screenshots and shared URLs.
fn forget_token_in_address_bar() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(link::CLIENT_PATH));
    }
}
