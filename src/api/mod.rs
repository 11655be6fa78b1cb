//! The one module that talks to the server. Components call these functions and never
//! build a request themselves.
//!
//! The phone's calls live in [`phone`] and read and write JSON with miniserde (see
//! `ajar_core::phone_json` for why); the therapist's below use serde_json. Only the
//! phone's end up in the client's bundle.

mod fetch;
mod phone;

pub use phone::{
    answer_time, client_home, client_sign_out, exchange_link, remind_me, reminders, stop_reminders,
    submit, withdraw_request,
};

use ajar_core::CheckInId;
use ajar_core::Secret;
use ajar_core::api::{
    CaseloadEntry, ClientDetail, CloseTherapy, CrisisText, DoorOpen, ErrorBody, PREFIX,
    ReplyToRequest, RequestView, SignIn, TherapistMe,
};
use ajar_core::ending::EndingType;
use ajar_core::plan::{Plan, Planned};
use fetch::Answer;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a call did not succeed, sorted by what the page should do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// No answer reached us (offline, server down). Keep what the person typed; retry later.
    Unreachable,
    /// Not signed in (401). `code` says why where the app has its own words or steps for
    /// it: `link-changed` (the therapist revoked or renewed this phone's link),
    /// `mfa-required` (the sign-in needs its second step).
    SignedOut {
        message: String,
        code: Option<String>,
    },
    /// The server refused the request and said why (other 4xx). Show it; keep the input.
    /// `code`: `mfa-setup-required` (set up two-step sign-in first).
    Refused {
        status: u16,
        message: String,
        code: Option<String>,
    },
    /// The server failed (5xx) or answered something we cannot read. Retry later.
    ServerTrouble(String),
    /// Busy or in the way: a 408 or 429, a 5xx with `Retry-After`, or a 4xx from something
    /// that is not Ajar (a proxy, a captive portal: no Ajar error body). Retry, no sooner
    /// than `retry_after_s` when it is given.
    Busy {
        retry_after_s: Option<u32>,
        message: String,
    },
}

impl ApiFailure {
    /// The server's machine-readable reason, if it gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiFailure::SignedOut { code, .. } | ApiFailure::Refused { code, .. } => {
                code.as_deref()
            }
            _ => None,
        }
    }

    /// Worth sending again later, unchanged.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiFailure::Unreachable | ApiFailure::ServerTrouble(_) | ApiFailure::Busy { .. }
        )
    }

    pub fn message(&self) -> String {
        match self {
            ApiFailure::Unreachable => "Can't reach Ajar right now.".into(),
            ApiFailure::SignedOut { message: m, .. }
            | ApiFailure::Refused { message: m, .. }
            | ApiFailure::ServerTrouble(m)
            | ApiFailure::Busy { message: m, .. } => m.clone(),
        }
    }
}

type ApiResult<T> = Result<T, ApiFailure>;

fn url(path: &str) -> String {
    format!("{PREFIX}{path}")
}

/// Sends one request and sorts a failure by what the page should do about it.
async fn send(method: &str, path: &str, json: Option<&str>) -> ApiResult<Answer> {
    send_for(method, path, json, None).await
}

/// [`send`] for an outbox item written for the client `written_for`.
async fn send_for(
    method: &str,
    path: &str,
    json: Option<&str>,
    written_for: Option<&str>,
) -> ApiResult<Answer> {
    let answer = fetch::fetch(method, &url(path), json, written_for)
        .await
        .map_err(|_| ApiFailure::Unreachable)?;
    if answer.ok() {
        return Ok(answer);
    }
    let status = answer.status;
    let retry_after_s = answer
        .header("retry-after")
        .and_then(|v| v.trim().parse().ok());
    let (ours, message, code) = match read_mini::<ErrorBody>(answer).await {
        Ok(body) => (true, body.error, body.code),
        Err(_) => (false, format!("The server answered {status}."), None),
    };
    Err(match status {
        401 if ours => ApiFailure::SignedOut { message, code },
        408 | 429 => ApiFailure::Busy {
            retry_after_s,
            message,
        },
        400..=499 if ours => ApiFailure::Refused {
            status,
            message,
            code,
        },
        _ if retry_after_s.is_some() || !ours => ApiFailure::Busy {
            retry_after_s,
            message,
        },
        _ => ApiFailure::ServerTrouble(message),
    })
}

