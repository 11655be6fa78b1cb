//! A therapist's own account: signing in (with the second step once it is set up),
//! signing out, who is signed in, and setting up or turning off two-step sign-in.

use crate::app::AppState;
use crate::auth;
use crate::client_addr::ClientAddr;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::json_body::ApiJson;
use crate::mfa;
use crate::session::{self, SignedInTherapist};
use crate::store::{Audited, EndedBecause, SessionKind, TherapistId, TotpRow};
use ajar_core::api::{
    ErrorBody, MFA_REQUIRED, MfaCode, MfaOff, RecoveryCodes, SignIn, TherapistMe, TotpEnrolment,
};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum_extra::extract::CookieJar;

const WRONG: &str = "That email and password do not match an account.";
const CODE_NEEDED: &str =
    "Enter the 6-digit code from your authenticator app, or one of your recovery codes.";
const CODE_WRONG: &str = "That code is not right, or it was already used. Please enter the code your app shows now, or a recovery code.";

fn entry(id: TherapistId, action: &str, subject: &str) -> Audited {
    Audited::new(format!("therapist:{}", id.0), action, subject, now_ms())
}

/// Who is signed in, with the server's own two-step setting.
async fn me_of(state: &AppState, id: TherapistId) -> Result<TherapistMe, ApiError> {
    let mut me = state
        .store
        .therapist(id)
        .await?
        .ok_or(ApiError::Unauthorized("Your account no longer exists."))?;
    me.mfa_required = state.require_mfa;
    Ok(me)
}

#[utoipa::path(post, path = "/therapist/session", tag = "therapist", request_body = SignIn, responses((status = 200, description = "Signed in: the session cookie is set (a session this browser had is ended).", body = TherapistMe), (status = 401, description = "The email and password do not match an account; or, with `code: mfa-required`, the account's second step is needed or was wrong.", body = ErrorBody), (status = 429, description = "Too many unsuccessful sign-ins for this account or address; the message says how long to wait.", body = ErrorBody)))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<(CookieJar, ApiJson<TherapistMe>), ApiError> {
    let email = body.email.trim().to_owned();
    if email.is_empty() || body.password.is_empty() {
        return Err(ApiError::Unprocessable(
            "Please enter both your email and your password.".into(),
        ));
    }
    // Counted before the slow password check, so attempts sent at once all count. A
    // wrong second step counts too; only a sign-in that succeeds clears the count.
    let attempt = state
        .sign_ins
        .reserve(state.store.as_ref(), &email, addr, now_ms())
        .await?
        .map_err(|seconds| {
            let wait = if seconds < 120 {
                format!("{seconds} second{}", if seconds == 1 { "" } else { "s" })
            } else {
                format!("{} minutes", (seconds + 59) / 60)
            };
            ApiError::TooManyRequests(format!(
                "Too many unsuccessful sign-ins for this account or from this network. Please wait {wait} and try again."
            ))
        })?;
    // A failure of the server's own is no wrong password: the attempt is given back.
    let found = match state.store.therapist_credentials(&email).await {
        Ok(found) => found,
        Err(e) => {
            state
                .sign_ins
                .release(state.store.as_ref(), attempt)
                .await?;
            return Err(e.into());
        }
    };
    let phc = found
        .as_ref()
        .map(|(_, phc)| phc.clone())
        .unwrap_or_else(|| auth::decoy_hash().to_owned());
    // argon2 takes tens of milliseconds of CPU: off the async workers, a few at a time.
    let checked = match state.password_checks.verify(body.password, phc).await {
        Ok(checked) => checked,
        Err(e) => {
            state
                .sign_ins
                .release(state.store.as_ref(), attempt)
                .await?;
            return Err(e.into());
        }
    };
    let Some(ok) = checked else {
        state
            .sign_ins
            .release(state.store.as_ref(), attempt)
            .await?;
        return Err(ApiError::Busy(
            "Many sign-ins are being checked at once. Please try again in a few seconds.",
        ));
    };
    let from = addr.map_or_else(
        || "an unknown address".to_owned(),
        |a| format!("address {a}"),
    );
    let id = match found {
        Some((id, _)) if ok && state.store.therapist_disabled(id).await? => {
            return Err(ApiError::SessionEnded(EndedBecause::AccountDisabled));
        }
        Some((id, _)) if ok => id,
        Some((id, _)) => {
            // The attempt stays counted, and the account's owner can see it happened.
            state
                .store
                .audit(&entry(id, "sign-in.failed", &from))
                .await?;
            return Err(ApiError::Unauthorized(WRONG));
        }
        None => return Err(ApiError::Unauthorized(WRONG)),
    };
    if let Some(totp) = state.store.totp(id).await?.filter(|t| t.confirmed) {
        let Some(code) = body.code.filter(|c| !c.is_empty()) else {
            return Err(mfa_needed(CODE_NEEDED));
        };
        if !second_step(&state, id, &totp, code.expose()).await? {
            state
                .store
                .audit(&entry(id, "sign-in.failed-code", &from))
                .await?;
            return Err(mfa_needed(CODE_WRONG));
        }
    }
    state
        .sign_ins
        .signed_in(state.store.as_ref(), attempt)
        .await?;
    // A session this browser already had ends: one browser, one session.
    session::end_current(&state, SessionKind::Therapist, &headers).await?;
    let device = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let cookie = session::start(&state, SessionKind::Therapist, id.0, device).await?;
    state.store.audit(&entry(id, "sign-in", &from)).await?;
    Ok((jar.add(cookie), ApiJson(me_of(&state, id).await?)))
}

