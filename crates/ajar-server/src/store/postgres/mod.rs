//! The PostgreSQL backend, for a practice that runs several servers on one database:
//! SQL and row decoding only, each module beside its SQLite twin. Owns its migrations
//! (`migrations/postgres`). Every commit waits for the WAL flush; the audit chain is
//! appended under an advisory lock, so several servers keep it in one order.

mod audit_log;
mod checkins;
mod clients;
mod history;
mod home;
mod limits;
mod mfa;
mod pool;
mod push;
mod requests;
mod risk;
mod sessions;
mod therapists;

use super::audit_key::AuditKey;
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
use async_trait::async_trait;
use sqlx::postgres::PgPool;
use std::path::Path;

pub struct PgStore {
    pool: PgPool,
    /// The audit chain's key, read from its file at start (never stored in the database).
    key: AuditKey,
}

impl PgStore {
    /// For `store::copy`, which reads or writes every table.
    pub(in crate::store) fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Connects, applies pending migrations and reads (or, on a new database, makes) the
    /// audit key in `key_file`; refuses a key other than the one the trail is signed with.
    pub async fn open(url: &str, key_file: &Path) -> anyhow::Result<Self> {
        let (pool, key) = pool::open(url, key_file).await?;
        Ok(Self { pool, key })
    }

    /// `synchronous_commit` as a connection of the pool reports it, and the server's
    /// `fsync`: what "2xx only after a durable commit" rests on.
    pub async fn durability_settings(&self) -> anyhow::Result<(String, String)> {
        let mut conn = self.pool.acquire().await?;
        let (commit,): (String,) = sqlx::query_as("SHOW synchronous_commit")
            .fetch_one(&mut *conn)
            .await?;
        let (fsync,): (String,) = sqlx::query_as("SHOW fsync").fetch_one(&mut *conn).await?;
        Ok((commit, fsync))
    }

    fn db(&self) -> (&PgPool, &AuditKey) {
        (&self.pool, &self.key)
    }
}

#[async_trait]
impl Store for PgStore {
    async fn close(&self) {
        self.pool.close().await;
    }

    fn shared_limits(&self) -> Option<Box<dyn super::SharedLimits + '_>> {
        Some(Box::new(limits::Limits(&self.pool)))
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
        therapists::set_therapist_password(self.db(), email, password_hash, keep, audit).await
    }

    async fn set_therapist_disabled(
        &self,
        email: &str,
        disabled: bool,
        audit: &Audited,
    ) -> StoreResult<Option<TherapistId>> {
        therapists::set_therapist_disabled(self.db(), email, disabled, audit).await
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
        clients::add(self.db(), therapist, label, link, now_ms, audit).await
    }

    async fn set_client_link(
        &self,
        client: ClientId,
        link: &TokenHash,
        audit: &Audited,
    ) -> StoreResult<()> {
        clients::set_link(self.db(), client, Some(link), audit).await
    }

    async fn client(
        &self,
        therapist: TherapistId,
        client: ClientId,
    ) -> StoreResult<Option<ClientRow>> {
        clients::one(&self.pool, therapist, client).await
    }

    async fn revoke_client_link(&self, client: ClientId, audit: &Audited) -> StoreResult<()> {
        clients::set_link(self.db(), client, None, audit).await
    }

    async fn client_by_link(&self, link: &TokenHash) -> StoreResult<Option<ClientId>> {
        clients::by_link(&self.pool, link).await
    }

    async fn clients_of(&self, therapist: TherapistId) -> StoreResult<Vec<ClientRow>> {
        clients::all(&self.pool, therapist).await
    }

    async fn set_plan(&self, client: ClientId, plan: &Plan, audit: &Audited) -> StoreResult<()> {
        clients::set_plan(self.db(), client, plan, audit).await
    }

    async fn archive_client(
        &self,
        client: ClientId,
        now_ms: i64,
        audit: &Audited,
    ) -> StoreResult<()> {
        clients::archive(self.db(), client, now_ms, audit).await
    }

    async fn restore_client(&self, client: ClientId, audit: &Audited) -> StoreResult<()> {
        clients::restore(self.db(), client, audit).await
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
        let mut tx = self.pool.begin().await?;
        let ended = sessions::end_therapist_sessions(
            &mut tx,
            therapist,
            Some(keep),
            EndedBecause::SignedOutEverywhere,
        )
        .await?;
        audit_log::append(&mut tx, &self.key, audit).await?;
        tx.commit().await?;
        Ok(ended)
    }

    async fn purge_expired_sessions(&self, now_ms: i64) -> StoreResult<u64> {
        // With it (hourly, on every server): sign-in attempts past the throttle's window
        // and request counts of past minutes, once across servers.
        limits::purge(
            &self.pool,
            now_ms - crate::throttle::WINDOW_MS,
            now_ms - 2 * 60_000,
        )
        .await?;
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
        checkins::record(&self.pool, client, response, now_ms).await
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
        requests::change(self.db(), scope, id, change, now_ms, audit).await
    }

    async fn close_therapy(
        &self,
        therapist: TherapistId,
        client: ClientId,
        ending: EndingType,
        now_ms: i64,
        audit: &Audited,
    ) -> StoreResult<bool> {
        requests::close_therapy(self.db(), therapist, client, ending, now_ms, audit).await
    }

    async fn reopen_therapy(
        &self,
        therapist: TherapistId,
        client: ClientId,
        audit: &Audited,
    ) -> StoreResult<bool> {
        requests::reopen_therapy(self.db(), therapist, client, audit).await
    }

    async fn acknowledge_risk(
        &self,
        therapist: TherapistId,
        client: ClientId,
        response: CheckInId,
        ack: &AcknowledgeRisk,
        audit: &Audited,
    ) -> StoreResult<RiskAcknowledged> {
        risk::acknowledge(self.db(), therapist, client, response, ack, audit).await
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
        therapists::set_practice_text(self.db(), therapist, "crisis_text", text, audit).await
    }

    async fn set_door_open(
        &self,
        therapist: TherapistId,
        message: &str,
        audit: &Audited,
    ) -> StoreResult<()> {
        therapists::set_practice_text(
            self.db(),
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
        mfa::confirm(self.db(), therapist, step, recovery_hashes, audit).await
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
        mfa::take_recovery_code(self.db(), therapist, hash, audit).await
    }

    async fn remove_totp(&self, therapist: TherapistId, audit: &Audited) -> StoreResult<()> {
        mfa::remove(self.db(), therapist, audit).await
    }

    async fn audit(&self, entry: &Audited) -> StoreResult<()> {
        audit_log::append_alone(&self.pool, &self.key, entry).await
    }

    async fn audit_trail(&self, actor: &str, limit: u32) -> StoreResult<Vec<audit::Entry>> {
        audit_log::trail(&self.pool, actor, limit).await
    }

    async fn verify_audit(
        &self,
        saved_head: Option<&str>,
    ) -> StoreResult<Result<crate::audit::Head, String>> {
        audit_log::verify(&self.pool, &self.key, saved_head).await
    }
}
