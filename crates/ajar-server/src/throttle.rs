//! Sign-in throttling, each attempt counted before its password is checked:
//!
//! - **per account, a growing delay, never a lock**: after [`FREE_FAILURES`] failures in
//!   [`WINDOW_MS`], each try must wait twice as long after the last failure as the one
//!   before (1 s, 2 s, 4 s … up to [`MAX_DELAY_MS`]). A stranger who knows a therapist's
//!   email can slow their sign-in down, never keep them out (nor, with them, the risk
//!   alerts).
//! - **per address, a firm limit**: [`ADDRESS_FAILURES`] failures in the window, then
//!   that address waits for the window to pass, whatever account it tries.
//!
//! On one server (SQLite) the attempts are kept in memory (bounded: see
//! [`PRUNE_ABOVE`]): a restart forgets them, which only ever helps a real user. Where
//! several servers share a database (PostgreSQL) they are kept in it
//! ([`crate::store::SharedLimits`]), so attempts spread over the servers count together.

use crate::store::{Store, StoreResult};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

/// Failures an account may have in the window before each further try is delayed.
pub const FREE_FAILURES: usize = 5;
/// The longest an account's next try is delayed.
pub const MAX_DELAY_MS: i64 = 5 * 60 * 1000;
/// Failures one address may have in the window; then it waits for the window to pass.
pub const ADDRESS_FAILURES: usize = 10;
pub const WINDOW_MS: i64 = 15 * 60 * 1000;

/// Past this many accounts and addresses remembered, those with nothing left in the
/// window are forgotten: made-up emails sent by the million cannot fill the memory.
pub const PRUNE_ABOVE: usize = 10_000;

/// One sign-in attempt, counted by [`SignInThrottle::reserve`].
#[must_use]
pub struct Attempt {
    keys: Vec<String>,
    at_ms: i64,
    /// Its rows, where the attempts are kept in the database.
    ids: Vec<i64>,
}

#[derive(Default)]
pub struct SignInThrottle {
    failures: Mutex<HashMap<String, VecDeque<i64>>>,
}

fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

fn keys(email: &str, addr: Option<IpAddr>) -> Vec<String> {
    let mut keys = vec![account_key(email)];
    if let Some(addr) = addr {
        keys.push(format!("address:{addr}"));
    }
    keys
}

/// How long an account with `failures` (oldest first, all in the window) must still wait.
fn account_wait(failures: &[i64], now_ms: i64) -> i64 {
    if failures.len() < FREE_FAILURES {
        return 0;
    }
    let doublings = u32::try_from(failures.len() - FREE_FAILURES)
        .unwrap_or(u32::MAX)
        .min(20);
    let delay = (1000i64 << doublings).min(MAX_DELAY_MS);
    let last = *failures.last().expect("at least FREE_FAILURES");
    (last + delay - now_ms).max(0)
}

/// How long an address with `failures` must still wait.
fn address_wait(failures: &[i64], now_ms: i64) -> i64 {
    if failures.len() < ADDRESS_FAILURES {
        return 0;
    }
    let oldest = failures[failures.len() - ADDRESS_FAILURES];
    (oldest + WINDOW_MS - now_ms).max(0)
}

/// How long `key` (an account or an address) must still wait, given its failures in the
/// window, oldest first.
fn wait_of(key: &str, failures: &[i64], now_ms: i64) -> i64 {
    if key.starts_with("account:") {
        account_wait(failures, now_ms)
    } else {
        address_wait(failures, now_ms)
    }
}

impl SignInThrottle {
    /// Counts an attempt before its password is checked (see [`Self::reserve_here`]),
    /// in the database where servers share it, else in this server's memory. `Ok(Err)`
    /// holds the seconds to wait.
    pub async fn reserve(
        &self,
        store: &dyn Store,
        email: &str,
        addr: Option<IpAddr>,
        now_ms: i64,
    ) -> StoreResult<Result<Attempt, i64>> {
        let Some(shared) = store.shared_limits() else {
            return Ok(self.reserve_here(email, addr, now_ms));
        };
        let keys = keys(email, addr);
        let rule = move |key: &str, times: &[i64]| wait_of(key, times, now_ms);
        Ok(
            match shared
                .reserve_sign_in(&keys, now_ms - WINDOW_MS, now_ms, &rule)
                .await?
            {
                Ok(ids) => Ok(Attempt {
                    keys,
                    at_ms: now_ms,
                    ids,
                }),
                Err(wait_ms) => Err((wait_ms + 999) / 1000),
            },
        )
    }

