//! Sign-in throttling: at most [`MAX_FAILURES`] failed sign-ins per [`WINDOW_MS`] for one
//! account, and the same from one address, each attempt counted before its password is
//! checked. Kept in memory (bounded: see [`PRUNE_ABOVE`]): a restart forgets it, which
//! only ever helps a real user, and an attacker still needs a restart per 10 guesses.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

pub const MAX_FAILURES: usize = 10;
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

fn keys(email: &str, addr: Option<IpAddr>) -> Vec<String> {
    let mut keys = vec![format!("account:{}", email.trim().to_lowercase())];
    if let Some(addr) = addr {
        keys.push(format!("address:{addr}"));
    }
    keys
}

impl SignInThrottle {
    /// Minutes until another attempt is allowed, when the account or address is locked.
    pub fn locked_for(&self, email: &str, addr: Option<IpAddr>, now_ms: i64) -> Option<i64> {
        let mut map = self.failures.lock().expect("throttle lock");
        keys(email, addr)
            .into_iter()
            .filter_map(|key| {
                let times = map.get_mut(&key)?;
                while times.front().is_some_and(|t| *t <= now_ms - WINDOW_MS) {
                    times.pop_front();
                }
                (times.len() >= MAX_FAILURES).then(|| {
                    let oldest = *times.front().expect("at least MAX_FAILURES");
                    (oldest + WINDOW_MS - now_ms + 59_999) / 60_000
                })
            })
            .max()
    }

    /// Counts an attempt as failed *before* its password is checked, in the same step as
    /// the check against the limit: 30 guesses sent at once then meet the limit after
    /// 10, instead of all being checked because none had failed yet. The attempt stays
    /// a failure unless it is [`released`](Self::release) (its password was never
    /// checked) or [`succeeded`](Self::succeeded). `Err` holds the minutes to wait.
    pub fn reserve(&self, email: &str, addr: Option<IpAddr>, now_ms: i64) -> Result<Attempt, i64> {
        let mut map = self.failures.lock().expect("throttle lock");
        let keys = keys(email, addr);
        let mut wait = None;
        for key in &keys {
            let Some(times) = map.get_mut(key) else {
                continue;
            };
            while times.front().is_some_and(|t| *t <= now_ms - WINDOW_MS) {
                times.pop_front();
            }
            if times.len() >= MAX_FAILURES {
                let oldest = *times.front().expect("at least MAX_FAILURES");
                let minutes = (oldest + WINDOW_MS - now_ms + 59_999) / 60_000;
                wait = Some(wait.map_or(minutes, |w: i64| w.max(minutes)));
            }
        }
        if let Some(minutes) = wait {
            return Err(minutes);
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
                && let Some(at) = times.iter().position(|t| *t == attempt.at_ms)
            {
                times.remove(at);
            }
        }
    }

    /// The password was right: the attempt does not count against the address, and the
    /// account's count starts again.
    pub fn signed_in(&self, attempt: Attempt) {
        let account = attempt.keys[0].clone();
        self.release(attempt);
        self.failures
            .lock()
            .expect("throttle lock")
            .remove(&account);
    }

    pub fn failed(&self, email: &str, addr: Option<IpAddr>, now_ms: i64) {
        let mut map = self.failures.lock().expect("throttle lock");
        for key in keys(email, addr) {
            map.entry(key).or_default().push_back(now_ms);
        }
    }

    /// A right password clears the account's count (not the address's).
    pub fn succeeded(&self, email: &str) {
        let mut map = self.failures.lock().expect("throttle lock");
        map.remove(&keys(email, None)[0]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_failures_lock_the_account_for_the_rest_of_the_window() {
        let t = SignInThrottle::default();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        for i in 0..9 {
            t.failed("Sam@Example.org", Some(a), i);
        }
        assert_eq!(t.locked_for("sam@example.org", None, 10), None);
        t.failed("sam@example.org", Some(a), 9);
        assert_eq!(t.locked_for("sam@example.org", None, 10), Some(15));
        // From another address too: it is the account that is locked.
        assert!(
            t.locked_for("sam@example.org", Some("10.0.0.2".parse().unwrap()), 10)
                .is_some()
        );
        // Once the first failure leaves the window, one more try is allowed.
        assert_eq!(t.locked_for("sam@example.org", None, WINDOW_MS), None);
    }

    #[test]
    fn ten_failures_from_one_address_lock_it_for_every_account() {
        let t = SignInThrottle::default();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        for i in 0..10 {
            t.failed(&format!("user{i}@example.org"), Some(a), i);
        }
        assert!(t.locked_for("someone@example.org", Some(a), 20).is_some());
        assert_eq!(
            t.locked_for("someone@example.org", Some("10.0.0.2".parse().unwrap()), 20),
            None
        );
    }

    #[test]
    fn success_clears_the_account() {
        let t = SignInThrottle::default();
        for i in 0..9 {
            t.failed("a@b.c", None, i);
        }
        t.succeeded("a@b.c");
        t.failed("a@b.c", None, 10);
        assert_eq!(t.locked_for("a@b.c", None, 11), None);
    }

    #[test]
    fn made_up_accounts_do_not_pile_up_in_memory() {
        let t = SignInThrottle::default();
        for i in 0..=PRUNE_ABOVE {
            drop(t.reserve(&format!("made-up-{i}@example.org"), None, 0));
        }
        assert_eq!(t.failures.lock().unwrap().len(), PRUNE_ABOVE + 1);
        // A window later, the next attempt forgets every one that has expired.
        drop(t.reserve("real@example.org", None, WINDOW_MS + 1));
        assert_eq!(t.failures.lock().unwrap().len(), 1);
    }

    #[test]
    fn attempts_count_before_their_passwords_are_checked() {
        let t = SignInThrottle::default();
        let a: IpAddr = "10.0.0.9".parse().unwrap();
        // Ten attempts in flight at once: the eleventh waits, though none has failed yet.
        let held: Vec<Attempt> = (0..10)
            .map(|_| t.reserve("kim@example.org", Some(a), 5).unwrap())
            .collect();
        assert_eq!(t.reserve("kim@example.org", Some(a), 5).err(), Some(15));
        // One was never checked (too busy): it does not count, so one more may try.
        let mut held = held;
        t.release(held.pop().unwrap());
        let again = t.reserve("kim@example.org", None, 6).unwrap();
        // A right password: the account starts again; the address keeps the others.
        t.signed_in(again);
        assert!(t.reserve("kim@example.org", None, 7).is_ok());
        assert_eq!(
            t.locked_for("someone@example.org", Some(a), 7),
            None,
            "9 from the address"
        );
        drop(held);
    }
}
