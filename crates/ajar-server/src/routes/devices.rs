//! A therapist's signed-in browsers: the list, signing out all the others, and changing
//! the password (which signs out all the others too).

use crate::app::AppState;
use crate::auth;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::json_body::ApiJson;
use crate::routes::therapist::noted;
use crate::session::{self, TherapistSession};
use crate::store::SessionKind;
use ajar_core::api::{ErrorBody, MIN_PASSWORD_CHARS, NewPassword, SignedInDevice};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

#[utoipa::path(get, path = "/therapist/sessions", tag = "therapist", operation_id = "list_sessions", security(("therapist_session" = [])), responses((status = 200, description = "Every browser signed in to this account, the one asking marked.", body = Vec<SignedInDevice>)))]
pub async fn list(
    State(state): State<AppState>,
    who: TherapistSession,
    headers: HeaderMap,
) -> Result<ApiJson<Vec<SignedInDevice>>, ApiError> {
    let mine = session::current(&headers, SessionKind::Therapist).map(|h| {
        h.as_bytes()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    });
    let rows = state
        .store
        .therapist_sessions(who.therapist, now_ms())
        .await?;
    Ok(ApiJson(
        rows.into_iter()
            .map(|s| SignedInDevice {
                current: mine.as_deref() == Some(s.id.as_str()),
                id: s.id,
                created_at_ms: s.created_at_ms,
                last_used_at_ms: s.last_used_at_ms,
                device: s.device,
            })
            .collect(),
    ))
}

#[utoipa::path(delete, path = "/therapist/sessions", tag = "therapist", security(("therapist_session" = [])), responses((status = 204, description = "Every other browser is signed out (told why when it comes back). Audited.")))]
pub async fn end_others(
    State(state): State<AppState>,
    who: TherapistSession,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let keep = session::current(&headers, SessionKind::Therapist)
        .ok_or(ApiError::Unauthorized("You are not signed in."))?;
    let audit = noted(&who, "sessions.ended-others", "");
    state
        .store
        .end_other_sessions(who.therapist, &keep, &audit)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/therapist/password", tag = "therapist", security(("therapist_session" = [])), request_body = NewPassword, responses((status = 204, description = "Changed; every other browser is signed out. Audited."), (status = 403, description = "The current password is not right.", body = ErrorBody), (status = 422, description = "The new password is too short.", body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    who: TherapistSession,
    headers: HeaderMap,
    ApiJson(body): ApiJson<NewPassword>,
) -> Result<StatusCode, ApiError> {
    if body.new_password.expose().chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::Unprocessable(format!(
            "The new password must be at least {MIN_PASSWORD_CHARS} characters long."
        )));
    }
    let me = crate::routes::account::check_password(&state, who.therapist, body.current_password)
        .await
        .map_err(|e| match e {
            // The same refusal, in the words of this form.
            ApiError::Forbidden(_) => ApiError::Forbidden("The current password is not right."),
            other => other,
        })?;
    let new = body.new_password;
    let phc = tokio::task::spawn_blocking(move || auth::hash_password(&new))
        .await
        .map_err(anyhow::Error::from)??;
    let keep = session::current(&headers, SessionKind::Therapist);
    let audit = noted(&who, "password.changed", "");
    state
        .store
        .set_therapist_password(&me.email, &phc, keep.as_ref(), &audit)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