    /// The attempt's password was never checked: it does not count.
    pub async fn release(&self, store: &dyn Store, attempt: Attempt) -> StoreResult<()> {
        match store.shared_limits() {
            Some(shared) => shared.release_sign_in(&attempt.ids).await,
            None => {
                self.release_here(attempt);
                Ok(())
            }
        }
    }

    /// The sign-in succeeded: the account's count starts again.
    pub async fn signed_in(&self, store: &dyn Store, attempt: Attempt) -> StoreResult<()> {
        match store.shared_limits() {
            Some(shared) => {
                shared.release_sign_in(&attempt.ids).await?;
                shared.clear_sign_ins(&attempt.keys[0]).await
            }
            None => {
                self.signed_in_here(attempt);
                Ok(())
            }
        }
    }

    /// Milliseconds until another attempt for this account from this address is allowed
    /// (0: now).
    fn wait_ms(map: &mut HashMap<String, VecDeque<i64>>, keys: &[String], now_ms: i64) -> i64 {
        keys.iter()
            .map(|key| {
                let Some(times) = map.get_mut(key) else {
                    return 0;
                };
                while times.front().is_some_and(|t| *t <= now_ms - WINDOW_MS) {
                    times.pop_front();
                }
                wait_of(key, times.make_contiguous(), now_ms)
            })
            .max()
            .unwrap_or(0)
    }

    /// Seconds until another attempt is allowed, if one is not allowed now.
    pub fn wait_for(&self, email: &str, addr: Option<IpAddr>, now_ms: i64) -> Option<i64> {
        let mut map = self.failures.lock().expect("throttle lock");
        let wait = Self::wait_ms(&mut map, &keys(email, addr), now_ms);
        (wait > 0).then(|| (wait + 999) / 1000)
    }

    /// Counts an attempt as failed *before* its password is checked, in the same step as
    /// the check against the limits: guesses sent at once then meet them, instead of all
    /// being checked because none had failed yet. The attempt stays a failure unless it
    /// is [`released`](Self::release_here) (its password was never checked) or
    /// [`signed_in`](Self::signed_in_here). `Err` holds the seconds to wait.
    pub fn reserve_here(
        &self,
        email: &str,
        addr: Option<IpAddr>,
        now_ms: i64,
    ) -> Result<Attempt, i64> {
        let mut map = self.failures.lock().expect("throttle lock");
        let keys = keys(email, addr);
        let wait = Self::wait_ms(&mut map, &keys, now_ms);
        if wait > 0 {
            return Err((wait + 999) / 1000);
        }
        if map.len() > PRUNE_ABOVE {
            map.retain(|_, times| times.back().is_some_and(|t| *t > now_ms - WINDOW_MS));
        }
        for key in &keys {
            map.entry(key.clone()).or_default().push_back(now_ms);
        }
        Ok(Attempt {
            keys,
            at_ms: now_ms,
            ids: Vec::new(),
        })
    }

    /// The attempt's password was never checked (the server was too busy): it does not
    /// count.
    pub fn release_here(&self, attempt: Attempt) {
        let mut map = self.failures.lock().expect("throttle lock");
        for key in &attempt.keys {
            if let Some(times) = map.get_mut(key)
                && let Some(at) = times.iter().rposition(|t| *t == attempt.at_ms)
            {
                times.remove(at);
            }
        }
    }

    /// The password (and any second step) was right: the attempt does not count against
    /// the address, and the account's count starts again.
    pub fn signed_in_here(&self, attempt: Attempt) {
        let account = attempt.keys[0].clone();
        self.release_here(attempt);
        self.failures
            .lock()
            .expect("throttle lock")
            .remove(&account);
    }
}

#[cfg(test)]
mod tests;
