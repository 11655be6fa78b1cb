//! A therapist's own clients: add and list them, give them a new link or revoke it,
//! choose what they are offered, archive and restore them.

use crate::app::AppState;
use crate::auth::Token;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::json_body::ApiJson;
use crate::routes::therapist::{NO_SUCH_CLIENT, client_id, client_subject, noted};
use crate::session::TherapistSession;
use crate::store::{Audited, ClientId, ClientRow};
use ajar_core::Secret;
use ajar_core::api::ErrorBody;
use ajar_core::api::{ClientLink, ClientListing, MAX_LABEL, NewClient, NewLink};
use ajar_core::link;
use ajar_core::plan::{Plan, Planned};
use axum::extract::{Path, State};
use axum::http::StatusCode;

/// The origin a link is made for, or the 422 that says what it must look like: `http` or
/// `https`, a host name (letters, digits, dots, hyphens: an internationalised name in its
/// `xn--` form) and perhaps a port up to 65535, then nothing but slashes. Anything else
/// would put a link into the client's message that some phone cannot open (schemathesis
/// found `http://[` accepted, which Python's URL parser cannot even read).
pub fn origin(text: &str) -> Result<&str, ApiError> {
    let text = text.trim_end_matches('/');
    let ok = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .is_some_and(|authority| {
            let (host, port) = match authority.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            };
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                && port.is_none_or(|p| {
                    (1..=5).contains(&p.len())
                        && p.bytes().all(|b| b.is_ascii_digit())
                        && p.parse::<u32>().is_ok_and(|n| n <= 65_535)
                })
        });
    ok.then_some(text).ok_or_else(|| {
        ApiError::Unprocessable(
            "origin must be like https://ajar.example.org or http://192.168.1.20:8080 (scheme, host and port only)."
                .into(),
        )
    })
}

/// The link with its QR code. A new token every time: the old link stops working.
async fn new_link(
    state: &AppState,
    client: ClientId,
    label: String,
    origin: &str,
    audit: &Audited,
) -> Result<ClientLink, ApiError> {
    let token = Token::generate();
    state
        .store
        .set_client_link(client, &token.hash(), audit)
        .await?;
    let url = link::client_link(origin, token.expose());
    let qr_svg = crate::qr::svg(&url)?;
    Ok(ClientLink {
        client_id: client.0,
        label,
        link: Secret::new(url),
        qr_svg,
    })
}

#[utoipa::path(post, path = "/therapist/clients", tag = "therapist", security(("therapist_session" = [])), request_body = NewClient, responses((status = 201, description = "The client, with their personal link and its QR code (shown this once).", body = ClientLink)))]
pub async fn add(
    State(state): State<AppState>,
    who: TherapistSession,
    ApiJson(body): ApiJson<NewClient>,
) -> Result<(StatusCode, ApiJson<ClientLink>), ApiError> {
    // Refused, never cut: a label cut short without a word is not the one the therapist
    // wrote, and may no longer tell two clients apart.
    let written = body.label.chars().count();
    if written > MAX_LABEL {
        return Err(ApiError::Unprocessable(format!(
            "A label is at most {MAX_LABEL} characters; this one has {written}. Initials or a pseudonym are enough."
        )));
    }
    let label = body.label.trim().to_owned();
    if label.is_empty() {
        return Err(ApiError::Unprocessable(
            "Please give the client a label: initials or a pseudonym are enough.".into(),
        ));
    }
    let origin = origin(&body.origin)?;
    // A placeholder hash until the real link is made, so no moment exists without one.
    let client = state
        .store
        .add_client(
            who.therapist,
            &label,
            &Token::generate().hash(),
            now_ms(),
            &noted(&who, "client.add", ""),
        )
        .await?;
    let audit = noted(&who, "client.link.new", &client_subject(client));
    let link = new_link(&state, client, label, origin, &audit).await?;
    Ok((StatusCode::CREATED, ApiJson(link)))
}

/// This therapist's client, or the 404 that also answers for anyone else's.
async fn own(state: &AppState, who: &TherapistSession, id: &str) -> Result<ClientRow, ApiError> {
    state
        .store
        .client(who.therapist, client_id(id)?)
        .await?
        .ok_or(ApiError::NotFound(NO_SUCH_CLIENT))
}

