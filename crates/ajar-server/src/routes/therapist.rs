//! What a signed-in therapist may do. Every read is scoped to the therapist's own clients.

use crate::app::AppState;
use crate::auth;
use crate::error::{ApiError, ApiJson};
use crate::session::{self, TherapistSession};
use crate::store::SessionKind;
use ajar_core::api::{CaseloadEntry, SignIn, TherapistMe};
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;

const WRONG: &str = "That email and password do not match an account.";

pub async fn sign_in(
    State(state): State<AppState>,
    jar: CookieJar,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<(CookieJar, ApiJson<TherapistMe>), ApiError> {
    let email = body.email.trim().to_owned();
    if email.is_empty() || body.password.is_empty() {
        return Err(ApiError::Unprocessable(
            "Please enter both your email and your password.".into(),
        ));
    }
    let found = state.store.therapist_credentials(&email).await?;
    let phc = found
        .as_ref()
        .map(|(_, phc)| phc.clone())
        .unwrap_or_else(|| auth::decoy_hash().to_owned());
    let password = body.password;
    // argon2 takes tens of milliseconds of CPU: keep it off the async workers.
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &phc))
        .await
        .map_err(anyhow::Error::from)?;
    let Some((id, _)) = found.filter(|_| ok) else {
        return Err(ApiError::Unauthorized(WRONG));
    };
    let cookie = session::start(&state, SessionKind::Therapist, id.0).await?;
    let me = state
        .store
        .therapist(id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("therapist vanished during sign-in"))?;
    Ok((jar.add(cookie), ApiJson(me)))
}

pub async fn sign_out(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar), ApiError> {
    let jar = session::end(&state, SessionKind::Therapist, jar).await?;
    Ok((StatusCode::NO_CONTENT, jar))
}

pub async fn me(
    State(state): State<AppState>,
    who: TherapistSession,
) -> Result<ApiJson<TherapistMe>, ApiError> {
    let me = state
        .store
        .therapist(who.therapist)
        .await?
        .ok_or(ApiError::Unauthorized("Your account no longer exists."))?;
    Ok(ApiJson(me))
}

pub async fn caseload(
    State(state): State<AppState>,
    who: TherapistSession,
) -> Result<ApiJson<Vec<CaseloadEntry>>, ApiError> {
    Ok(ApiJson(state.store.caseload(who.therapist).await?))
}