/// The signed-in therapist's own password, asked again before a change a session left
/// open must not make alone (turning the second step off, a new password): a 403 when it
/// is wrong. Returns who they are.
pub(crate) async fn check_password(
    state: &AppState,
    id: TherapistId,
    password: ajar_core::Secret,
) -> Result<TherapistMe, ApiError> {
    let me = me_of(state, id).await?;
    let (_, phc) = state
        .store
        .therapist_credentials(&me.email)
        .await?
        .ok_or(ApiError::Unauthorized("Your account no longer exists."))?;
    match state.password_checks.verify(password, phc).await? {
        Some(true) => Ok(me),
        Some(false) => Err(ApiError::Forbidden("That password is not right.")),
        None => Err(ApiError::Busy(
            "Many sign-ins are being checked at once. Please try again in a few seconds.",
        )),
    }
}

fn mfa_needed(message: &'static str) -> ApiError {
    ApiError::Coded {
        status: StatusCode::UNAUTHORIZED,
        message,
        code: MFA_REQUIRED,
    }
}

/// A code from the app (accepted once, for a step newer than the last one used) or a
/// recovery code (used up).
async fn second_step(
    state: &AppState,
    id: TherapistId,
    totp: &TotpRow,
    code: &str,
) -> Result<bool, ApiError> {
    if mfa::is_recovery_code(code) {
        let hash = mfa::recovery_hash(code);
        let used = entry(id, "mfa.recovery-code-used", "");
        return Ok(state.store.take_recovery_code(id, &hash, &used).await?);
    }
    match mfa::step_of(&totp.key, code, now_ms()) {
        Some(step) => Ok(state.store.take_totp_step(id, step).await?),
        None => Ok(false),
    }
}

