//! What a signed-in therapist may do. Every read is scoped to the therapist's own clients.

use crate::app::AppState;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::json_body::ApiJson;
use crate::routes::client;
use crate::session::TherapistSession;
use crate::store::{Archived, Audited, ClientId, RequestChange, Scope};
use ajar_core::api::ErrorBody;
use ajar_core::api::{
    AuditEntry, CaseloadEntry, CloseTherapy, CrisisText, DoorOpen, ReplyToRequest, RequestView,
};
use ajar_core::caseload::{self, Reading};
use ajar_core::ending::{self, Action};
use ajar_core::figures::Figures;
use axum::extract::{Path, State};
use axum::http::StatusCode;

/// Writes who did what to whom into the audit trail before the answer goes out: a read
/// that cannot be recorded is not served.
pub(crate) async fn record(
    state: &AppState,
    who: &TherapistSession,
    action: &str,
    subject: &str,
) -> Result<(), ApiError> {
    state.store.audit(&noted(who, action, subject)).await?;
    Ok(())
}

/// The audit entry for a change this therapist makes: the store commits it with the
/// change itself.
pub(crate) fn noted(who: &TherapistSession, action: &str, subject: &str) -> Audited {
    Audited::new(
        format!("therapist:{}", who.therapist.0),
        action,
        subject,
        now_ms(),
    )
}

pub(crate) use crate::audit::client_subject;

#[utoipa::path(get, path = "/therapist/caseload", tag = "therapist", security(("therapist_session" = [])), responses((status = 200, description = "Every active client, the ones needing attention first. Audited.", body = Vec<CaseloadEntry>)))]
pub async fn caseload(
    State(state): State<AppState>,
    who: TherapistSession,
) -> Result<ApiJson<Vec<CaseloadEntry>>, ApiError> {
    // The audit entry is written while the caseload is read, and both are done before
    // the answer goes out.
    let read = async {
        let records = state
            .store
            .caseload(
                who.therapist,
                None,
                caseload::FOR_CASELOAD,
                Archived::Exclude,
            )
            .await?;
        Ok::<_, ApiError>(records)
    };
    let ((), records) = tokio::try_join!(record(&state, &who, "read.caseload", "caseload"), read)?;
    let now = now_ms();
    let mut entries: Vec<CaseloadEntry> = records
        .into_iter()
        .map(|record| caseload::summarize(record, now))
        .collect();
    caseload::by_attention(&mut entries);
    Ok(ApiJson(entries))
}

pub(crate) const NO_SUCH_CLIENT: &str = "There is no such client.";

pub(crate) fn client_id(text: &str) -> Result<ClientId, ApiError> {
    text.parse()
        .map(ClientId)
        .map_err(|_| ApiError::NotFound(NO_SUCH_CLIENT))
}

async fn change(
    state: &AppState,
    who: &TherapistSession,
    id: &str,
    change: RequestChange,
) -> Result<ApiJson<RequestView>, ApiError> {
    let id = client::request_id(id)?;
    let action = format!("request.{:?}", change.action).to_lowercase();
    let audit = noted(who, &action, &format!("request:{id}"));
    match state
        .store
        .change_request(
            Scope::Therapist(who.therapist),
            id,
            change,
            now_ms(),
            Some(&audit),
        )
        .await?
    {
        None => Err(ApiError::NotFound("There is no such request.")),
        Some(Err(invalid)) => Err(ApiError::InvalidChange(invalid.to_string())),
        Some(Ok(view)) => Ok(ApiJson(view)),
    }
}

#[utoipa::path(post, path = "/therapist/requests/{id}/seen", tag = "therapist", security(("therapist_session" = [])), params(("id" = uuid::Uuid, Path, description = "The request's id.")), responses((status = 200, description = "The request as it now is.", body = RequestView), (status = 404, description = "No such request of this client or therapist.", body = ErrorBody), (status = 409, description = "The request's state does not allow this change; the message says why.", body = ErrorBody)))]
pub async fn mark_seen(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(id): Path<String>,
) -> Result<ApiJson<RequestView>, ApiError> {
    let action = RequestChange {
        action: Action::MarkSeen,
        reply: None,
        time: None,
    };
    change(&state, &who, &id, action).await
}

