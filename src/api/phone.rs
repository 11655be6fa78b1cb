//! The client's calls: trade a link for a session, read the home, send what the outbox
//! holds, withdraw a request, reminders on and off, forget this phone. Bodies are JSON
//! through miniserde.

use super::{ApiFailure, ApiResult, delete, read_mini, read_mini_text, send, send_for};
use ajar_core::api::{ClientHome, LinkExchange, Receipt, RequestView};
use ajar_core::ending::AnswerTime;
use ajar_core::outbox::Outgoing;
use ajar_core::reminder::{Reminders, Subscribe};
use ajar_core::{CheckInId, Secret};

async fn post_json(path: &str, body: &impl miniserde::Serialize) -> ApiResult<super::Answer> {
    post_for(path, body, None).await
}

async fn post_for(
    path: &str,
    body: &impl miniserde::Serialize,
    written_for: Option<&str>,
) -> ApiResult<super::Answer> {
    send_for(
        "POST",
        path,
        Some(&miniserde::json::to_string(body)),
        written_for,
    )
    .await
}

/// The home, with the JSON it came as (which the phone keeps for an offline start).
pub async fn exchange_link(token: &str) -> ApiResult<(ClientHome, String)> {
    let body = LinkExchange {
        token: Secret::new(token),
    };
    read_mini_text(post_json("/client/session", &body).await?).await
}

pub async fn client_home() -> ApiResult<(ClientHome, String)> {
    read_mini_text(send("GET", "/client/home", None).await?).await
}

/// Sends one outbox item, written for the client `written_for` (their `phone_ref`), to
/// where it belongs. It counts as stored only when the answer is Ajar's receipt for this
/// very item: any other 2xx (a captive portal's page, a proxy's) is trouble to retry,
/// never an acknowledgement.
pub async fn submit(item: &Outgoing, written_for: &str) -> ApiResult<()> {
    let written_for = Some(written_for);
    let not_ours = || ApiFailure::Busy {
        retry_after_s: None,
        message: "The answer was not Ajar's receipt.".into(),
    };
    match item {
        Outgoing::Response(r) => {
            let receipt: Receipt = read_mini(post_for("/client/responses", r, written_for).await?)
                .await
                .map_err(|_| not_ours())?;
            (receipt.id == r.id).then_some(()).ok_or_else(not_ours)
        }
        Outgoing::Request(r) => {
            let view: RequestView = read_mini(post_for("/client/requests", r, written_for).await?)
                .await
                .map_err(|_| not_ours())?;
            (view.id == r.id).then_some(()).ok_or_else(not_ours)
        }
    }
}

pub async fn withdraw_request(id: CheckInId) -> ApiResult<RequestView> {
    let path = format!("/client/requests/{id}/withdraw");
    read_mini(send("POST", &path, None).await?).await
}

/// The client's answer to the time their therapist proposed.
pub async fn answer_time(id: CheckInId, answer: &AnswerTime) -> ApiResult<RequestView> {
    let path = format!("/client/requests/{id}/time");
    read_mini(send("POST", &path, Some(&miniserde::json::to_string(answer))).await?).await
}

/// Ends this phone's session on the server ("Forget this phone").
pub async fn client_sign_out() -> ApiResult<()> {
    delete("/client/session").await
}

/// Whether this phone is reminded, and the server's key to subscribe with.
pub async fn reminders() -> ApiResult<Reminders> {
    read_mini(send("GET", "/client/reminders", None).await?).await
}

/// Reminds this phone from now on, at this subscription (replacing one it had).
pub async fn remind_me(subscription: &Subscribe) -> ApiResult<()> {
    let body = miniserde::json::to_string(subscription);
    send("PUT", "/client/reminders", Some(&body))
        .await
        .map(drop)
}

pub async fn stop_reminders() -> ApiResult<()> {
    delete("/client/reminders").await
}
