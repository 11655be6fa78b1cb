//! What a client's phone may do: trade its link for a session, read its home, send check-ins.

use crate::app::AppState;
use crate::auth::Token;
use crate::clock::now_ms;
use crate::error::{ApiError, ApiJson};
use crate::session::{self, ClientSession};
use crate::store::{Recorded, SessionKind};
use ajar_core::api::{ClientHome, LinkExchange, NewResponse, Receipt};
use ajar_core::{instruments, response};
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;

pub async fn exchange_link(
    State(state): State<AppState>,
    jar: CookieJar,
    ApiJson(body): ApiJson<LinkExchange>,
) -> Result<(CookieJar, ApiJson<ClientHome>), ApiError> {
    const UNKNOWN: &str =
        "This link does not work any more. Please ask your therapist for a new one.";
    let token = Token::parse(body.token.expose()).ok_or(ApiError::NotFound(UNKNOWN))?;
    let client = state
        .store
        .client_by_link(&token.hash())
        .await?
        .ok_or(ApiError::NotFound(UNKNOWN))?;
    let cookie = session::start(&state, SessionKind::Client, client.0).await?;
    let home = state.store.client_home(client).await?;
    Ok((jar.add(cookie), ApiJson(home)))
}

pub async fn sign_out(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar), ApiError> {
    let jar = session::end(&state, SessionKind::Client, jar).await?;
    Ok((StatusCode::NO_CONTENT, jar))
}

pub async fn home(
    State(state): State<AppState>,
    who: ClientSession,
) -> Result<ApiJson<ClientHome>, ApiError> {
    Ok(ApiJson(state.store.client_home(who.client).await?))
}

/// 201 with a receipt when stored now; 200 with the original receipt when this exact
/// check-in was stored before (a retry); 409 when the id is taken by other answers.
/// The server validates and scores the answers itself from the instrument definition.
pub async fn submit_response(
    State(state): State<AppState>,
    who: ClientSession,
    ApiJson(mut submitted): ApiJson<NewResponse>,
) -> Result<(StatusCode, ApiJson<Receipt>), ApiError> {
    let instrument =
        instruments::find(&submitted.instrument, submitted.version).ok_or_else(|| {
            ApiError::Unprocessable(format!(
                "There is no check-in {:?} version {}.",
                submitted.instrument, submitted.version
            ))
        })?;
    let scored = response::validate(instrument, &submitted.answers)
        .map_err(|e| ApiError::Unprocessable(format!("{}: {e}.", instrument.title)))?;
    submitted.answers = response::normalize(&submitted.answers);
    match state
        .store
        .record_response(who.client, &submitted, &scored, now_ms())
        .await?
    {
        Recorded::New(receipt) => Ok((StatusCode::CREATED, ApiJson(receipt))),
        Recorded::Again(receipt) => Ok((StatusCode::OK, ApiJson(receipt))),
        Recorded::Conflict => Err(ApiError::Conflict(
            "A different check-in was already sent with this id. Start a new check-in to send these answers.",
        )),
    }
}