#[utoipa::path(post, path = "/therapist/requests/{id}/reply", tag = "therapist", security(("therapist_session" = [])), params(("id" = uuid::Uuid, Path, description = "The request's id.")), request_body = ReplyToRequest, responses((status = 200, description = "The request as it now is.", body = RequestView), (status = 404, description = "No such request of this client or therapist.", body = ErrorBody), (status = 409, description = "The request's state does not allow this change; the message says why.", body = ErrorBody)))]
pub async fn reply(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReplyToRequest>,
) -> Result<ApiJson<RequestView>, ApiError> {
    // Lengths as sent (what the page's counter shows), then trimmed.
    for (field, text) in [
        ("reply", &body.reply),
        ("proposed_time", &body.proposed_time),
    ] {
        let chars = text.chars().count();
        if chars > ending::MAX_TEXT {
            return Err(ApiError::Unprocessable(format!(
                "{field} is {chars} characters long; the limit is {}.",
                ending::MAX_TEXT
            )));
        }
    }
    let reply = body.reply.trim().to_owned();
    let proposed = body.proposed_time.trim().to_owned();
    if reply.is_empty() {
        return Err(ApiError::Unprocessable("Please write a reply.".into()));
    }
    // A new time proposed: the client's answer to the last one no longer answers it.
    let time = (!proposed.is_empty()).then_some(None);
    let action = RequestChange {
        action: Action::Reply,
        reply: Some((reply, proposed)),
        time,
    };
    change(&state, &who, &id, action).await
}

#[utoipa::path(post, path = "/therapist/requests/{id}/close", tag = "therapist", security(("therapist_session" = [])), params(("id" = uuid::Uuid, Path, description = "The request's id.")), responses((status = 200, description = "The request as it now is.", body = RequestView), (status = 404, description = "No such request of this client or therapist.", body = ErrorBody), (status = 409, description = "The request's state does not allow this change; the message says why.", body = ErrorBody)))]
pub async fn close_request(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(id): Path<String>,
) -> Result<ApiJson<RequestView>, ApiError> {
    let action = RequestChange {
        action: Action::Close,
        reply: None,
        time: None,
    };
    change(&state, &who, &id, action).await
}

/// Records how therapy ended; the client then sees the door-open message.
#[utoipa::path(post, path = "/therapist/clients/{id}/close", tag = "therapist", security(("therapist_session" = [])), params(("id" = i64, Path, description = "The client's id (another therapist's client is answered 404 too).")), request_body = CloseTherapy, responses((status = 204, description = "Done."), (status = 404, description = "No such client of this therapist.", body = ErrorBody)))]
pub async fn close_therapy(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(client): Path<String>,
    ApiJson(body): ApiJson<CloseTherapy>,
) -> Result<StatusCode, ApiError> {
    let client = client_id(&client)?;
    let found = state
        .store
        .close_therapy(
            who.therapist,
            client,
            body.ending_type,
            now_ms(),
            &noted(&who, "client.close", &client_subject(client)),
        )
        .await?;
    if found {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(NO_SUCH_CLIENT))
    }
}

#[utoipa::path(post, path = "/therapist/clients/{id}/reopen", tag = "therapist", security(("therapist_session" = [])), params(("id" = i64, Path, description = "The client's id (another therapist's client is answered 404 too).")), responses((status = 204, description = "Done."), (status = 404, description = "No such client of this therapist.", body = ErrorBody)))]
pub async fn reopen_therapy(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(client): Path<String>,
) -> Result<StatusCode, ApiError> {
    let client = client_id(&client)?;
    let audit = noted(&who, "client.reopen", &client_subject(client));
    let found = state
        .store
        .reopen_therapy(who.therapist, client, &audit)
        .await?;
    if found {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(NO_SUCH_CLIENT))
    }
}

#[utoipa::path(get, path = "/therapist/door-open", tag = "therapist", security(("therapist_session" = [])), responses((status = 200, description = "What clients read once their therapy is closed.", body = DoorOpen)))]
pub async fn door_open(
    State(state): State<AppState>,
    who: TherapistSession,
) -> Result<ApiJson<DoorOpen>, ApiError> {
    let message = state
        .store
        .door_open(who.therapist)
        .await?
        .unwrap_or_else(|| ending::DEFAULT_DOOR_OPEN.to_owned());
    Ok(ApiJson(DoorOpen { message }))
}