/// Every client, archived ones too, by label: what the caseload page lists under
/// "Archived". Labels only, no answers.
#[utoipa::path(get, path = "/therapist/clients", tag = "therapist", security(("therapist_session" = [])), responses((status = 200, description = "Every client, archived ones too, by label.", body = Vec<ClientListing>)))]
pub async fn list(
    State(state): State<AppState>,
    who: TherapistSession,
) -> Result<ApiJson<Vec<ClientListing>>, ApiError> {
    let clients = state.store.clients_of(who.therapist).await?;
    Ok(ApiJson(
        clients
            .into_iter()
            .map(|c| ClientListing {
                client_id: c.id.0,
                label: c.label,
                archived_at_ms: c.archived_at_ms,
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/therapist/clients/{id}/link", tag = "therapist", security(("therapist_session" = [])), params(("id" = i64, Path, description = "The client's id (another therapist's client is answered 404 too).")), request_body = NewLink, responses((status = 200, description = "A new link; the old one stops working.", body = ClientLink), (status = 404, description = "No such client of this therapist.", body = ErrorBody), (status = 409, description = "The client is archived.", body = ErrorBody)))]
pub async fn rotate_link(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewLink>,
) -> Result<ApiJson<ClientLink>, ApiError> {
    let client = own(&state, &who, &id).await?;
    if client.archived_at_ms.is_some() {
        return Err(ApiError::InvalidChange(
            "This client is archived. Restore them first, then make a new link.".into(),
        ));
    }
    let origin = origin(&body.origin)?;
    let audit = noted(&who, "client.link.new", &client_subject(client.id));
    Ok(ApiJson(
        new_link(&state, client.id, client.label, origin, &audit).await?,
    ))
}

#[utoipa::path(delete, path = "/therapist/clients/{id}/link", tag = "therapist", security(("therapist_session" = [])), params(("id" = i64, Path, description = "The client's id (another therapist's client is answered 404 too).")), responses((status = 204, description = "Done."), (status = 404, description = "No such client of this therapist.", body = ErrorBody)))]
pub async fn revoke_link(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let client = own(&state, &who, &id).await?;
    let audit = noted(&who, "client.link.revoke", &client_subject(client.id));
    state.store.revoke_client_link(client.id, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which check-ins the client is offered, and how often. Answers already on the phone
/// for a check-in taken out of the plan are still accepted: nothing typed is lost.
#[utoipa::path(put, path = "/therapist/clients/{id}/plan", tag = "therapist", security(("therapist_session" = [])), params(("id" = i64, Path, description = "The client's id (another therapist's client is answered 404 too).")), request_body = Vec<Planned>, responses((status = 200, description = "The plan as saved.", body = Vec<Planned>), (status = 404, description = "No such client of this therapist.", body = ErrorBody)))]
pub async fn set_plan(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(id): Path<String>,
    ApiJson(rows): ApiJson<Vec<Planned>>,
) -> Result<ApiJson<Plan>, ApiError> {
    let client = own(&state, &who, &id).await?;
    let plan = Plan::parse(&rows).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    let audit = noted(&who, "client.plan", &client_subject(client.id));
    state.store.set_plan(client.id, &plan, &audit).await?;
    Ok(ApiJson(plan))
}

#[utoipa::path(post, path = "/therapist/clients/{id}/archive", tag = "therapist", security(("therapist_session" = [])), params(("id" = i64, Path, description = "The client's id (another therapist's client is answered 404 too).")), responses((status = 204, description = "Done."), (status = 404, description = "No such client of this therapist.", body = ErrorBody)))]
pub async fn archive(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let client = own(&state, &who, &id).await?;
    // Archiving twice keeps the first date.
    if client.archived_at_ms.is_none() {
        let audit = noted(&who, "client.archive", &client_subject(client.id));
        state
            .store
            .archive_client(client.id, now_ms(), &audit)
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/therapist/clients/{id}/restore", tag = "therapist", security(("therapist_session" = [])), params(("id" = i64, Path, description = "The client's id (another therapist's client is answered 404 too).")), responses((status = 204, description = "Done."), (status = 404, description = "No such client of this therapist.", body = ErrorBody)))]
pub async fn restore(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let client = own(&state, &who, &id).await?;
    if client.archived_at_ms.is_some() {
        let audit = noted(&who, "client.restore", &client_subject(client.id));
        state.store.restore_client(client.id, &audit).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
