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
//! Kept in memory (bounded: see [`PRUNE_ABOVE`]): a restart forgets it, which only ever
//! helps a real user. Several servers will share it through the database (PostgreSQL).

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
fn account_wait(failures: &VecDeque<i64>, now_ms: i64) -> i64 {
    if failures.len() < FREE_FAILURES {
        return 0;
    }
    let doublings = u32::try_from(failures.len() - FREE_FAILURES)
        .unwrap_or(u32::MAX)
        .min(20);
    let delay = (1000i64 << doublings).min(MAX_DELAY_MS);
    let last = *failures.back().expect("at least FREE_FAILURES");
    (last + delay - now_ms).max(0)
}

/// How long an address with `failures` must still wait.
fn address_wait(failures: &VecDeque<i64>, now_ms: i64) -> i64 {
    if failures.len() < ADDRESS_FAILURES {
        return 0;
    }
    let oldest = failures[failures.len() - ADDRESS_FAILURES];
    (oldest + WINDOW_MS - now_ms).max(0)
}

impl SignInThrottle {
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
                if key.starts_with("account:") {
                    account_wait(times, now_ms)
                } else {
                    address_wait(times, now_ms)
                }
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
    /// is [`released`](Self::release) (its password was never checked) or
    /// [`signed_in`](Self::signed_in). `Err` holds the seconds to wait.
    pub fn reserve(&self, email: &str, addr: Option<IpAddr>, now_ms: i64) -> Result<Attempt, i64> {
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
        })
    }

    /// The attempt's password was never checked (the server was too busy): it does not
    /// count.
    pub fn release(&self, attempt: Attempt) {
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
    pub fn signed_in(&self, attempt: Attempt) {
        let account = attempt.keys[0].clone();
        self.release(attempt);
        self.failures
            .lock()
            .expect("throttle lock")
            .remove(&account);
    }
}

#[cfg(test)]
mod tests;
