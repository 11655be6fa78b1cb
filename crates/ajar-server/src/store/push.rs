//! What reminders keep: each phone's web-push subscription (one per phone session, gone
//! with the session), the server's VAPID key, and a lease so that of several servers on
//! one database only one sends at a time. The rules for when a reminder goes are
//! `ajar_core::reminder`; sending is `crate::reminders`.

use super::{ClientId, StoreResult};
use crate::auth::TokenHash;
use async_trait::async_trait;

/// A subscription as the phone gave it, checked (`routes/reminders.rs`).
pub struct NewSubscription {
    pub endpoint: String,
    /// The phone's P-256 public key, uncompressed (65 bytes).
    pub p256dh: Vec<u8>,
    pub auth: [u8; 16],
    pub utc_offset_minutes: i32,
}

/// A subscription whose phone may be reminded: its session is live, its client's link
/// works and the client is not archived.
#[derive(sqlx::FromRow)]
pub struct Subscription {
    pub session_hash: Vec<u8>,
    pub client_id: i64,
    pub endpoint: String,
    pub p256dh: Vec<u8>,
    pub auth: Vec<u8>,
    pub utc_offset_minutes: i32,
    pub reminded_for: Option<i64>,
    pub sent_at: Option<i64>,
}

impl Subscription {
    pub fn client(&self) -> ClientId {
        ClientId(self.client_id)
    }
}

/// The lease for sending reminders.
pub const REMINDERS: &str = "reminders";

#[async_trait]
pub trait PushStore: Send + Sync {
    /// The server's VAPID private key: the one kept, or `fresh` kept from now on when none
    /// is (two servers asking at once keep the same one).
    async fn vapid_key(&self, fresh: &[u8], now_ms: i64) -> StoreResult<Vec<u8>>;
    /// This phone session's subscription, made or replaced (a phone's push service can
    /// give it a new endpoint); what was sent before is kept.
    async fn save_subscription(
        &self,
        session: &TokenHash,
        client: ClientId,
        sub: &NewSubscription,
        now_ms: i64,
    ) -> StoreResult<()>;
    async fn delete_subscription(&self, session: &TokenHash) -> StoreResult<()>;
    async fn subscribed(&self, session: &TokenHash) -> StoreResult<bool>;
    /// Every subscription that may be reminded at `now_ms`.
    async fn subscriptions_to_remind(&self, now_ms: i64) -> StoreResult<Vec<Subscription>>;
    /// A reminder of the check-in due since `due_ms` went at `now_ms`.
    async fn mark_reminded(&self, session_hash: &[u8], due_ms: i64, now_ms: i64)
    -> StoreResult<()>;
    /// The push service says this subscription is gone (404, 410).
    async fn drop_subscription(&self, session_hash: &[u8]) -> StoreResult<()>;
    /// Takes the lease `name` until `now_ms + hold_ms` if no one holds it at `now_ms`.
    async fn take_lease(&self, name: &str, now_ms: i64, hold_ms: i64) -> StoreResult<bool>;
}