/// Reads a body with miniserde, which both bundles use for errors and the phone for all.
async fn read_mini<T: miniserde::Deserialize>(answer: Answer) -> ApiResult<T> {
    Ok(read_mini_text(answer).await?.0)
}

/// [`read_mini`], with the text it was read from (kept as is, so the phone can store an
/// answer without a serializer for it).
async fn read_mini_text<T: miniserde::Deserialize>(answer: Answer) -> ApiResult<(T, String)> {
    let text = answer.text().await.map_err(|_| ApiFailure::Unreachable)?;
    let value = miniserde::json::from_str(&text)
        .map_err(|_| ApiFailure::ServerTrouble("Unexpected answer from the server.".into()))?;
    Ok((value, text))
}

async fn read<T: DeserializeOwned>(answer: Answer) -> ApiResult<T> {
    let text = answer.text().await.map_err(|_| ApiFailure::Unreachable)?;
    serde_json::from_str(&text)
        .map_err(|e| ApiFailure::ServerTrouble(format!("Unexpected answer from the server: {e}")))
}

fn json<B: Serialize>(body: &B) -> ApiResult<String> {
    serde_json::to_string(body)
        .map_err(|_| ApiFailure::ServerTrouble("The app could not prepare this request.".into()))
}

async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    read(send("GET", path, None).await?).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ApiResult<T> {
    read(send("POST", path, Some(&json(body)?)).await?).await
}

async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ApiResult<T> {
    read(send("PUT", path, Some(&json(body)?)).await?).await
}

/// A change whose answer has no body (204).
async fn post_empty<B: Serialize>(path: &str, body: &B) -> ApiResult<()> {
    send("POST", path, Some(&json(body)?)).await.map(drop)
}

async fn delete(path: &str) -> ApiResult<()> {
    send("DELETE", path, None).await.map(drop)
}

/// `code`: the second step (an authenticator app's code or a recovery code), once the
/// server has asked for it.
pub async fn sign_in(email: &str, password: &str, code: Option<&str>) -> ApiResult<TherapistMe> {
    let body = SignIn {
        email: email.to_owned(),
        password: Secret::new(password),
        code: code.map(Secret::new),
    };
    post("/therapist/session", &body).await
}

pub async fn me() -> ApiResult<TherapistMe> {
    get("/therapist/me").await
}

/// A new authenticator key for this account (not in force until confirmed).
pub async fn begin_totp() -> ApiResult<ajar_core::api::TotpEnrolment> {
    post("/therapist/mfa/totp", &()).await
}

/// Turns two-step sign-in on with a code from the app; the recovery codes come back once.
pub async fn confirm_totp(code: &str) -> ApiResult<ajar_core::api::RecoveryCodes> {
    let body = ajar_core::api::MfaCode {
        code: Secret::new(code),
    };
    post("/therapist/mfa/totp/confirm", &body).await
}

pub async fn signed_in_devices() -> ApiResult<Vec<ajar_core::api::SignedInDevice>> {
    get("/therapist/sessions").await
}

pub async fn sign_out_other_devices() -> ApiResult<()> {
    delete("/therapist/sessions").await
}

pub async fn change_password(current: &str, new: &str) -> ApiResult<()> {
    let body = ajar_core::api::NewPassword {
        current_password: Secret::new(current),
        new_password: Secret::new(new),
    };
    post_empty("/therapist/password", &body).await
}

pub async fn remove_totp(password: &str) -> ApiResult<()> {
    let body = ajar_core::api::MfaOff {
        password: Secret::new(password),
    };
    send("DELETE", "/therapist/mfa", Some(&json(&body)?))
        .await
        .map(drop)
}

pub async fn sign_out() -> ApiResult<()> {
    delete("/therapist/session").await
}

pub async fn caseload() -> ApiResult<Vec<CaseloadEntry>> {
    get("/therapist/caseload").await
}

pub async fn mark_seen(id: CheckInId) -> ApiResult<RequestView> {
    post(&format!("/therapist/requests/{id}/seen"), &()).await
}

pub async fn reply(id: CheckInId, reply: &str, proposed_time: &str) -> ApiResult<RequestView> {
    let body = ReplyToRequest {
        reply: reply.to_owned(),
        proposed_time: proposed_time.to_owned(),
    };
    post(&format!("/therapist/requests/{id}/reply"), &body).await
}

