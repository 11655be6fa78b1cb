//! A therapist's downloads: every answer of the caseload or of one client, as CSV or as
//! a FHIR R4 bundle, streamed from the store (see `export/stream.rs`). Each is audited
//! before the first byte goes out.

use crate::app::AppState;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::export::{self, Format, Scope};
use crate::routes::therapist::{NO_SUCH_CLIENT, client_id, record};
use crate::session::TherapistSession;
use ajar_core::api::ErrorBody;
use ajar_core::dates::iso_date;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

async fn export(
    state: AppState,
    who: TherapistSession,
    client: Option<String>,
    format: Format,
) -> Result<Response, ApiError> {
    let only = client.as_deref().map(client_id).transpose()?;
    let scope = Scope::read(state.store.as_ref(), who.therapist, only)
        .await?
        .ok_or(ApiError::NotFound(NO_SUCH_CLIENT))?;
    let action = match format {
        Format::Csv => "export.csv",
        Format::Fhir => "export.fhir",
    };
    let (subject, what) = match only {
        Some(c) => (format!("client:{}", c.0), format!("client-{}", c.0)),
        None => ("caseload".to_owned(), "caseload".to_owned()),
    };
    record(&state, &who, action, &subject).await?;
    let now = now_ms();
    let name = format!("ajar-{what}-{}.{}", iso_date(now), format.extension());
    let body = export::body(state.store.clone(), scope, format, export::PAGE, now);
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[utoipa::path(get, path = "/therapist/export.csv", tag = "therapist", security(("therapist_session" = [])), responses((status = 200, description = "Every answer of every client, one row per answer. Audited.", content_type = "text/csv", body = String)))]
pub async fn caseload_csv(
    State(state): State<AppState>,
    who: TherapistSession,
) -> Result<Response, ApiError> {
    export(state, who, None, Format::Csv).await
}

#[utoipa::path(get, path = "/therapist/clients/{id}/export.csv", tag = "therapist", security(("therapist_session" = [])), params(("id" = i64, Path, description = "The client's id (another therapist's client is answered 404 too).")), responses((status = 200, description = "Every answer of one client. Audited.", content_type = "text/csv", body = String), (status = 404, description = "No such client of this therapist.", body = ErrorBody)))]
pub async fn client_csv(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(client): Path<String>,
) -> Result<Response, ApiError> {
    export(state, who, Some(client), Format::Csv).await
}

#[utoipa::path(get, path = "/therapist/export.fhir.json", tag = "therapist", security(("therapist_session" = [])), responses((status = 200, description = "A FHIR R4 collection Bundle of QuestionnaireResponses. Audited.", content_type = "application/fhir+json", body = Object)))]
pub async fn caseload_fhir(
    State(state): State<AppState>,
    who: TherapistSession,
) -> Result<Response, ApiError> {
    export(state, who, None, Format::Fhir).await
}

#[utoipa::path(get, path = "/therapist/clients/{id}/export.fhir.json", tag = "therapist", security(("therapist_session" = [])), params(("id" = i64, Path, description = "The client's id (another therapist's client is answered 404 too).")), responses((status = 200, description = "One client's FHIR R4 Bundle. Audited.", content_type = "application/fhir+json", body = Object), (status = 404, description = "No such client of this therapist.", body = ErrorBody)))]
pub async fn client_fhir(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(client): Path<String>,
) -> Result<Response, ApiError> {
    export(state, who, Some(client), Format::Fhir).await
}
