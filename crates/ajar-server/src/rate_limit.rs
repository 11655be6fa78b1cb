//! Limits on what phones may send: per session and per address, a fixed number of
//! requests a minute, answered beyond that with 429 and `Retry-After` (the phone's outbox
//! waits that long and sends again; nothing it holds is lost).
//!
//! Written here rather than with a crate such as `governor`: the keys are Ajar's (a
//! session's hash, an address behind a named proxy), the memory must stay bounded like
//! the sign-in throttle's, and where several servers share a PostgreSQL database the
//! counts are kept in it (`store::SharedLimits`), which an in-process limiter library
//! cannot follow.

use crate::app::AppState;
use crate::client_addr;
use crate::clock::now_ms;
use crate::session;
use crate::store::SessionKind;
use ajar_core::api::ErrorBody;
use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Mutex;

/// Requests one phone's session may make in a minute: an outbox of many check-ins sends
/// them a minute's worth at a time.
pub const PER_SESSION: u32 = 60;
/// Requests from one address in a minute: many phones can share one (a clinic's Wi-Fi, a
/// carrier's NAT), so this only stops floods.
pub const PER_ADDRESS: u32 = 600;
const WINDOW_MS: i64 = 60_000;
/// Past this many keys remembered, those of past windows are forgotten.
const PRUNE_ABOVE: usize = 10_000;

pub struct ClientLimits {
    windows: Mutex<HashMap<String, (i64, u32)>>,
    per_session: u32,
    per_address: u32,
}

impl Default for ClientLimits {
    fn default() -> Self {
        Self::new(PER_SESSION, PER_ADDRESS)
    }
}

impl ClientLimits {
    /// Limits other than the defaults (`ajar serve --phone-requests-per-minute`); the
    /// address allows ten times the session's.
    pub fn new(per_session: u32, per_address: u32) -> Self {
        Self {
            windows: Mutex::default(),
            per_session,
            per_address,
        }
    }

    pub fn per_minute(per_session: u32) -> Self {
        Self::new(per_session, per_session.saturating_mul(10))
    }

    /// Counts one request against each key, in the database where servers share one,
    /// else here; `Ok(Err(seconds))` until the window over its limit ends.
    pub async fn take_shared(
        &self,
        store: &dyn crate::store::Store,
        keys: &[(String, u32)],
        now_ms: i64,
    ) -> crate::store::StoreResult<Result<(), u64>> {
        let Some(shared) = store.shared_limits() else {
            return Ok(self.take(keys, now_ms));
        };
        let window = now_ms - now_ms.rem_euclid(WINDOW_MS);
        let names: Vec<String> = keys.iter().map(|(k, _)| k.clone()).collect();
        let counts = shared.count_request(&names, window).await?;
        let over = keys
            .iter()
            .zip(counts)
            .any(|((_, limit), n)| n > i64::from(*limit));
        Ok(if over {
            Err(seconds_left(window, now_ms))
        } else {
            Ok(())
        })
    }

    /// Counts one request against each key; `Err(seconds)` until the earliest window
    /// over its limit ends.
    pub fn take(&self, keys: &[(String, u32)], now_ms: i64) -> Result<(), u64> {
        let window = now_ms - now_ms.rem_euclid(WINDOW_MS);
        let mut map = self.windows.lock().expect("rate limit lock");
        if map.len() > PRUNE_ABOVE {
            map.retain(|_, (start, _)| *start == window);
        }
        let mut over = false;
        for (key, limit) in keys {
            let slot = map.entry(key.clone()).or_insert((window, 0));
            if slot.0 != window {
                *slot = (window, 0);
            }
            slot.1 = slot.1.saturating_add(1);
            over |= slot.1 > *limit;
        }
        if over {
            return Err(seconds_left(window, now_ms));
        }
        Ok(())
    }
}

/// Whole seconds until the window that began at `window` ends (at least 1).
fn seconds_left(window: i64, now_ms: i64) -> u64 {
    let left_ms = window + WINDOW_MS - now_ms;
    u64::try_from((left_ms + 999) / 1000).unwrap_or(60).max(1)
}

/// Middleware for the API: requests to `/client/…` are counted; the rest pass.
pub async fn limit_phones(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/client/") {
        return next.run(request).await;
    }
    let mut keys = Vec::new();
    if let Some(addr) = client_addr::of(
        request.extensions(),
        request.headers(),
        &state.trusted_proxies,
    ) {
        keys.push((format!("address:{addr}"), state.client_limits.per_address));
    }
    if let Some(hash) = session::current(request.headers(), SessionKind::Client) {
        let id: String = hash.as_bytes()[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        keys.push((format!("session:{id}"), state.client_limits.per_session));
    }
    let counted = state
        .client_limits
        .take_shared(state.store.as_ref(), &keys, now_ms())
        .await;
    match counted {
        Err(e) => crate::error::ApiError::from(e).into_response(),
        Ok(Ok(())) => next.run(request).await,
        Ok(Err(seconds)) => {
            let body = ErrorBody::new(format!(
                "This phone sent too much at once. Its answers are kept on it; it will send again in {seconds} seconds."
            ));
            let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_over_its_limit_waits_for_the_next_minute() {
        let limits = ClientLimits::default();
        let keys = [("session:a".to_owned(), 3)];
        let t = 1_800_000_000_000 - 1_800_000_000_000 % WINDOW_MS + 15_000;
        for _ in 0..3 {
            assert_eq!(limits.take(&keys, t), Ok(()));
        }
        assert_eq!(limits.take(&keys, t), Err(45));
        assert_eq!(
            limits.take(&[("session:b".to_owned(), 3)], t),
            Ok(()),
            "another phone"
        );
        assert_eq!(limits.take(&keys, t + 45_000), Ok(()), "a new minute");
    }

    #[test]
    fn memory_stays_bounded() {
        let limits = ClientLimits::default();
        for n in 0..(PRUNE_ABOVE + 10) {
            let _ = limits.take(&[(format!("address:{n}"), 5)], 0);
        }
        let _ = limits.take(&[("address:new".to_owned(), 5)], WINDOW_MS * 3);
        assert!(limits.windows.lock().unwrap().len() < 10);
    }
}
