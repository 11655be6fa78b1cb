//! The SQLite backend: one file on disk, WAL journal, `synchronous = FULL` so a commit
//! that returned survives a power cut. Owns its migrations (`migrations/sqlite`).

mod audit_log;
mod checkins;
pub use checkins::sqlite_code;
mod clients;
mod history;
mod home;
mod mfa;
mod pool;
mod preflight;
mod push;
mod requests;
mod risk;
mod sessions;
mod therapists;

use super::{
    Archived, Audited, ClientId, ClientRow, EndedBecause, HistoryCursor, Recorded, RequestChange,
    RiskAcknowledged, Scope, SessionInfo, SessionKind, SessionLookup, Store, StoreResult,
    TherapistId, TotpRow, WordsCursor,
};
use crate::audit;
use crate::auth::TokenHash;
use ajar_core::CheckInId;
use ajar_core::api::{ClientHome, Receipt, RequestView, ResponseView, TherapistMe};
use ajar_core::caseload::{ClientRecord, Reading};
use ajar_core::ending::{EndingType, InvalidTransition, NewRequest};
use ajar_core::plan::Plan;
use ajar_core::response::ValidResponse;
use ajar_core::risk::{AcknowledgeRisk, RiskFlag};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::sqlite::{SqlitePool, SqliteSynchronous};
use std::path::Path;

pub struct SqliteStore {
    pool: SqlitePool,
    /// Check-ins go through one writer that commits them in groups.
    check_ins: checkins::Writer,
}

