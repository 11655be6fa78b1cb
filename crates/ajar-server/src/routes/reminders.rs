//! A phone asking to be reminded when a check-in is due, and stopping. The subscription
//! belongs to this phone's session, so another phone of the same client keeps its own,
//! and "Forget this phone", a new link or archiving the client ends it.

use crate::app::AppState;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::json_body::ApiJson;
use crate::session::{self, ClientSession};
use crate::store::push::NewSubscription;
use crate::store::{SessionKind, StoreResult};
use ajar_core::api::ErrorBody;
use ajar_core::reminder::{
    self, AUTH_CHARS, MAX_UTC_OFFSET, MIN_UTC_OFFSET, P256DH_CHARS, Reminders, Subscribe,
};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Browsers write the keys without padding; the bits past the last whole byte are not
/// theirs to check.
const KEYS: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

#[utoipa::path(get, path = "/client/reminders", tag = "client", security(("client_session" = [])), responses((status = 200, description = "Whether this phone is reminded, and the key a subscription is made with.", body = Reminders)))]
pub async fn reminders(
    State(state): State<AppState>,
    _who: ClientSession,
    headers: HeaderMap,
) -> Result<ApiJson<Reminders>, ApiError> {
    let on = state.store.subscribed(&this_phone(&headers)?).await?;
    Ok(ApiJson(Reminders {
        on,
        public_key: public_key(&state).await?,
    }))
}

#[utoipa::path(put, path = "/client/reminders", tag = "client", security(("client_session" = [])), request_body = Subscribe, responses((status = 204, description = "This phone is reminded from now on (its subscription replaced, if it had one)."), (status = 422, description = "The subscription is not one a push service gave.", body = ErrorBody)))]
pub async fn subscribe(
    State(state): State<AppState>,
    who: ClientSession,
    headers: HeaderMap,
    ApiJson(body): ApiJson<Subscribe>,
) -> Result<StatusCode, ApiError> {
    let sub = parse(&state, body)?;
    state
        .store
        .save_subscription(&this_phone(&headers)?, who.client, &sub, now_ms())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/client/reminders", tag = "client", security(("client_session" = [])), responses((status = 204, description = "This phone is not reminded any more.")))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    _who: ClientSession,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    state
        .store
        .delete_subscription(&this_phone(&headers)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The session the extractor has just found live.
fn this_phone(headers: &HeaderMap) -> Result<crate::auth::TokenHash, ApiError> {
    session::current(headers, SessionKind::Client).ok_or(ApiError::Unauthorized(
        "This phone is not signed in. Open your personal link again.",
    ))
}

async fn public_key(state: &AppState) -> StoreResult<String> {
    state
        .push
        .public_key
        .get_or_try_init(|| async {
            Ok(crate::reminders::Vapid::of(state.store.as_ref(), now_ms())
                .await?
                .public_key())
        })
        .await
        .cloned()
}

fn parse(state: &AppState, body: Subscribe) -> Result<NewSubscription, ApiError> {
    let bad = |what: &str| {
        ApiError::Unprocessable(format!(
            "{what} This is not a subscription a browser's push service gives; please try turning reminders on again."
        ))
    };
    let allowed = reminder::is_push_endpoint(&body.endpoint)
        || state
            .push
            .test_service
            .as_deref()
            .is_some_and(|prefix| body.endpoint.starts_with(prefix));
    if !allowed {
        return Err(bad(
            "endpoint must be an https URL with a host name (at most 1000 characters).",
        ));
    }
    if !reminder::is_key(&body.p256dh, P256DH_CHARS) {
        return Err(bad("p256dh must be 87 characters of base64url."));
    }
    if !reminder::is_key(&body.auth, AUTH_CHARS) {
        return Err(bad("auth must be 22 characters of base64url."));
    }
    if !(MIN_UTC_OFFSET..=MAX_UTC_OFFSET).contains(&body.utc_offset_minutes) {
        return Err(bad("utc_offset_minutes must be between -720 and 840."));
    }
    let p256dh = KEYS
        .decode(&body.p256dh)
        .map_err(|_| bad("p256dh does not decode."))?;
    let auth: [u8; 16] = KEYS
        .decode(&body.auth)
        .ok()
        .and_then(|a| a.try_into().ok())
        .ok_or_else(|| bad("auth does not decode."))?;
    Ok(NewSubscription {
        endpoint: body.endpoint,
        p256dh,
        auth,
        utc_offset_minutes: body.utc_offset_minutes,
    })
}