pub async fn close_request(id: CheckInId) -> ApiResult<RequestView> {
    post(&format!("/therapist/requests/{id}/close"), &()).await
}

pub async fn close_therapy(client: i64, ending_type: EndingType) -> ApiResult<()> {
    post_empty(
        &format!("/therapist/clients/{client}/close"),
        &CloseTherapy { ending_type },
    )
    .await
}

/// Records what the therapist did about one risk answer; only this closes its flag.
pub async fn acknowledge_risk(
    client: i64,
    response: ajar_core::CheckInId,
    body: &ajar_core::risk::AcknowledgeRisk,
) -> ApiResult<()> {
    let path = format!(
        "/therapist/clients/{client}/risk/{}/acknowledge",
        response.0
    );
    post_empty(&path, body).await
}

pub async fn reopen_therapy(client: i64) -> ApiResult<()> {
    post_empty(&format!("/therapist/clients/{client}/reopen"), &()).await
}

/// A text the practice writes for its clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PracticeText {
    /// Shown after therapy is closed.
    DoorOpen,
    /// Shown when a client reports thoughts of self-harm.
    Crisis,
}

impl PracticeText {
    fn path(self) -> &'static str {
        match self {
            PracticeText::DoorOpen => "/therapist/door-open",
            PracticeText::Crisis => "/therapist/crisis-text",
        }
    }
}

/// The text as the practice wrote it (the crisis text is empty while the app's own
/// default is shown).
pub async fn practice_text(which: PracticeText) -> ApiResult<String> {
    Ok(match which {
        PracticeText::DoorOpen => get::<DoorOpen>(which.path()).await?.message,
        PracticeText::Crisis => get::<CrisisText>(which.path()).await?.message,
    })
}

/// Saves the text; the answer is the text as saved (trimmed).
pub async fn set_practice_text(which: PracticeText, message: &str) -> ApiResult<String> {
    let message = message.to_owned();
    Ok(match which {
        PracticeText::DoorOpen => {
            put::<_, DoorOpen>(which.path(), &DoorOpen { message })
                .await?
                .message
        }
        PracticeText::Crisis => {
            put::<_, CrisisText>(which.path(), &CrisisText { message })
                .await?
                .message
        }
    })
}

pub async fn client_detail(client: i64) -> ApiResult<ClientDetail> {
    get(&format!("/therapist/clients/{client}")).await
}

/// A page of the client's words, newest first; `before` is the last page's `older`.
pub async fn client_words(
    client: i64,
    before: Option<&str>,
) -> ApiResult<ajar_core::api::WordsPage> {
    let query = before.map(|b| format!("?before={b}")).unwrap_or_default();
    get(&format!("/therapist/clients/{client}/words{query}")).await
}

pub async fn figures() -> ApiResult<ajar_core::figures::Figures> {
    get("/therapist/figures").await
}

pub async fn audit_trail() -> ApiResult<Vec<ajar_core::api::AuditEntry>> {
    get("/therapist/audit").await
}

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

pub async fn add_client(label: &str) -> ApiResult<ajar_core::api::ClientLink> {
    let body = ajar_core::api::NewClient {
        label: label.to_owned(),
        origin: origin(),
    };
    post("/therapist/clients", &body).await
}

pub async fn new_link(client: i64) -> ApiResult<ajar_core::api::ClientLink> {
    let body = ajar_core::api::NewLink { origin: origin() };
    post(&format!("/therapist/clients/{client}/link"), &body).await
}

pub async fn revoke_link(client: i64) -> ApiResult<()> {
    delete(&format!("/therapist/clients/{client}/link")).await
}

pub async fn clients() -> ApiResult<Vec<ajar_core::api::ClientListing>> {
    get("/therapist/clients").await
}

pub async fn set_plan(client: i64, plan: &[Planned]) -> ApiResult<Plan> {
    put(&format!("/therapist/clients/{client}/plan"), &plan).await
}

pub async fn archive(client: i64) -> ApiResult<()> {
    post_empty(&format!("/therapist/clients/{client}/archive"), &()).await
}

pub async fn restore(client: i64) -> ApiResult<()> {
    post_empty(&format!("/therapist/clients/{client}/restore"), &()).await
}
