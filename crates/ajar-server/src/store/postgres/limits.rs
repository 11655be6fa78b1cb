//! The sign-in throttle's attempts and phones' request counts on PostgreSQL, so that
//! every server on the database counts the same attempts (the rules stay in throttle.rs
//! and rate_limit.rs).
//!
//! Their commits do not wait for the disk (`synchronous_commit = off` for these
//! transactions only): a count lost in a crash of the database forgets an attempt, as a
//! restart of a single server does, while waiting would put a disk flush on every phone
//! request, all of them queued on the one row of their shared address.

use crate::store::{SharedLimits, StoreResult, WaitRule};
use async_trait::async_trait;
use sqlx::PgPool;

pub struct Limits<'a>(pub &'a PgPool);

/// Which advisory lock guards a key's attempts (one per key, taken in key order).
fn lock_of(key: &str) -> i64 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(key.as_bytes());
    i64::from_be_bytes(digest[..8].try_into().expect("8 bytes"))
}

#[async_trait]
impl SharedLimits for Limits<'_> {
    async fn reserve_sign_in(
        &self,
        keys: &[String],
        since_ms: i64,
        now_ms: i64,
        wait: &WaitRule,
    ) -> StoreResult<Result<Vec<i64>, i64>> {
        let mut tx = self.0.begin().await?;
        sqlx::query("SET LOCAL synchronous_commit = off")
            .execute(&mut *tx)
            .await?;
        let mut locks: Vec<i64> = keys.iter().map(|k| lock_of(k)).collect();
        locks.sort_unstable();
        for lock in locks {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(lock)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM sign_in_attempts WHERE key = ANY($1) AND at <= $2")
            .bind(keys)
            .bind(since_ms)
            .execute(&mut *tx)
            .await?;
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT key, at FROM sign_in_attempts WHERE key = ANY($1) ORDER BY at, id",
        )
        .bind(keys)
        .fetch_all(&mut *tx)
        .await?;
        let longest = keys
            .iter()
            .map(|key| {
                let times: Vec<i64> = rows
                    .iter()
                    .filter(|(k, _)| k == key)
                    .map(|(_, at)| *at)
                    .collect();
                wait(key, &times)
            })
            .max()
            .unwrap_or(0);
        if longest > 0 {
            tx.commit().await?;
            return Ok(Err(longest));
        }
        let ids: Vec<(i64,)> = sqlx::query_as(
            "INSERT INTO sign_in_attempts (key, at) SELECT unnest($1::TEXT[]), $2 RETURNING id",
        )
        .bind(keys)
        .bind(now_ms)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(ids.into_iter().map(|(id,)| id).collect()))
    }

    async fn release_sign_in(&self, ids: &[i64]) -> StoreResult<()> {
        sqlx::query("DELETE FROM sign_in_attempts WHERE id = ANY($1)")
            .bind(ids)
            .execute(self.0)
            .await?;
        Ok(())
    }

    async fn clear_sign_ins(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sign_in_attempts WHERE key = $1")
            .bind(key)
            .execute(self.0)
            .await?;
        Ok(())
    }

    async fn count_request(&self, keys: &[String], window_ms: i64) -> StoreResult<Vec<i64>> {
        let mut tx = self.0.begin().await?;
        sqlx::query("SET LOCAL synchronous_commit = off")
            .execute(&mut *tx)
            .await?;
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "INSERT INTO request_counts (key, window_start, count)
             SELECT unnest($1::TEXT[]), $2, 1
             ON CONFLICT (key, window_start) DO UPDATE SET count = request_counts.count + 1
             RETURNING key, count",
        )
        .bind(keys)
        .bind(window_ms)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(keys
            .iter()
            .map(|k| rows.iter().find(|(key, _)| key == k).map_or(0, |(_, n)| *n))
            .collect())
    }
}

/// Forgets attempts and counts too old to matter, once across servers: a server that
/// finds another one at it leaves it be.
pub async fn purge(
    pool: &PgPool,
    attempts_before_ms: i64,
    windows_before_ms: i64,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    let (ours,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_xact_lock($1)")
        .bind(lock_of("purge"))
        .fetch_one(&mut *tx)
        .await?;
    if ours {
        sqlx::query("DELETE FROM sign_in_attempts WHERE at <= $1")
            .bind(attempts_before_ms)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM request_counts WHERE window_start < $1")
            .bind(windows_before_ms)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
