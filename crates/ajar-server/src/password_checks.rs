//! A bound on the argon2 hashes computed at once. Each takes 19 MiB and tens of
//! milliseconds of a core, so a burst of sign-ins (or a flood of them abandoned
//! mid-request, which still run to the end) would otherwise take every core and the
//! memory with it, and with them the check-ins. Beyond the bound a sign-in waits a
//! little, then is told to try again (503 with `Retry-After`).

use ajar_core::Secret;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;

/// How long a sign-in waits for a free slot before it is answered 503.
const WAIT: Duration = Duration::from_secs(3);

pub struct PasswordChecks {
    slots: Semaphore,
    limit: usize,
    running: AtomicUsize,
    peak: AtomicUsize,
}

impl Default for PasswordChecks {
    /// Half the cores (at least one): the other half keeps serving phones.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self::new((cores / 2).max(1))
    }
}

impl PasswordChecks {
    pub fn new(limit: usize) -> Self {
        Self {
            slots: Semaphore::new(limit),
            limit,
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The most hashes that ever ran at once (for tests: it must never pass `limit`).
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    /// Verifies on a blocking thread once a slot is free; `None` when none came free
    /// in time.
    pub async fn verify(&self, password: Secret, phc: String) -> anyhow::Result<Option<bool>> {
        let Ok(Ok(_slot)) = tokio::time::timeout(WAIT, self.slots.acquire()).await else {
            return Ok(None);
        };
        let now = self.running.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak.fetch_max(now, Ordering::Relaxed);
        let ok = tokio::task::spawn_blocking(move || crate::auth::verify_password(&password, &phc))
            .await;
        self.running.fetch_sub(1, Ordering::Relaxed);
        Ok(Some(ok?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_than_the_limit_run_at_once_and_each_still_answers() {
        let checks = PasswordChecks::new(3);
        assert_eq!(checks.limit(), 3);
        assert_eq!(checks.peak(), 0, "nothing ran yet");
        let phc = crate::auth::hash_password(&Secret::new("right")).unwrap();
        let attempts = (0..6).map(|i| {
            let guess = if i % 2 == 0 { "right" } else { "wrong" };
            checks.verify(Secret::new(guess), phc.clone())
        });
        let answers: Vec<_> = futures::future::join_all(attempts)
            .await
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        let expected: Vec<_> = (0..6).map(|i| Some(i % 2 == 0)).collect();
        assert_eq!(answers, expected);
        // The first three take the three slots before any finishes.
        assert_eq!(checks.peak(), 3);
    }
}
