//! Every API change runs to the end in its own task, even when its caller goes away.
//!
//! Hyper drops a request's future when the connection closes (a laptop lid shut, a proxy
//! timing out). Dropped at an `.await` inside the store, a write would stop halfway:
//! sqlx rolls its own transactions back, but a multi-step change would be cut between
//! steps, and sqlx 0.9.0's `Pool::begin` is itself not cancel-safe on PostgreSQL (sqlx
//! issue #4393). Spawned, the handler finishes what it began and its answer is thrown
//! away instead: the phone that gave up sends again and gets the same receipt.
//!
//! The same place bounds the work (at most [`MAX_RUNNING`] handlers at once) and the
//! wait (a 408 after [`ANSWER_WITHIN`], the work still finishing).

use ajar_core::api::ErrorBody;
use axum::Json;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// At most this many API handlers run at once, abandoned ones included (the permit goes
/// into the task, so a caller who gives up does not free a slot its work still holds).
/// Beyond it, requests wait their turn: memory stays bounded under a flood.
pub const MAX_RUNNING: usize = 256;

/// Longer than any API answer takes on a working server (a caseload export included).
pub const ANSWER_WITHIN: Duration = Duration::from_secs(60);

fn slots() -> &'static Arc<Semaphore> {
    static SLOTS: OnceLock<Arc<Semaphore>> = OnceLock::new();
    SLOTS.get_or_init(|| Arc::new(Semaphore::new(MAX_RUNNING)))
}

pub async fn run_to_completion(request: Request, next: Next) -> Response {
    // A read has nothing to finish: when its caller goes away it stops, so abandoned
    // page loads (a whole client history, an export) cost nothing more. Its audit entry
    // is a transaction of its own, written before the read or not at all.
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return match tokio::time::timeout(ANSWER_WITHIN, next.run(request)).await {
            Ok(response) => response,
            Err(_) => too_slow(),
        };
    }
    let Ok(slot) = slots().clone().acquire_owned().await else {
        unreachable!("the semaphore is never closed");
    };
    let task = tokio::spawn(async move {
        let response = next.run(request).await;
        drop(slot);
        response
    });
    match tokio::time::timeout(ANSWER_WITHIN, task).await {
        Ok(Ok(response)) => response,
        // The work goes on and its answer is dropped. A phone sends its check-in or
        // request again under the same id and gets the first receipt.
        Err(_) => too_slow(),
        Ok(Err(e)) => {
            // A panic inside a handler: logged without the request, answered opaquely.
            tracing::error!(error = %e, "request task failed");
            let error = "Something went wrong on the server. Please try again.".to_owned();
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(ErrorBody::new(error)),
            )
                .into_response()
        }
    }
}

fn too_slow() -> Response {
    let error = "The server took too long to answer. Anything you sent may already be saved; sending it again is safe.".to_owned();
    (StatusCode::REQUEST_TIMEOUT, Json(ErrorBody::new(error))).into_response()
}
