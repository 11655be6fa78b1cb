//! A therapist acknowledges a client's risk answer: what they did, and an optional note.
//! Only this closes a risk flag (see `ajar_core::risk`).

use crate::app::AppState;
use crate::error::ApiError;
use crate::json_body::ApiJson;
use crate::routes::client::request_id;
use crate::routes::therapist::{NO_SUCH_CLIENT, client_id, noted};
use crate::session::TherapistSession;
use crate::store::RiskAcknowledged;
use ajar_core::api::ErrorBody;
use ajar_core::dates::iso_date;
use ajar_core::risk::{AcknowledgeRisk, MAX_NOTE};
use axum::extract::{Path, State};
use axum::http::StatusCode;

const NO_SUCH_FLAG: &str = "This client has no risk answer with that id.";

#[utoipa::path(
    post,
    path = "/therapist/clients/{id}/risk/{response}/acknowledge",
    tag = "therapist",
    security(("therapist_session" = [])),
    params(
        ("id" = i64, Path, description = "The client's id."),
        ("response" = uuid::Uuid, Path, description = "The id of the response whose risk answer this acknowledges."),
    ),
    request_body = AcknowledgeRisk,
    responses(
        (status = 204, description = "Acknowledged and audited: the flag is closed, and stays in the client's history."),
        (status = 404, description = "No such client of this therapist, or no risk answer with this id.", body = ErrorBody),
        (status = 409, description = "Acknowledged before; the first acknowledgement stands.", body = ErrorBody),
    ),
)]
pub async fn acknowledge_risk(
    State(state): State<AppState>,
    who: TherapistSession,
    Path((client, response)): Path<(String, String)>,
    ApiJson(body): ApiJson<AcknowledgeRisk>,
) -> Result<StatusCode, ApiError> {
    let client = client_id(&client)?;
    let response = request_id(&response).map_err(|_| ApiError::NotFound(NO_SUCH_FLAG))?;
    let chars = body.note.chars().count();
    if chars > MAX_NOTE {
        return Err(ApiError::Unprocessable(format!(
            "note is {chars} characters long; the limit is {MAX_NOTE}."
        )));
    }
    let ack = AcknowledgeRisk {
        action: body.action,
        note: body.note.trim().to_owned(),
    };
    let audit = noted(
        &who,
        &format!("risk.acknowledge.{}", ack.action.as_str()),
        &format!("response:{response}"),
    );
    match state
        .store
        .acknowledge_risk(who.therapist, client, response, &ack, &audit)
        .await?
    {
        RiskAcknowledged::Done => Ok(StatusCode::NO_CONTENT),
        RiskAcknowledged::Already { at_ms } => Err(ApiError::InvalidChange(format!(
            "This risk answer was already acknowledged on {}.",
            iso_date(at_ms)
        ))),
        RiskAcknowledged::NoSuchFlag
            if state.store.client(who.therapist, client).await?.is_none() =>
        {
            Err(ApiError::NotFound(NO_SUCH_CLIENT))
        }
        RiskAcknowledged::NoSuchFlag => Err(ApiError::NotFound(NO_SUCH_FLAG)),
    }
}
