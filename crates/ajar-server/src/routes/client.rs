//! What a client's phone may do: trade its link for a session, read its home, send check-ins.

use crate::app::AppState;
use crate::auth::Token;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::json_body::ApiJson;
use crate::session::{self, ClientSession};
use crate::store::{Recorded, RequestChange, Scope, SessionKind};
use ajar_core::api::{ClientHome, LinkExchange, NewResponse, Receipt, RequestView};
use ajar_core::api::{ErrorBody, OTHER_CLIENT, WRITTEN_FOR_HEADER};
use ajar_core::ending::{Action, AnswerTime, NewRequest, Wish};
use ajar_core::response::ValidResponse;
use ajar_core::{CheckInId, instruments};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum_extra::extract::CookieJar;

#[utoipa::path(post, path = "/client/session", tag = "client", request_body = LinkExchange, responses((status = 200, description = "The link works: the session cookie is set and the client's home is returned.", body = ClientHome), (status = 404, description = "The link is unknown, revoked or replaced.", body = ErrorBody)))]
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
    let cookie = session::start(&state, SessionKind::Client, client.0, None).await?;
    let home = state.store.client_home(client).await?;
    Ok((jar.add(cookie), ApiJson(home)))
}

#[utoipa::path(delete, path = "/client/session", tag = "client", operation_id = "client_sign_out", responses((status = 204, description = "The phone's session is ended (if it had one) and its cookie cleared.")))]
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<(StatusCode, [(HeaderName, &'static str); 1], CookieJar), ApiError> {
    let jar = session::end(&state, SessionKind::Client, &headers, jar).await?;
    // "Forget this phone": the browser drops its cookies and HTTP cache for Ajar too (the
    // app has already cleared what it stored itself).
    Ok((
        StatusCode::NO_CONTENT,
        [(session::CLEAR_SITE_DATA, "\"cache\", \"cookies\"")],
        jar,
    ))
}

#[utoipa::path(get, path = "/client/home", tag = "client", security(("client_session" = [])), responses((status = 200, description = "What the client's page shows.", body = ClientHome)))]
pub async fn home(
    State(state): State<AppState>,
    who: ClientSession,
) -> Result<ApiJson<ClientHome>, ApiError> {
    Ok(ApiJson(state.store.client_home(who.client).await?))
}

/// 201 with a receipt when stored now; 200 with the original receipt when this exact
/// check-in was stored before (a retry); 409 when the id is taken by other answers.
/// The server validates and scores the answers itself from the instrument definition.
#[utoipa::path(post, path = "/client/responses", tag = "client", security(("client_session" = [])), request_body = NewResponse, responses((status = 201, description = "Stored now, durably.", body = Receipt), (status = 200, description = "This exact check-in was stored before (a retry); the original receipt.", body = Receipt), (status = 409, description = "The id is taken by different answers, or (`code: other-client`) the answers were written for another client than this session's.", body = ErrorBody)), params(WrittenFor))]
pub async fn submit_response(
    State(state): State<AppState>,
    who: ClientSession,
    headers: HeaderMap,
    ApiJson(submitted): ApiJson<NewResponse>,
) -> Result<(StatusCode, ApiJson<Receipt>), ApiError> {
    written_for_this_client(&state, &who, &headers).await?;
    let instrument =
        instruments::find(&submitted.instrument, submitted.version).ok_or_else(|| {
            ApiError::Unprocessable(format!(
                "There is no check-in {:?} version {}.",
                submitted.instrument, submitted.version
            ))
        })?;
    let valid = ValidResponse::new(submitted.id, instrument, &submitted.answers)
        .map_err(|e| ApiError::Unprocessable(format!("{}: {e}.", instrument.title)))?
        .answered_at(submitted.answered_at_ms);
    match state
        .store
        .record_response(who.client, &valid, now_ms())
        .await?
    {
        Recorded::New(receipt) => Ok((StatusCode::CREATED, ApiJson(receipt))),
        Recorded::Again(receipt) => Ok((StatusCode::OK, ApiJson(receipt))),
        Recorded::Conflict => Err(ApiError::Conflict(
            "A different check-in was already sent with this id. Start a new check-in to send these answers.",
        )),
    }
}

const NO_SUCH_REQUEST: &str = "There is no such request.";

/// The `x-ajar-client` header, described for the OpenAPI document.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)] // read from the headers by `written_for_this_client`, never built
struct WrittenFor {
    /// The `phone_ref` of the client this item was written for, as the phone's home
    /// named it. Optional (older phones leave it out); when given and not this
    /// session's client, the item is refused with 409 `code: other-client`.
    #[param(rename = "x-ajar-client")]
    x_ajar_client: Option<String>,
}

/// One phone has one session cookie, shared by its tabs: a tab still showing Jo's page
/// can send Jo's outbox after another tab traded Alex's link for that cookie. The item
/// says whom it was written for, and is refused (kept on the phone) if that is not the
/// session's client, so it is never filed under someone else.
async fn written_for_this_client(
    state: &AppState,
    who: &ClientSession,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    let Some(written_for) = headers.get(WRITTEN_FOR_HEADER) else {
        return Ok(());
    };
    if written_for.as_bytes() == state.store.phone_ref(who.client).await?.as_bytes() {
        return Ok(());
    }
    Err(ApiError::Coded {
        status: StatusCode::CONFLICT,
        message: "These answers were written with a different personal link than the one this phone is now using. They were not filed; they are kept on the phone until that link is opened again.",
        code: OTHER_CLIENT,
    })
}

/// A request from the ending flow (or to start again), sent through the outbox like a
/// check-in: 201 stored now, 200 stored before, 409 the id is taken by another request.
#[utoipa::path(post, path = "/client/requests", tag = "client", security(("client_session" = [])), request_body = NewRequest, responses((status = 201, description = "Stored now, durably.", body = RequestView), (status = 200, description = "This exact request was stored before (a retry).", body = RequestView), (status = 409, description = "The id is taken by a different request, the wish does not fit (ending after therapy ended, resuming before), or (`code: other-client`) the request was written for another client than this session's.", body = ErrorBody)), params(WrittenFor))]
pub async fn submit_request(
    State(state): State<AppState>,
    who: ClientSession,
    headers: HeaderMap,
    ApiJson(submitted): ApiJson<NewRequest>,
) -> Result<(StatusCode, ApiJson<RequestView>), ApiError> {
    written_for_this_client(&state, &who, &headers).await?;
    let request = submitted
        .normalized()
        .map_err(|e| ApiError::Unprocessable(format!("{e}.")))?;
    let ended = state.store.therapy_ended(who.client).await?;
    match (ended, request.wish == Wish::Resume) {
        (true, false) => {
            return Err(ApiError::Conflict(
                "Your therapy has ended. You can ask to start again instead.",
            ));
        }
        (false, true) => {
            return Err(ApiError::Conflict(
                "Your therapy has not ended, so there is nothing to start again.",
            ));
        }
        _ => {}
    }
    match state
        .store
        .record_request(who.client, &request, now_ms())
        .await?
    {
        Recorded::New(view) => Ok((StatusCode::CREATED, ApiJson(view))),
        Recorded::Again(view) => Ok((StatusCode::OK, ApiJson(view))),
        Recorded::Conflict => Err(ApiError::Conflict(
            "A different request was already sent with this id. Start a new request to send this one.",
        )),
    }
}

/// The client takes a request back.
#[utoipa::path(post, path = "/client/requests/{id}/withdraw", tag = "client", security(("client_session" = [])), params(("id" = uuid::Uuid, Path, description = "The request's id.")), responses((status = 200, description = "The request as it now is.", body = RequestView), (status = 404, description = "No such request of this client or therapist.", body = ErrorBody), (status = 409, description = "The request's state does not allow this change; the message says why.", body = ErrorBody)))]
pub async fn withdraw_request(
    State(state): State<AppState>,
    who: ClientSession,
    Path(id): Path<String>,
) -> Result<ApiJson<RequestView>, ApiError> {
    let id = request_id(&id)?;
    let change = RequestChange {
        action: Action::Withdraw,
        reply: None,
        time: None,
    };
    clients_change(&state, &who, id, change).await
}

/// The client answers the time their therapist proposed: it suits, or another would.
#[utoipa::path(post, path = "/client/requests/{id}/time", tag = "client", security(("client_session" = [])), params(("id" = uuid::Uuid, Path, description = "The request's id.")), request_body = AnswerTime, responses((status = 200, description = "The request as it now is: sent again, for the therapist to read.", body = RequestView), (status = 404, description = "No such request of this client or therapist.", body = ErrorBody), (status = 409, description = "The request's state does not allow this change; the message says why.", body = ErrorBody), (status = 422, description = "The suggestion is too long, or missing with `another`.", body = ErrorBody)))]
pub async fn answer_time(
    State(state): State<AppState>,
    who: ClientSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AnswerTime>,
) -> Result<ApiJson<RequestView>, ApiError> {
    let id = request_id(&id)?;
    let body = body
        .normalized()
        .map_err(|e| ApiError::Unprocessable(format!("{e}.")))?;
    let change = RequestChange {
        action: Action::AnswerTime,
        reply: None,
        time: Some(Some((body.answer, body.suggestion))),
    };
    clients_change(&state, &who, id, change).await
}

/// A change the client makes to their own request.
async fn clients_change(
    state: &AppState,
    who: &ClientSession,
    id: CheckInId,
    change: RequestChange,
) -> Result<ApiJson<RequestView>, ApiError> {
    match state
        .store
        // A client's own change is not a therapist's action: not in the audit trail.
        .change_request(Scope::Client(who.client), id, change, now_ms(), None)
        .await?
    {
        None => Err(ApiError::NotFound(NO_SUCH_REQUEST)),
        Some(Err(invalid)) => Err(ApiError::InvalidChange(invalid.to_string())),
        Some(Ok(view)) => Ok(ApiJson(view)),
    }
}

/// A request id from a path; anything that is not a UUID cannot name a request.
pub(crate) fn request_id(text: &str) -> Result<CheckInId, ApiError> {
    uuid::Uuid::parse_str(text)
        .map(CheckInId)
        .map_err(|_| ApiError::NotFound(NO_SUCH_REQUEST))
}
