//! The one error type of the HTTP layer. A 4xx says exactly what was wrong; a 5xx says
//! nothing about internals and is logged with the request id instead.

use crate::store::{EndedBecause, sqlite_code};
use ajar_core::api::ErrorBody;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(&'static str),
    /// A 401 for a session ended early: says why, with the reason's `code`.
    #[error("{}", .0.sentence())]
    SessionEnded(EndedBecause),
    #[error("{0}")]
    Forbidden(&'static str),
    /// A refusal the app answers with something of its own (a code field, a set-up page):
    /// the message, and its machine-readable `code`.
    #[error("{message}")]
    Coded {
        status: StatusCode,
        message: &'static str,
        code: &'static str,
    },
    #[error("{0}")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(&'static str),
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// A change the current state does not allow (a 409 with the reason).
    #[error("{0}")]
    InvalidChange(String),
    #[error("{message}")]
    Rejected { status: StatusCode, message: String },
    /// Too much at once: a 503 with `Retry-After`, nothing done.
    #[error("{0}")]
    Busy(&'static str),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::SessionEnded(because) => {
                let body = ErrorBody {
                    error: because.sentence().into(),
                    code: Some(because.as_str().into()),
                };
                return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
            }
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Coded {
                status,
                message,
                code,
            } => {
                let body = ErrorBody {
                    error: (*message).into(),
                    code: Some((*code).into()),
                };
                return (*status, Json(body)).into_response();
            }
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::InvalidChange(_) => StatusCode::CONFLICT,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Rejected { status, .. } => *status,
            ApiError::Busy(message) => {
                return StorageOutage {
                    retry_after_s: 2,
                    message,
                }
                .into_response();
            }
            ApiError::Internal(err) => {
                // `{err:#}` prints the context chain; store errors never carry answer text
                // because answers are only ever bound as parameters.
                tracing::error!(error = format!("{err:#}"), "request failed");
                if let Some(outage) = storage_outage(err) {
                    return outage.into_response();
                }
                let body = ErrorBody::new(
                    "Something went wrong on the server. Nothing you sent was lost; please try again.",
                );
                return (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response();
            }
        };
        (status, Json(ErrorBody::new(self.to_string()))).into_response()
    }
}

/// A 503 with `Retry-After`. Mostly a database that cannot take a write just now:
/// another writer holds it past the busy timeout, the disk is full, or the files became
/// read-only. Not a bug in the request,
/// and nothing was stored, so the phone is told to send again later (503 with
/// `Retry-After`; its outbox keeps the answers) instead of a 500 that reads like a crash.
struct StorageOutage {
    retry_after_s: u32,
    message: &'static str,
}

impl IntoResponse for StorageOutage {
    fn into_response(self) -> Response {
        let body = ErrorBody::new(self.message.to_owned());
        let mut response = (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(self.retry_after_s));
        response
    }
}

/// A database server that cannot be reached or is going away (PostgreSQL restarted, a
/// connection cut, out of disk or connections), or a transaction it chose to abort: the
/// request stored nothing and may simply be sent again.
fn database_unreachable(err: &anyhow::Error) -> Option<StorageOutage> {
    let unreachable = StorageOutage {
        retry_after_s: 5,
        message: "The server cannot reach its database just now. Nothing was stored this time; please send again in a moment.",
    };
    match err.chain().find_map(|c| c.downcast_ref::<sqlx::Error>())? {
        sqlx::Error::Io(_) | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) => Some(unreachable),
        sqlx::Error::Database(db) => {
            // PostgreSQL's SQLSTATE only: SQLite's numeric codes could begin alike.
            let code = db
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()?
                .code();
            // PostgreSQL's classes: 08 connection exception, 57P admin or crash shutdown,
            // 53 insufficient resources (disk full, too many connections), 40 a
            // transaction rolled back (serialization failure, deadlock).
            ["08", "57P", "53", "40"]
                .iter()
                .any(|class| code.starts_with(class))
                .then_some(unreachable)
        }
        _ => None,
    }
}

fn storage_outage(err: &anyhow::Error) -> Option<StorageOutage> {
    // SQLite's primary result codes (the low byte of an extended code).
    const BUSY: i32 = 5;
    const LOCKED: i32 = 6;
    const READONLY: i32 = 8;
    const IOERR: i32 = 10;
    const FULL: i32 = 13;
    if let Some(outage) = database_unreachable(err) {
        return Some(outage);
    }
    let code = sqlite_code(err)? & 0xff;
    let (retry_after_s, message) = match code {
        BUSY | LOCKED => (
            2,
            "The server is busy saving other answers. Nothing was stored this time; please send again in a moment.",
        ),
        FULL | IOERR => (
            30,
            "The server cannot save anything just now (its disk is full or failing). Nothing was stored this time; please send again later.",
        ),
        READONLY => (
            30,
            "The server cannot save anything just now (its data is read-only). Nothing was stored this time; please send again later.",
        ),
        _ => return None,
    };
    Some(StorageOutage {
        retry_after_s,
        message,
    })
}
