//! Two-step sign-in on PostgreSQL: the queries behind the `Store` TOTP and
//! recovery-code methods.

use super::audit_log;
use crate::store::audit_key::AuditKey;
use crate::store::{Audited, StoreResult, TherapistId, TotpRow};
use sqlx::PgPool;

pub async fn totp(pool: &PgPool, t: TherapistId) -> StoreResult<Option<TotpRow>> {
    let row: Option<(Vec<u8>, Option<i64>)> =
        sqlx::query_as("SELECT secret, confirmed_at FROM therapist_totp WHERE therapist_id = $1")
            .bind(t.0)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(key, confirmed)| TotpRow {
        key,
        confirmed: confirmed.is_some(),
    }))
}

pub async fn begin(pool: &PgPool, t: TherapistId, key: &[u8], now_ms: i64) -> StoreResult<bool> {
    let changed = sqlx::query(
        "INSERT INTO therapist_totp (therapist_id, secret, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (therapist_id) DO UPDATE SET secret = $2, created_at = $3
         WHERE therapist_totp.confirmed_at IS NULL",
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
    (pool, key): (&PgPool, &AuditKey),
    t: TherapistId,
    step: i64,
    recovery_hashes: &[[u8; 32]],
    audit: &Audited,
) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE therapist_totp SET confirmed_at = $1, last_step = $2
         WHERE therapist_id = $3 AND confirmed_at IS NULL",
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
    sqlx::query("DELETE FROM recovery_codes WHERE therapist_id = $1")
        .bind(t.0)
        .execute(&mut *tx)
        .await?;
    for hash in recovery_hashes {
        sqlx::query("INSERT INTO recovery_codes (therapist_id, code_hash) VALUES ($1, $2)")
            .bind(t.0)
            .bind(&hash[..])
            .execute(&mut *tx)
            .await?;
    }
    audit_log::append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn take_step(pool: &PgPool, t: TherapistId, step: i64) -> StoreResult<bool> {
    // One statement: the row lock makes a second sign-in with the same code wait and
    // then find the step taken.
    let changed = sqlx::query(
        "UPDATE therapist_totp SET last_step = $1
         WHERE therapist_id = $2 AND confirmed_at IS NOT NULL AND last_step < $1",
    )
    .bind(step)
    .bind(t.0)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

pub async fn take_recovery_code(
    (pool, key): (&PgPool, &AuditKey),
    t: TherapistId,
    hash: &[u8; 32],
    audit: &Audited,
) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1
         WHERE therapist_id = $2 AND code_hash = $3 AND used_at IS NULL",
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
    audit_log::append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn remove(
    (pool, key): (&PgPool, &AuditKey),
    t: TherapistId,
    audit: &Audited,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    for sql in [
        "DELETE FROM recovery_codes WHERE therapist_id = $1",
        "DELETE FROM therapist_totp WHERE therapist_id = $1",
    ] {
        sqlx::query(sql).bind(t.0).execute(&mut *tx).await?;
    }
    audit_log::append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(())
}
