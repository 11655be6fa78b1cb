//! Sending reminders: once a minute, on one server of a database at a time (a lease),
//! each phone that asked is reminded when `ajar_core::reminder` says so. The message is
//! encrypted for the phone (RFC 8291) and signed with the server's VAPID key (RFC 8292)
//! by `web-push-native`; it says only `reminder::BODY`, so a push service, a lock screen
//! or a log learns nothing about the client.

use crate::store::push::{REMINDERS, Subscription};
use crate::store::{Store, StoreResult};
use ajar_core::reminder::{self, Sent};
use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::sync::Arc;
use std::time::Duration;
use web_push_native::jwt_simple::algorithms::{ECDSAP256PublicKeyLike, ES256KeyPair};
use web_push_native::{Auth, WebPushBuilder, p256};

/// How often due reminders are looked for, and how long the lease holds.
const EVERY: Duration = Duration::from_secs(60);
/// A reminder not delivered within a day is of no use: the next one will come.
const TTL: Duration = Duration::from_secs(24 * 3600);

/// The server's VAPID key pair, as kept in the database.
pub struct Vapid {
    key: ES256KeyPair,
}

impl Vapid {
    /// The key the database keeps (made now if none is).
    pub async fn of(store: &dyn Store, now_ms: i64) -> StoreResult<Self> {
        let fresh = ES256KeyPair::generate().to_bytes();
        let kept = store.vapid_key(&fresh, now_ms).await?;
        let key = ES256KeyPair::from_bytes(&kept).context("the kept VAPID key does not read")?;
        Ok(Self { key })
    }

    /// The public key as a phone's `applicationServerKey` takes it.
    pub fn public_key(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.key.public_key().public_key().to_bytes_uncompressed())
    }
}

/// Who sends, and at which hour of the client's day.
pub struct Sender {
    pub vapid: Vapid,
    /// Named in each message's signature, so a push service can reach whoever runs Ajar.
    pub contact: String,
    /// The practice's hour (`--reminder-hour`).
    pub hour: u8,
    http: reqwest::Client,
}

impl Sender {
    pub fn new(vapid: Vapid, contact: String, hour: u8) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            vapid,
            contact,
            hour,
            http,
        })
    }
}

/// What one round did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    /// Subscriptions the push service said are gone, now dropped.
    pub dropped: usize,
    pub failed: usize,
}

/// Reminds every phone that should be reminded at `now_ms`.
pub async fn remind(store: &dyn Store, sender: &Sender, now_ms: i64) -> StoreResult<Round> {
    let mut round = Round::default();
    for sub in store.subscriptions_to_remind(now_ms).await? {
        let sent = Sent {
            reminded_for_ms: sub.reminded_for,
            at_ms: sub.sent_at,
        };
        // Night there, too early, or reminded today: nothing about the client is read.
        if !reminder::may_send_now(sent, now_ms, sub.utc_offset_minutes, sender.hour) {
            continue;
        }
        let home = store.client_home(sub.client()).await?;
        if home.ended.is_some() {
            continue;
        }
        let due = reminder::due_since(&home.plan, &home.last_sent, now_ms);
        let Some(due) = reminder::decide(due, sent, now_ms, sub.utc_offset_minutes, sender.hour)
        else {
            continue;
        };
        match push(sender, &sub).await {
            Ok(status) if status.is_success() => {
                store.mark_reminded(&sub.session_hash, due, now_ms).await?;
                round.sent += 1;
            }
            Ok(status) if status.as_u16() == 404 || status.as_u16() == 410 => {
                store.drop_subscription(&sub.session_hash).await?;
                round.dropped += 1;
            }
            // Tried again next round. Neither the endpoint (it names the phone at its
            // push service) nor the client is logged.
            Ok(status) => {
                tracing::warn!(%status, "a push service refused a reminder");
                round.failed += 1;
            }
            Err(e) => {
                tracing::warn!(error = format!("{e:#}"), "a reminder could not be sent");
                round.failed += 1;
            }
        }
    }
    Ok(round)
}

async fn push(sender: &Sender, sub: &Subscription) -> anyhow::Result<reqwest::StatusCode> {
    let public = p256::PublicKey::from_sec1_bytes(&sub.p256dh)
        .map_err(|_| anyhow::anyhow!("the subscription's key is not a P-256 point"))?;
    let auth = Auth::clone_from_slice(&sub.auth);
    let message = WebPushBuilder::new(sub.endpoint.parse()?, public, auth)
        .with_valid_duration(TTL)
        .with_vapid(&sender.vapid.key, &sender.contact)
        .build(payload())
        .map_err(|e| anyhow::anyhow!("the reminder could not be encrypted: {e}"))?;
    let (parts, body) = message.into_parts();
    let mut request = sender.http.post(parts.uri.to_string()).body(body);
    for (name, value) in &parts.headers {
        request = request.header(name.as_str(), value.as_bytes());
    }
    // Push services treat a reminder as one that may wait for the phone to wake.
    request = request.header("Urgency", "normal");
    Ok(request.send().await?.status())
}

/// What the service worker shows: the fixed, neutral words and nothing else.
fn payload() -> Vec<u8> {
    serde_json::json!({ "title": reminder::TITLE, "body": reminder::BODY })
        .to_string()
        .into_bytes()
}

/// Runs [`remind`] every minute for as long as the server runs, on whichever server of
/// the database takes the lease first.
pub fn spawn(store: Arc<dyn Store>, sender: Sender) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            let now = crate::clock::now_ms();
            let hold = i64::try_from(EVERY.as_millis()).unwrap_or(60_000) - 5_000;
            let result = match store.take_lease(REMINDERS, now, hold).await {
                Ok(true) => remind(store.as_ref(), &sender, now).await.map(Some),
                Ok(false) => Ok(None),
                Err(e) => Err(e),
            };
            match result {
                Ok(Some(round)) if round != Round::default() => {
                    tracing::info!(
                        sent = round.sent,
                        dropped = round.dropped,
                        failed = round.failed,
                        "reminders"
                    );
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = format!("{e:#}"), "reminders did not run"),
            }
        }
    });
}
