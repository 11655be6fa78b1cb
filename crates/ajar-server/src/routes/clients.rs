//! A therapist's own clients: add one, give them a new link, or revoke it.

use crate::app::AppState;
use crate::auth::Token;
use crate::clock::now_ms;
use crate::error::{ApiError, ApiJson};
use crate::routes::therapist::{NO_SUCH_CLIENT, client_id, record};
use crate::session::TherapistSession;
use crate::store::ClientId;
use ajar_core::Secret;
use ajar_core::api::{ClientLink, NewClient};
use ajar_core::link;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use qrcode::QrCode;
use qrcode::render::svg;

const MAX_LABEL: usize = 80;

fn origin(text: &str) -> Result<&str, ApiError> {
    let text = text.trim_end_matches('/');
    let ok = (text.starts_with("https://") || text.starts_with("http://"))
        && !text.contains(['#', '?', ' '])
        && text.matches('/').count() == 2;
    ok.then_some(text).ok_or_else(|| {
        ApiError::Unprocessable(
            "origin must be like https://ajar.example.org (scheme and host only).".into(),
        )
    })
}

/// The link with its QR code. A new token every time: the old link stops working.
async fn new_link(
    state: &AppState,
    client: ClientId,
    label: String,
    origin: &str,
) -> Result<ClientLink, ApiError> {
    let token = Token::generate();
    state.store.set_client_link(client, &token.hash()).await?;
    let url = link::client_link(origin, token.expose());
    let qr = QrCode::new(url.as_bytes()).map_err(anyhow::Error::from)?;
    let qr_svg = qr
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(ClientLink {
        client_id: client.0,
        label,
        link: Secret::new(url),
        qr_svg,
    })
}

pub async fn add(
    State(state): State<AppState>,
    who: TherapistSession,
    ApiJson(body): ApiJson<NewClient>,
) -> Result<(StatusCode, ApiJson<ClientLink>), ApiError> {
    let label = body.label.trim().to_owned();
    if label.is_empty() {
        return Err(ApiError::Unprocessable(
            "Please give the client a label: initials or a pseudonym are enough.".into(),
        ));
    }
    if label.chars().count() > MAX_LABEL {
        return Err(ApiError::Unprocessable(format!(
            "A label is at most {MAX_LABEL} characters."
        )));
    }
    let origin = origin(&body.origin)?;
    // A placeholder hash until the real link is made, so no moment exists without one.
    let client = state
        .store
        .add_client(who.therapist, &label, &Token::generate().hash(), now_ms())
        .await?;
    record(&state, &who, "client.add", &format!("client:{}", client.0)).await?;
    let link = new_link(&state, client, label, origin).await?;
    Ok((StatusCode::CREATED, ApiJson(link)))
}

pub async fn rotate_link(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewClient>,
) -> Result<ApiJson<ClientLink>, ApiError> {
    let client = client_id(&id)?;
    let label = state
        .store
        .client_label(who.therapist, client)
        .await?
        .ok_or(ApiError::NotFound(NO_SUCH_CLIENT))?;
    let origin = origin(&body.origin)?;
    record(
        &state,
        &who,
        "client.link.new",
        &format!("client:{}", client.0),
    )
    .await?;
    Ok(ApiJson(new_link(&state, client, label, origin).await?))
}

pub async fn revoke_link(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let client = client_id(&id)?;
    if state
        .store
        .client_label(who.therapist, client)
        .await?
        .is_none()
    {
        return Err(ApiError::NotFound(NO_SUCH_CLIENT));
    }
    state.store.revoke_client_link(client).await?;
    record(
        &state,
        &who,
        "client.link.revoke",
        &format!("client:{}", client.0),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
