//! A client's open request on their caseload card, with the therapist's replies.

use crate::api;
use crate::components::caseload_reload::{Reload, act};
use crate::components::request_history::{standing, time_answer_words};
use crate::messages::catalogue;
use ajar_core::api::RequestView;
use ajar_core::ending::RequestStatus;
use leptos::prelude::*;

/// A client's request in their own words, with the therapist's actions.
#[component]
pub fn RequestPanel(r: RequestView) -> impl IntoView {
    let m = catalogue();
    let reload = expect_context::<Reload>();
    let problem = RwSignal::new(None::<String>);
    let reply = RwSignal::new(String::new());
    let time = RwSignal::new(String::new());
    let id = r.id;
    let reasons = r
        .reasons
        .iter()
        .map(|x| (m.reason_label)(*x))
        .collect::<Vec<_>>()
        .join(", ");
    let status = standing(r.status);
    // After a missed session: replies that keep the door open, to start from.
    let suggested = ajar_core::ending::suggested_replies(r.wish);
    let send_reply = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        act(reload, problem, async move {
            api::reply(id, &reply.get_untracked(), &time.get_untracked())
                .await
                .map(drop)
        });
    };
    view! {
        <section class="request-panel" data-testid="request-panel">
            <p class="badge badge-ending">{format!("{status} request: {}", (m.wish_label)(r.wish))}</p>
            {(!reasons.is_empty()).then(|| view! { <p>"Reasons: " {reasons}</p> })}
            {(!r.message.is_empty()).then(|| view! { <blockquote class="note">{r.message.clone()}</blockquote> })}
            {(!r.preferred_times.is_empty()).then(|| view! { <p>"Times that suit: " {r.preferred_times.clone()}</p> })}
            {r.check_back_on.clone().map(|d| view! { <p>"Check back on: " {d}</p> })}
            {r.reply.clone().map(|rep| view! { <p class="quiet">"Your reply: " {rep}</p> })}
            {time_answer_words(&r).map(|t| view! { <p class="strong" data-testid="time-answer">{t}</p> })}
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
            {(r.status == RequestStatus::Sent).then(|| view! {
                <button type="button" class="button"
                    on:click=move |_| act(reload, problem, async move { api::mark_seen(id).await.map(drop) })>
                    "Mark as seen"
                </button>
            })}
            <form class="stack reply-form" on:submit=send_reply>
                {(!suggested.is_empty()).then(|| view! {
                    <div class="suggested-replies" role="group" aria-label="Replies to start from">
                        <p class="quiet">"Start from a reply (you can change it before sending):"</p>
                        {suggested.iter().map(|&text| view! {
                            <button type="button" class="button suggested" on:click=move |_| reply.set(text.to_owned())>{text}</button>
                        }).collect_view()}
                    </div>
                })}
                <label class="field">
                    <span>"Reply to the client"</span>
                    <textarea name="reply" rows="3" prop:value=reply on:input=move |e| reply.set(event_target_value(&e))></textarea>
                </label>
                <label class="field">
                    <span>"Proposed time (optional)"</span>
                    <input name="proposed-time" prop:value=time on:input=move |e| time.set(event_target_value(&e))/>
                </label>
                <div class="row">
                    <button type="submit" class="button primary">"Send reply"</button>
                    <button type="button" class="button"
                        on:click=move |_| act(reload, problem, async move { api::close_request(id).await.map(drop) })>
                        "Close request"
                    </button>
                </div>
            </form>
        </section>
    }
}
