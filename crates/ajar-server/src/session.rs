//! Session cookies and the extractors that turn them into "who is asking".
//!
//! A handler that takes a [`ClientSession`] or [`TherapistSession`] cannot run without a
//! live session of that kind; everything it reads is then scoped to that subject.

use crate::app::AppState;
use crate::auth::Token;
use crate::clock::{DAY_MS, HOUR_MS, now_ms};
use crate::error::ApiError;
use crate::store::{ClientId, SessionKind, SessionLookup, TherapistId};
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

/// `__Host-`: the browser accepts the cookie only if it is Secure, has `Path=/` and no
/// `Domain`, so no subdomain or plain-http page can set or shadow it. Browsers treat
/// `http://localhost` and `127.0.0.1` as secure, so this also works in development.
pub const CLIENT_COOKIE: &str = "__Host-ajar_client";
pub const THERAPIST_COOKIE: &str = "__Host-ajar_therapist";

/// Sent with a sign-out: the browser drops what it kept for this site.
pub const CLEAR_SITE_DATA: axum::http::HeaderName =
    axum::http::HeaderName::from_static("clear-site-data");

/// A phone stays signed in for half a year: clients should not need their link often.
pub const CLIENT_SESSION_MS: i64 = 180 * DAY_MS;
/// A therapist signs in again at least every 12 hours…
pub const THERAPIST_SESSION_MS: i64 = 12 * HOUR_MS;
/// …and after 15 minutes without using Ajar.
pub const THERAPIST_IDLE_MS: i64 = 15 * 60 * 1000;

impl SessionKind {
    fn cookie_name(self) -> &'static str {
        match self {
            SessionKind::Client => CLIENT_COOKIE,
            SessionKind::Therapist => THERAPIST_COOKIE,
        }
    }

    fn idle_ms(self) -> Option<i64> {
        match self {
            SessionKind::Client => None,
            SessionKind::Therapist => Some(THERAPIST_IDLE_MS),
        }
    }

    fn lifetime_ms(self) -> i64 {
        match self {
            SessionKind::Client => CLIENT_SESSION_MS,
            SessionKind::Therapist => THERAPIST_SESSION_MS,
        }
    }
}

/// Starts a session for `subject` and returns the cookie that carries it.
/// `device`: the browser's User-Agent, kept (cut to 200 characters) for a therapist's
/// "Signed-in devices" list; `None` for a client's phone, whose browser is not recorded.
pub async fn start(
    state: &AppState,
    kind: SessionKind,
    subject: i64,
    device: Option<&str>,
) -> Result<Cookie<'static>, ApiError> {
    let token = Token::generate();
    let now = now_ms();
    let device: Option<String> =
        device.map(|d| d.chars().filter(|c| !c.is_control()).take(200).collect());
    state
        .store
        .create_session(
            &token.hash(),
            kind,
            subject,
            now,
            now + kind.lifetime_ms(),
            device.as_deref(),
        )
        .await?;
    let max_age = std::time::Duration::from_millis(kind.lifetime_ms().unsigned_abs());
    Ok(
        Cookie::build((kind.cookie_name(), token.expose().to_owned()))
            .http_only(true)
            .secure(true)
            .same_site(SameSite::Strict)
            .path("/")
            .max_age(
                max_age
                    .try_into()
                    .expect("session lifetime fits a cookie max-age"),
            )
            .build(),
    )
}

/// Ends the session in `jar` on the server and returns the jar with the cookie removed.
pub async fn end(
    state: &AppState,
    kind: SessionKind,
    headers: &axum::http::HeaderMap,
    jar: CookieJar,
) -> Result<CookieJar, ApiError> {
    if let Some(token) = session_token(headers, kind.cookie_name()) {
        state.store.delete_session(&token.hash()).await?;
    }
    Ok(jar.remove(Cookie::build(kind.cookie_name()).path("/").secure(true)))
}