impl SqliteStore {
    /// For `store::copy`, which reads or writes every table.
    pub(in crate::store) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Opens (creating if needed) the database file and applies pending migrations.
    /// Refuses a write-ahead log cut mid-frame (see [`preflight::wal_is_whole`]).
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        preflight::wal_is_whole(path)?;
        Self::open_with(path, SqliteSynchronous::Full).await
    }

    /// [`Self::open`] for the one start after a person read why the log was refused:
    /// SQLite drops the cut-off last commit and keeps the rest.
    pub async fn open_accepting_torn_wal(path: &Path) -> anyhow::Result<Self> {
        Self::open_with(path, SqliteSynchronous::Full).await
    }

    /// For bulk loading generated data (benchmarks) only: commits are not flushed to
    /// disk, so a crash can lose them. Never used to serve requests.
    pub async fn open_for_bulk_load(path: &Path) -> anyhow::Result<Self> {
        Self::open_with(path, SqliteSynchronous::Off).await
    }

    /// `(journal_mode, synchronous)` as each of the pool's connections reports it, all
    /// held at once so every connection is asked. What "2xx only after a durable commit"
    /// rests on: a test that only reads a row back would pass with `synchronous = OFF`.
    pub async fn durability_settings(&self) -> anyhow::Result<Vec<(String, i64)>> {
        let mut held = Vec::new();
        for _ in 0..self.pool.options().get_max_connections() {
            held.push(self.pool.acquire().await?);
        }
        let mut settings = Vec::new();
        for conn in &mut held {
            let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
                .fetch_one(&mut **conn)
                .await?;
            let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous")
                .fetch_one(&mut **conn)
                .await?;
            settings.push((mode, sync));
        }
        Ok(settings)
    }

    /// Writes a consistent copy of the whole database to `to` (`VACUUM INTO`: a read
    /// transaction, so writers go on meanwhile), synced to disk.
    pub async fn copy_to(&self, to: &Path) -> anyhow::Result<()> {
        let target = to
            .to_str()
            .context("the backup's path must be valid UTF-8")?;
        sqlx::query("VACUUM INTO ?")
            .bind(target)
            .execute(&self.pool)
            .await
            .with_context(|| format!("writing the copy {}", to.display()))?;
        std::fs::File::open(to)?.sync_all()?;
        Ok(())
    }

    async fn open_with(path: &Path, synchronous: SqliteSynchronous) -> anyhow::Result<Self> {
        let pool = pool::open(path, synchronous).await?;
        let check_ins = checkins::Writer::start(pool.clone());
        Ok(Self { pool, check_ins })
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn close(&self) {
        self.pool.close().await;
    }

    async fn therapist_count(&self) -> StoreResult<i64> {
        therapists::therapist_count(&self.pool).await
    }

    async fn add_therapist(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        now_ms: i64,
    ) -> StoreResult<TherapistId> {
        therapists::add_therapist(&self.pool, email, name, password_hash, now_ms).await
    }

    async fn therapist_credentials(
        &self,
        email: &str,
    ) -> StoreResult<Option<(TherapistId, String)>> {
        therapists::therapist_credentials(&self.pool, email).await
    }

    async fn set_therapist_password(
        &self,
        email: &str,
        password_hash: &str,
        keep: Option<&TokenHash>,
        audit: &Audited,
    ) -> StoreResult<Option<TherapistId>> {
        therapists::set_therapist_password(&self.pool, email, password_hash, keep, audit).await
    }

    async fn set_therapist_disabled(
        &self,
        email: &str,
        disabled: bool,
        audit: &Audited,
    ) -> StoreResult<Option<TherapistId>> {
        therapists::set_therapist_disabled(&self.pool, email, disabled, audit).await
    }

    async fn therapist_disabled(&self, therapist: TherapistId) -> StoreResult<bool> {
        therapists::therapist_disabled(&self.pool, therapist).await
    }

    async fn therapist(&self, id: TherapistId) -> StoreResult<Option<TherapistMe>> {
        therapists::therapist(&self.pool, id).await
    }

    async fn add_client(
        &self,
        therapist: TherapistId,
        label: &str,
        link: &TokenHash,
        now_ms: i64,
        audit: &Audited,
    ) -> StoreResult<ClientId> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO clients (therapist_id, label, link_hash, created_at, phone_ref)
             VALUES (?, ?, ?, ?, lower(hex(randomblob(16)))) RETURNING id",
        )
        .bind(therapist.0)
        .bind(label)
        .bind(link.as_bytes())
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let client = ClientId(id);
        sqlx::query("INSERT INTO episodes (client_id, started_at) VALUES (?, ?)")
            .bind(id)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        // The entry names the client this change created.
        let mut entry = audit.clone();
        entry.subject = crate::audit::client_subject(client);
        audit_log::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(client)
    }

    async fn set_client_link(
        &self,
        client: ClientId,
        link: &TokenHash,
        audit: &Audited,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("UPDATE clients SET link_hash = ? WHERE id = ?")
            .bind(link.as_bytes())
            .bind(client.0)
            .execute(&mut *tx)
            .await?;
        sessions::end_client_sessions(&mut tx, client, EndedBecause::LinkChanged).await?;
        audit_log::append(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn client(
        &self,
        therapist: TherapistId,
        client: ClientId,
    ) -> StoreResult<Option<ClientRow>> {
        clients::one(&self.pool, therapist, client).await
    }

    async fn revoke_client_link(&self, client: ClientId, audit: &Audited) -> StoreResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("UPDATE clients SET link_hash = NULL WHERE id = ?")
            .bind(client.0)
            .execute(&mut *tx)
            .await?;
        sessions::end_client_sessions(&mut tx, client, EndedBecause::LinkChanged).await?;
        audit_log::append(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn client_by_link(&self, link: &TokenHash) -> StoreResult<Option<ClientId>> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM clients WHERE link_hash = ?")
            .bind(link.as_bytes())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(id,)| ClientId(id)))
    }

    async fn clients_of(&self, therapist: TherapistId) -> StoreResult<Vec<ClientRow>> {
        clients::all(&self.pool, therapist).await
    }

    async fn set_plan(&self, client: ClientId, plan: &Plan, audit: &Audited) -> StoreResult<()> {
        clients::set_plan(&self.pool, client, plan, audit).await
    }

    async fn archive_client(
        &self,
        client: ClientId,
        now_ms: i64,
        audit: &Audited,
    ) -> StoreResult<()> {
        clients::archive(&self.pool, client, now_ms, audit).await
    }

    async fn restore_client(&self, client: ClientId, audit: &Audited) -> StoreResult<()> {
        clients::restore(&self.pool, client, audit).await
    }

    async fn create_session(
        &self,
        token: &TokenHash,
        kind: SessionKind,
        subject: i64,
        now_ms: i64,
        expires_ms: i64,
        device: Option<&str>,
    ) -> StoreResult<()> {
        sessions::create(
            &self.pool,
            token,
            kind,
            subject,
            (now_ms, expires_ms),
            device,
        )
        .await
    }

    async fn therapist_sessions(
        &self,
        therapist: TherapistId,
        now_ms: i64,
    ) -> StoreResult<Vec<SessionInfo>> {
        sessions::therapist_sessions(&self.pool, therapist, now_ms).await
    }

    async fn end_other_sessions(
        &self,
        therapist: TherapistId,
        keep: &TokenHash,
        audit: &Audited,
    ) -> StoreResult<u64> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let ended = sessions::end_therapist_sessions(
            &mut tx,
            therapist,
            Some(keep),
            EndedBecause::SignedOutEverywhere,
        )
        .await?;
        audit_log::append(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(ended)
    }

    async fn purge_expired_sessions(&self, now_ms: i64) -> StoreResult<u64> {
        sessions::purge_expired(&self.pool, now_ms).await
    }

    async fn session_subject(
        &self,
        token: &TokenHash,
        kind: SessionKind,
        now_ms: i64,
        idle_ms: Option<i64>,
    ) -> StoreResult<SessionLookup> {
        sessions::lookup(&self.pool, token, kind, now_ms, idle_ms).await
    }

    async fn delete_session(&self, token: &TokenHash) -> StoreResult<()> {
        sessions::delete(&self.pool, token).await
    }

    async fn client_home(&self, client: ClientId) -> StoreResult<ClientHome> {
        home::client_home(&self.pool, client).await
    }

    async fn therapy_ended(&self, client: ClientId) -> StoreResult<bool> {
        clients::therapy_ended(&self.pool, client).await
    }

    async fn phone_ref(&self, client: ClientId) -> StoreResult<String> {
        clients::phone_ref(&self.pool, client).await
    }

    async fn record_response(
        &self,
        client: ClientId,
        response: &ValidResponse,
        now_ms: i64,
    ) -> StoreResult<Recorded<Receipt>> {
        // BTreeMap keys serialize sorted: equal answers give equal text.
        let answers = serde_json::to_string(response.answers())?;
        let scored = response.scored();
        self.check_ins
            .record(checkins::Row {
                client,
                id: response.id().0.to_string(),
                instrument: response.instrument().id.to_owned(),
                version: i64::from(response.instrument().version),
                answers,
                total: scored.total.map(i64::from),
                band: scored.band,
                risk: scored.risk,
                answered_at_ms: response.answered_at_ms(),
                now_ms,
            })
            .await
    }

    async fn caseload(
        &self,
        therapist: TherapistId,
        only: Option<ClientId>,
        reading: Reading,
        archived: Archived,
    ) -> StoreResult<Vec<ClientRecord>> {
        history::caseload(&self.pool, therapist, only, reading, archived).await
    }

    async fn history_page(
        &self,
        therapist: TherapistId,
        only: Option<ClientId>,
        after: Option<&HistoryCursor>,
        limit: u32,
    ) -> StoreResult<Vec<(i64, ResponseView)>> {
        history::page(&self.pool, therapist, only, after, limit).await
    }

    async fn words_page(
        &self,
        therapist: TherapistId,
        client: ClientId,
        before: Option<&WordsCursor>,
        limit: u32,
    ) -> StoreResult<Vec<ResponseView>> {
        history::words_page(&self.pool, therapist, client, before, limit).await
    }

    async fn risk_flags_of(
        &self,
        therapist: TherapistId,
        responses: &[CheckInId],
    ) -> StoreResult<Vec<(i64, RiskFlag)>> {
        risk::flags_of_responses(&self.pool, therapist, responses).await
    }

    async fn instruments_used(
        &self,
        therapist: TherapistId,
        only: Option<ClientId>,
    ) -> StoreResult<Vec<(String, u32)>> {
        history::instruments_used(&self.pool, therapist, only).await
    }

    async fn record_request(
        &self,
        client: ClientId,
        request: &NewRequest,
        now_ms: i64,
    ) -> StoreResult<Recorded<RequestView>> {
        requests::record(&self.pool, client, request, now_ms).await
    }

    async fn requests_of_client(
        &self,
        therapist: TherapistId,
        client: ClientId,
    ) -> StoreResult<Vec<RequestView>> {
        requests::of_therapists_client(&self.pool, therapist, client).await
    }

    async fn change_request(
        &self,
        scope: Scope,
        id: CheckInId,
        change: RequestChange,
        now_ms: i64,
        audit: Option<&Audited>,
    ) -> StoreResult<Option<Result<RequestView, InvalidTransition>>> {
        requests::change(&self.pool, scope, id, change, now_ms, audit).await
    }

    async fn close_therapy(
        &self,
        therapist: TherapistId,
        client: ClientId,
        ending: EndingType,
        now_ms: i64,
        audit: &Audited,
    ) -> StoreResult<bool> {
        requests::close_therapy(&self.pool, therapist, client, ending, now_ms, audit).await
    }

    async fn reopen_therapy(
        &self,
        therapist: TherapistId,
        client: ClientId,
        audit: &Audited,
    ) -> StoreResult<bool> {
        requests::reopen_therapy(&self.pool, therapist, client, audit).await
    }

    async fn acknowledge_risk(
        &self,
        therapist: TherapistId,
        client: ClientId,
        response: CheckInId,
        ack: &AcknowledgeRisk,
        audit: &Audited,
    ) -> StoreResult<RiskAcknowledged> {
        risk::acknowledge(&self.pool, therapist, client, response, ack, audit).await
    }

    async fn door_open(&self, therapist: TherapistId) -> StoreResult<Option<String>> {
        therapists::door_open(&self.pool, therapist).await
    }

    async fn crisis_text(&self, therapist: TherapistId) -> StoreResult<Option<String>> {
        therapists::crisis_text(&self.pool, therapist).await
    }

    async fn set_crisis_text(
        &self,
        therapist: TherapistId,
        text: Option<&str>,
        audit: &Audited,
    ) -> StoreResult<()> {
        therapists::set_practice_text(&self.pool, therapist, "crisis_text", text, audit).await
    }

    async fn set_door_open(
        &self,
        therapist: TherapistId,
        message: &str,
        audit: &Audited,
    ) -> StoreResult<()> {
        therapists::set_practice_text(
            &self.pool,
            therapist,
            "door_open_message",
            Some(message),
            audit,
        )
        .await
    }

    async fn totp(&self, therapist: TherapistId) -> StoreResult<Option<TotpRow>> {
        mfa::totp(&self.pool, therapist).await
    }

    async fn begin_totp(
        &self,
        therapist: TherapistId,
        key: &[u8],
        now_ms: i64,
    ) -> StoreResult<bool> {
        mfa::begin(&self.pool, therapist, key, now_ms).await
    }

    async fn confirm_totp(
        &self,
        therapist: TherapistId,
        step: i64,
        recovery_hashes: &[[u8; 32]],
        audit: &Audited,
    ) -> StoreResult<bool> {
        mfa::confirm(&self.pool, therapist, step, recovery_hashes, audit).await
    }

    async fn take_totp_step(&self, therapist: TherapistId, step: i64) -> StoreResult<bool> {
        mfa::take_step(&self.pool, therapist, step).await
    }

    async fn take_recovery_code(
        &self,
        therapist: TherapistId,
        hash: &[u8; 32],
        audit: &Audited,
    ) -> StoreResult<bool> {
        mfa::take_recovery_code(&self.pool, therapist, hash, audit).await
    }

    async fn remove_totp(&self, therapist: TherapistId, audit: &Audited) -> StoreResult<()> {
        mfa::remove(&self.pool, therapist, audit).await
    }

    async fn audit(&self, entry: &Audited) -> StoreResult<()> {
        audit_log::append_alone(&self.pool, entry).await
    }

    async fn audit_trail(&self, actor: &str, limit: u32) -> StoreResult<Vec<audit::Entry>> {
        audit_log::trail(&self.pool, actor, limit).await
    }

    async fn verify_audit(
        &self,
        saved_head: Option<&str>,
    ) -> StoreResult<Result<crate::audit::Head, String>> {
        audit_log::verify(&self.pool, saved_head).await
    }
}
