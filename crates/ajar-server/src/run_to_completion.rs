//! Every API request runs to the end in its own task, even when its caller goes away.
//!
//! Hyper drops a request's future when the connection closes (a laptop lid shut, a proxy
//! timing out). Dropped at an `.await` inside the store, a write would stop halfway:
//! sqlx rolls its own transactions back, but a multi-step change would be cut between
//! steps, and sqlx 0.9.0's `Pool::begin` is itself not cancel-safe on PostgreSQL (sqlx
//! issue #4393). Spawned, the handler finishes what it began and its answer is thrown
//! away instead: the phone that gave up sends again and gets the same receipt.

use ajar_core::api::ErrorBody;
use axum::Json;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn run_to_completion(request: Request, next: Next) -> Response {
    match tokio::spawn(next.run(request)).await {
        Ok(response) => response,
        Err(e) => {
            // A panic inside a handler: logged without the request, answered opaquely.
            tracing::error!(error = %e, "request task failed");
            let error = "Something went wrong on the server. Please try again.".to_owned();
            (StatusCode::INTERNAL_SERVER_ERROR, Json(ErrorBody { error })).into_response()
        }
    }
}