async fn subject(parts: &Parts, state: &AppState, kind: SessionKind) -> Result<i64, ApiError> {
    let signed_out = match kind {
        SessionKind::Client => "This phone is not signed in. Open your personal link again.",
        SessionKind::Therapist => {
            "You are not signed in, or your session has ended. Please sign in."
        }
    };
    let token = session_token(&parts.headers, kind.cookie_name())
        .ok_or(ApiError::Unauthorized(signed_out))?;
    match state
        .store
        .session_subject(&token.hash(), kind, now_ms(), kind.idle_ms())
        .await?
    {
        SessionLookup::Live(subject) => Ok(subject),
        SessionLookup::Ended(because) => Err(ApiError::SessionEnded(because)),
        SessionLookup::Missing => Err(ApiError::Unauthorized(signed_out)),
    }
}

/// The session token in the `name` cookie, read from the raw header bytes. The cookie
/// library refuses a whole `Cookie` header with one byte outside visible ASCII in it
/// (another site's cookie on the same host can hold UTF-8), and with it our session:
/// this reads our own cookie whatever its neighbours hold. A token is plain base64url.
fn session_token(headers: &axum::http::HeaderMap, name: &str) -> Option<Token> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .flat_map(|h| h.as_bytes().split(|b| *b == b';'))
        .find_map(|pair| {
            let pair = pair.trim_ascii();
            let value = pair.strip_prefix(name.as_bytes())?.strip_prefix(b"=")?;
            Token::parse(std::str::from_utf8(value).ok()?)
        })
}

/// The client whose phone sent the request.
pub struct ClientSession {
    pub client: ClientId,
}

impl FromRequestParts<AppState> for ClientSession {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let id = subject(parts, state, SessionKind::Client).await?;
        Ok(Self {
            client: ClientId(id),
        })
    }
}

/// The signed-in therapist, allowed everything a therapist may do: on a server that
/// requires two-step sign-in, only once it is set up.
pub struct TherapistSession {
    pub therapist: TherapistId,
}

impl FromRequestParts<AppState> for TherapistSession {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let SignedInTherapist { therapist } =
            <SignedInTherapist as FromRequestParts<AppState>>::from_request_parts(parts, state)
                .await?;
        if state.require_mfa
            && !state
                .store
                .totp(therapist)
                .await?
                .is_some_and(|t| t.confirmed)
        {
            return Err(ApiError::Coded {
                status: axum::http::StatusCode::FORBIDDEN,
                message: "This server asks every therapist for a second step at sign-in. Please set up two-step sign-in first.",
                code: ajar_core::api::MFA_SETUP_REQUIRED,
            });
        }
        Ok(Self { therapist })
    }
}

/// A therapist with a live session, whether or not a required second step is set up
/// yet: for reading who they are, setting up two-step sign-in, and signing out.
pub struct SignedInTherapist {
    pub therapist: TherapistId,
}

impl FromRequestParts<AppState> for SignedInTherapist {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let id = subject(parts, state, SessionKind::Therapist).await?;
        Ok(Self {
            therapist: TherapistId(id),
        })
    }
}

/// The hash of this browser's session token of `kind`, if it sent one.
pub fn current(
    headers: &axum::http::HeaderMap,
    kind: SessionKind,
) -> Option<crate::auth::TokenHash> {
    session_token(headers, kind.cookie_name()).map(|t| t.hash())
}

/// Ends the session this browser already has, if any (a new sign-in replaces it).
pub async fn end_current(
    state: &AppState,
    kind: SessionKind,
    headers: &axum::http::HeaderMap,
) -> Result<(), ApiError> {
    if let Some(token) = session_token(headers, kind.cookie_name()) {
        state.store.delete_session(&token.hash()).await?;
    }
    Ok(())
}

/// For sign-out: who is signing out, if the session is still live; an ended session is
/// no error there.
impl OptionalFromRequestParts<AppState> for SignedInTherapist {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        match subject(parts, state, SessionKind::Therapist).await {
            Ok(id) => Ok(Some(Self {
                therapist: TherapistId(id),
            })),
            Err(ApiError::Unauthorized(_) | ApiError::SessionEnded(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }
}