#[utoipa::path(delete, path = "/therapist/session", tag = "therapist", operation_id = "therapist_sign_out", responses((status = 204, description = "The session is ended (if there was one) and its cookie cleared.")))]
pub async fn sign_out(
    State(state): State<AppState>,
    who: Option<SignedInTherapist>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<(StatusCode, [(HeaderName, &'static str); 1], CookieJar), ApiError> {
    if let Some(who) = &who {
        state
            .store
            .audit(&entry(who.therapist, "sign-out", ""))
            .await?;
    }
    let jar = session::end(&state, SessionKind::Therapist, &headers, jar).await?;
    // What this browser kept of the therapist's pages goes too (a shared computer).
    Ok((
        StatusCode::NO_CONTENT,
        [(session::CLEAR_SITE_DATA, "\"cache\", \"cookies\"")],
        jar,
    ))
}

#[utoipa::path(get, path = "/therapist/me", tag = "therapist", security(("therapist_session" = [])), responses((status = 200, description = "Who is signed in, and whether two-step sign-in is on (and required by this server).", body = TherapistMe)))]
pub async fn me(
    State(state): State<AppState>,
    who: SignedInTherapist,
) -> Result<ApiJson<TherapistMe>, ApiError> {
    Ok(ApiJson(me_of(&state, who.therapist).await?))
}

#[utoipa::path(post, path = "/therapist/mfa/totp", tag = "therapist", security(("therapist_session" = [])), responses((status = 200, description = "A new key for an authenticator app, not in force until confirmed with a code from it.", body = TotpEnrolment), (status = 409, description = "Two-step sign-in is already on; turn it off first.", body = ErrorBody)))]
pub async fn begin_totp(
    State(state): State<AppState>,
    who: SignedInTherapist,
) -> Result<ApiJson<TotpEnrolment>, ApiError> {
    let key = mfa::new_key();
    if !state
        .store
        .begin_totp(who.therapist, &key, now_ms())
        .await?
    {
        return Err(ApiError::Conflict(
            "Two-step sign-in is already on for this account. Turn it off first to set up a new app.",
        ));
    }
    let me = me_of(&state, who.therapist).await?;
    let (secret, otpauth_url) = mfa::enrolment(&key, &me.email)?;
    let qr_svg = crate::qr::svg(otpauth_url.expose())?;
    Ok(ApiJson(TotpEnrolment {
        secret,
        otpauth_url,
        qr_svg,
    }))
}

#[utoipa::path(post, path = "/therapist/mfa/totp/confirm", tag = "therapist", security(("therapist_session" = [])), request_body = MfaCode, responses((status = 200, description = "Two-step sign-in is on: ten single-use recovery codes, shown this once. Audited.", body = RecoveryCodes), (status = 403, description = "The code does not match the new key.", body = ErrorBody), (status = 422, description = "No key is being set up.", body = ErrorBody)))]
pub async fn confirm_totp(
    State(state): State<AppState>,
    who: SignedInTherapist,
    ApiJson(body): ApiJson<MfaCode>,
) -> Result<ApiJson<RecoveryCodes>, ApiError> {
    // A wrong code is a wrong credential (403), like a wrong password; a code of the wrong
    // shape is refused by the same check, since both say the same to the person.
    let wrong = || {
        ApiError::Forbidden(
            "That code does not match. Check that the app shows Ajar, and enter the code it shows now.",
        )
    };
    let pending = state
        .store
        .totp(who.therapist)
        .await?
        .filter(|t| !t.confirmed)
        .ok_or_else(|| {
            ApiError::Unprocessable("No two-step sign-in is being set up. Start again.".into())
        })?;
    let step = mfa::step_of(&pending.key, body.code.expose(), now_ms()).ok_or_else(wrong)?;
    let codes = mfa::new_recovery_codes();
    let hashes: Vec<[u8; 32]> = codes
        .iter()
        .map(|c| mfa::recovery_hash(c.expose()))
        .collect();
    let on = entry(who.therapist, "mfa.on", "");
    if !state
        .store
        .confirm_totp(who.therapist, step, &hashes, &on)
        .await?
    {
        return Err(wrong());
    }
    Ok(ApiJson(RecoveryCodes { codes }))
}

#[utoipa::path(delete, path = "/therapist/mfa", tag = "therapist", security(("therapist_session" = [])), request_body = MfaOff, responses((status = 204, description = "Two-step sign-in is off; its key and recovery codes are deleted. Audited."), (status = 403, description = "This server requires two-step sign-in, or the password is wrong.", body = ErrorBody)))]
pub async fn remove_totp(
    State(state): State<AppState>,
    who: SignedInTherapist,
    ApiJson(body): ApiJson<MfaOff>,
) -> Result<StatusCode, ApiError> {
    if state.require_mfa {
        return Err(ApiError::Forbidden(
            "This server requires two-step sign-in, so it cannot be turned off. To move to a new phone, ask whoever runs Ajar to reset it.",
        ));
    }
    check_password(&state, who.therapist, body.password).await?;
    let off = entry(who.therapist, "mfa.off", "");
    state.store.remove_totp(who.therapist, &off).await?;
    Ok(StatusCode::NO_CONTENT)
}
