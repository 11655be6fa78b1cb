//! One client's page for their therapist: the summary and the charts' points in one
//! read, then the client's words a page at a time, so neither grows with the history.

use crate::app::AppState;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::json_body::ApiJson;
use crate::routes::therapist::{NO_SUCH_CLIENT, client_id, client_subject, record};
use crate::session::TherapistSession;
use crate::store::{Archived, WordsCursor};
use ajar_core::CheckInId;
use ajar_core::api::{ClientDetail, ClientWords, ErrorBody, WORDS_PAGE, WordsPage};
use ajar_core::caseload;
use ajar_core::response::Answer;
use axum::extract::{Path, RawQuery, State};

/// One client's page: the caseload summary and the charts' points.
#[utoipa::path(get, path = "/therapist/clients/{id}", tag = "therapist", security(("therapist_session" = [])), params(("id" = i64, Path, description = "The client's id (another therapist's client is answered 404 too).")), responses((status = 200, description = "One client's summary, the points their charts draw, every risk flag and their latest requests in every status. Audited.", body = ClientDetail), (status = 404, description = "No such client of this therapist.", body = ErrorBody)))]
pub async fn client_detail(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(client): Path<String>,
) -> Result<ApiJson<ClientDetail>, ApiError> {
    let only = client_id(&client)?;
    let found = state
        .store
        .caseload(
            who.therapist,
            Some(only),
            caseload::FOR_CLIENT_PAGE,
            Archived::Include,
        )
        .await?
        .pop()
        .ok_or(ApiError::NotFound(NO_SUCH_CLIENT))?;
    record(&state, &who, "read.client", &client_subject(only)).await?;
    let requests = state.store.requests_of_client(who.therapist, only).await?;
    let history = found.history.clone();
    let risk_history = found.risk_flags.clone();
    Ok(ApiJson(ClientDetail {
        summary: caseload::summarize(found, now_ms()),
        history,
        risk_history,
        requests,
    }))
}

/// A page's `older` (`<answered_at_ms>.<response id>`), exactly as the description's
/// pattern says (`openapi::rules::words_cursor`; `tests/openapi.rs` holds them equal).
pub fn words_cursor(value: &str) -> Option<WordsCursor> {
    let (at, id) = value.split_once('.')?;
    let digits = !at.is_empty() && at.len() <= 18 && at.bytes().all(|b| b.is_ascii_digit());
    let hyphenated = id.len() == 36
        && id.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    if !(digits && hyphenated) {
        return None;
    }
    Some(WordsCursor {
        answered_at_ms: at.parse().ok()?,
        id: CheckInId(id.parse().ok()?),
    })
}

/// The query: nothing, or `before=` a page's `older`.
fn cursor(query: Option<&str>) -> Result<Option<WordsCursor>, ApiError> {
    let Some(query) = query.filter(|q| !q.is_empty()) else {
        return Ok(None);
    };
    let value = query
        .strip_prefix("before=")
        .ok_or_else(|| ApiError::BadRequest("The only query parameter here is `before`.".into()))?;
    words_cursor(value).map(Some).ok_or_else(|| {
        ApiError::BadRequest(
            "before: expected the `older` value of the previous page, like \
             1767225600000.0b5c2f3e-8d1a-4c6b-9e7f-1a2b3c4d5e6f."
                .into(),
        )
    })
}

/// A page of the client's own words, newest first.
#[utoipa::path(get, path = "/therapist/clients/{id}/words", tag = "therapist", security(("therapist_session" = [])), params(("id" = i64, Path, description = "The client's id (another therapist's client is answered 404 too)."), ("before" = Option<String>, Query, description = "The previous page's `older` (its answered time, a dot, a response id): read the page before it.")), responses((status = 200, description = "The client's words, newest first, a page at a time. Audited.", body = WordsPage), (status = 400, description = "`before` is not a page's `older`.", body = ErrorBody), (status = 404, description = "No such client of this therapist.", body = ErrorBody)))]
pub async fn client_words(
    State(state): State<AppState>,
    who: TherapistSession,
    Path(client): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<ApiJson<WordsPage>, ApiError> {
    let client = client_id(&client)?;
    let before = cursor(query.as_deref())?;
    if !state
        .store
        .clients_of(who.therapist)
        .await?
        .iter()
        .any(|c| c.id == client)
    {
        return Err(ApiError::NotFound(NO_SUCH_CLIENT));
    }
    record(&state, &who, "read.words", &client_subject(client)).await?;
    let responses = state
        .store
        .words_page(who.therapist, client, before.as_ref(), WORDS_PAGE)
        .await?;
    let older = (responses.len() == WORDS_PAGE as usize)
        .then(|| responses.last())
        .flatten()
        .map(|r| format!("{}.{}", r.answered_at_ms, r.id.0));
    let words = responses
        .into_iter()
        .flat_map(|r| {
            r.answers
                .into_iter()
                .filter_map(|(item, answer)| match answer {
                    Answer::Text(text) if !text.is_empty() => Some(ClientWords {
                        response_id: r.id,
                        instrument: r.instrument.clone(),
                        version: r.version,
                        item,
                        text,
                        answered_at_ms: r.answered_at_ms,
                    }),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    Ok(ApiJson(WordsPage { words, older }))
}