#[utoipa::path(put, path = "/therapist/door-open", tag = "therapist", security(("therapist_session" = [])), request_body = DoorOpen, responses((status = 200, description = "Saved, as clients will read it.", body = DoorOpen)))]
pub async fn set_door_open(
    State(state): State<AppState>,
    who: TherapistSession,
    ApiJson(body): ApiJson<DoorOpen>,
) -> Result<ApiJson<DoorOpen>, ApiError> {
    if body.message.chars().count() > ending::MAX_TEXT {
        return Err(ApiError::Unprocessable(format!(
            "The message is longer than {} characters.",
            ending::MAX_TEXT
        )));
    }
    let message = body.message.trim().to_owned();
    if message.is_empty() {
        return Err(ApiError::Unprocessable(
            "The message must not be empty: clients read it when their therapy ends.".into(),
        ));
    }
    let audit = noted(&who, "practice.door-open", "");
    state
        .store
        .set_door_open(who.therapist, &message, &audit)
        .await?;
    Ok(ApiJson(DoorOpen { message }))
}

/// Figures over the whole caseload (see `ajar_core::figures` for the definitions).
#[utoipa::path(get, path = "/therapist/figures", tag = "therapist", security(("therapist_session" = [])), responses((status = 200, description = "Figures over the whole caseload. Audited.", body = Figures)))]
pub async fn figures(
    State(state): State<AppState>,
    who: TherapistSession,
) -> Result<ApiJson<Figures>, ApiError> {
    record(&state, &who, "read.figures", "caseload").await?;
    let records = state
        .store
        .caseload(who.therapist, None, Reading::Everything, Archived::Include)
        .await?;
    Ok(ApiJson(ajar_core::figures::figures(&records, now_ms())))
}

/// The therapist's own trail, newest first.
#[utoipa::path(get, path = "/therapist/audit", tag = "therapist", security(("therapist_session" = [])), responses((status = 200, description = "The therapist's own audit trail, newest first (at most 200).", body = Vec<AuditEntry>)))]
pub async fn audit_trail(
    State(state): State<AppState>,
    who: TherapistSession,
) -> Result<ApiJson<Vec<AuditEntry>>, ApiError> {
    let actor = format!("therapist:{}", who.therapist.0);
    let entries = state.store.audit_trail(&actor, 200).await?;
    let labels: std::collections::HashMap<i64, String> = state
        .store
        .clients_of(who.therapist)
        .await?
        .into_iter()
        .map(|c| (c.id.0, c.label))
        .collect();
    Ok(ApiJson(
        entries
            .into_iter()
            .map(|e| AuditEntry {
                described: crate::audit_words::describe(&e.actor, &e.action, &e.subject, |id| {
                    labels.get(&id).cloned()
                }),
                at_ms: e.at_ms,
                action: e.action,
                subject: e.subject,
            })
            .collect(),
    ))
}

/// The practice's crisis text; empty when the app's default is shown.
#[utoipa::path(get, path = "/therapist/crisis-text", tag = "therapist", security(("therapist_session" = [])), responses((status = 200, description = "The practice's crisis text; empty when the app's default is shown.", body = CrisisText)))]
pub async fn crisis_text(
    State(state): State<AppState>,
    who: TherapistSession,
) -> Result<ApiJson<CrisisText>, ApiError> {
    let message = state
        .store
        .crisis_text(who.therapist)
        .await?
        .unwrap_or_default();
    Ok(ApiJson(CrisisText { message }))
}

/// Sets the crisis text clients see; an empty text returns to the app's default.
#[utoipa::path(put, path = "/therapist/crisis-text", tag = "therapist", security(("therapist_session" = [])), request_body = CrisisText, responses((status = 200, description = "Saved; empty means the app's default. Audited.", body = CrisisText)))]
pub async fn set_crisis_text(
    State(state): State<AppState>,
    who: TherapistSession,
    ApiJson(body): ApiJson<CrisisText>,
) -> Result<ApiJson<CrisisText>, ApiError> {
    if body.message.chars().count() > ending::MAX_TEXT {
        return Err(ApiError::Unprocessable(format!(
            "The crisis text is longer than {} characters.",
            ending::MAX_TEXT
        )));
    }
    let message = body.message.trim().to_owned();
    let text = (!message.is_empty()).then_some(message.as_str());
    let audit = noted(&who, "practice.crisis-text", "");
    state
        .store
        .set_crisis_text(who.therapist, text, &audit)
        .await?;
    Ok(ApiJson(CrisisText { message }))
}
