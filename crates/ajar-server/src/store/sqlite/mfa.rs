//! Two-step sign-in in SQLite: the queries behind the `Store` TOTP and recovery-code
//! methods.

use super::audit_log;
use crate::store::{Audited, StoreResult, TherapistId, TotpRow};
use sqlx::SqlitePool;

pub async fn totp(pool: &SqlitePool, t: TherapistId) -> StoreResult<Option<TotpRow>> {
    let row: Option<(Vec<u8>, Option<i64>)> =
        sqlx::query_as("SELECT secret, confirmed_at FROM therapist_totp WHERE therapist_id = ?")
            .bind(t.0)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(key, confirmed)| TotpRow {
        key,
        confirmed: confirmed.is_some(),
    }))
}

pub async fn begin(
    pool: &SqlitePool,
    t: TherapistId,
    key: &[u8],
    now_ms: i64,
) -> StoreResult<bool> {
    let changed = sqlx::query(
        "INSERT INTO therapist_totp (therapist_id, secret, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (therapist_id) DO UPDATE SET secret = ?2, created_at = ?3
         WHERE confirmed_at IS NULL",
    )
    .bind(t.0)
    .bind(key)
    .bind(now_ms)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

pub async fn confirm(
    pool: &SqlitePool,
    t: TherapistId,
    step: i64,
    recovery_hashes: &[[u8; 32]],
    audit: &Audited,
) -> StoreResult<bool> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let changed = sqlx::query(
        "UPDATE therapist_totp SET confirmed_at = ?, last_step = ?
         WHERE therapist_id = ? AND confirmed_at IS NULL",
    )
    .bind(audit.at_ms)
    .bind(step)
    .bind(t.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM recovery_codes WHERE therapist_id = ?")
        .bind(t.0)
        .execute(&mut *tx)
        .await?;
    for hash in recovery_hashes {
        sqlx::query("INSERT INTO recovery_codes (therapist_id, code_hash) VALUES (?, ?)")
            .bind(t.0)
            .bind(&hash[..])
            .execute(&mut *tx)
            .await?;
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn take_step(pool: &SqlitePool, t: TherapistId, step: i64) -> StoreResult<bool> {
    // One statement: two sign-ins with the same code at once cannot both take it.
    let changed = sqlx::query(
        "UPDATE therapist_totp SET last_step = ?
         WHERE therapist_id = ? AND confirmed_at IS NOT NULL AND last_step < ?",
    )
    .bind(step)
    .bind(t.0)
    .bind(step)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

pub async fn take_recovery_code(
    pool: &SqlitePool,
    t: TherapistId,
    hash: &[u8; 32],
    audit: &Audited,
) -> StoreResult<bool> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let changed = sqlx::query(
        "UPDATE recovery_codes SET used_at = ?
         WHERE therapist_id = ? AND code_hash = ? AND used_at IS NULL",
    )
    .bind(audit.at_ms)
    .bind(t.0)
    .bind(&hash[..])
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Ok(false);
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn remove(pool: &SqlitePool, t: TherapistId, audit: &Audited) -> StoreResult<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    for sql in [
        "DELETE FROM recovery_codes WHERE therapist_id = ?",
        "DELETE FROM therapist_totp WHERE therapist_id = ?",
    ] {
        sqlx::query(sql).bind(t.0).execute(&mut *tx).await?;
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(())
}
