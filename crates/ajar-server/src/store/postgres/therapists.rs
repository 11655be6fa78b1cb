//! Therapist accounts on PostgreSQL: the queries behind the `Store` methods of the same
//! names. Emails match whatever their case (a unique index on `lower(email)`).

use super::{audit_log, sessions};
use crate::auth::TokenHash;
use crate::store::audit_key::AuditKey;
use crate::store::{Audited, EndedBecause, StoreResult, TherapistId};
use ajar_core::api::TherapistMe;
use sqlx::PgPool;

pub async fn therapist_count(pool: &PgPool) -> StoreResult<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM therapists")
        .fetch_one(pool)
        .await?;
    Ok(n)
}

pub async fn add_therapist(
    pool: &PgPool,
    email: &str,
    name: &str,
    password_hash: &str,
    now_ms: i64,
) -> StoreResult<TherapistId> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO therapists (email, display_name, password_hash, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(now_ms)
    .fetch_one(pool)
    .await?;
    Ok(TherapistId(id))
}

pub async fn therapist_credentials(
    pool: &PgPool,
    email: &str,
) -> StoreResult<Option<(TherapistId, String)>> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, password_hash FROM therapists WHERE lower(email) = lower($1)")
            .bind(email)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id, hash)| (TherapistId(id), hash)))
}

pub async fn set_therapist_password(
    (pool, key): (&PgPool, &AuditKey),
    email: &str,
    password_hash: &str,
    keep: Option<&TokenHash>,
    audit: &Audited,
) -> StoreResult<Option<TherapistId>> {
    let mut tx = pool.begin().await?;
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE therapists SET password_hash = $1 WHERE lower(email) = lower($2) RETURNING id",
    )
    .bind(password_hash)
    .bind(email)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id,)) = row else {
        return Ok(None);
    };
    let id = TherapistId(id);
    sessions::end_therapist_sessions(&mut tx, id, keep, EndedBecause::PasswordChanged).await?;
    let mut entry = audit.clone();
    entry.subject = format!("therapist:{}", id.0);
    audit_log::append(&mut tx, key, &entry).await?;
    tx.commit().await?;
    Ok(Some(id))
}

pub async fn set_therapist_disabled(
    (pool, key): (&PgPool, &AuditKey),
    email: &str,
    disabled: bool,
    audit: &Audited,
) -> StoreResult<Option<TherapistId>> {
    let mut tx = pool.begin().await?;
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE therapists SET disabled_at = CASE WHEN $1 THEN $2::BIGINT END
         WHERE lower(email) = lower($3) RETURNING id",
    )
    .bind(disabled)
    .bind(audit.at_ms)
    .bind(email)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id,)) = row else {
        return Ok(None);
    };
    let id = TherapistId(id);
    if disabled {
        sessions::end_therapist_sessions(&mut tx, id, None, EndedBecause::AccountDisabled).await?;
    }
    let mut entry = audit.clone();
    entry.subject = format!("therapist:{}", id.0);
    audit_log::append(&mut tx, key, &entry).await?;
    tx.commit().await?;
    Ok(Some(id))
}

pub async fn therapist_disabled(pool: &PgPool, therapist: TherapistId) -> StoreResult<bool> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT disabled_at FROM therapists WHERE id = $1")
            .bind(therapist.0)
            .fetch_optional(pool)
            .await?;
    Ok(!matches!(row, Some((None,))))
}

pub async fn therapist(pool: &PgPool, id: TherapistId) -> StoreResult<Option<TherapistMe>> {
    let row: Option<(String, String, bool)> = sqlx::query_as(
        "SELECT display_name, email, EXISTS (SELECT 1 FROM therapist_totp
             WHERE therapist_id = therapists.id AND confirmed_at IS NOT NULL)
         FROM therapists WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(name, email, mfa)| TherapistMe {
        name,
        email,
        mfa,
        // A setting of the server, not of the account: the routes fill it in.
        mfa_required: false,
    }))
}

pub async fn door_open(pool: &PgPool, therapist: TherapistId) -> StoreResult<Option<String>> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT door_open_message FROM therapists WHERE id = $1")
            .bind(therapist.0)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|(m,)| m))
}

pub async fn crisis_text(pool: &PgPool, therapist: TherapistId) -> StoreResult<Option<String>> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT crisis_text FROM therapists WHERE id = $1")
            .bind(therapist.0)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|(t,)| t))
}

/// Sets one of the practice's texts (`column`: one of the two named here, never data)
/// with its audit entry, in one commit.
pub async fn set_practice_text(
    (pool, key): (&PgPool, &AuditKey),
    therapist: TherapistId,
    column: &'static str,
    text: Option<&str>,
    audit: &Audited,
) -> StoreResult<()> {
    let sql = match column {
        "crisis_text" => "UPDATE therapists SET crisis_text = $1 WHERE id = $2",
        "door_open_message" => "UPDATE therapists SET door_open_message = $1 WHERE id = $2",
        other => return Err(anyhow::anyhow!("no practice text named {other}")),
    };
    let mut tx = pool.begin().await?;
    sqlx::query(sql)
        .bind(text)
        .bind(therapist.0)
        .execute(&mut *tx)
        .await?;
    audit_log::append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(())
}
