//! Reminders' rows in SQLite: subscriptions, the VAPID key, the lease.

use crate::auth::TokenHash;
use crate::store::push::{NewSubscription, PushStore, Subscription};
use crate::store::{ClientId, SqliteStore, StoreResult};
use async_trait::async_trait;

#[async_trait]
impl PushStore for SqliteStore {
    async fn vapid_key(&self, fresh: &[u8], now_ms: i64) -> StoreResult<Vec<u8>> {
        sqlx::query(
            "INSERT INTO vapid_keys (id, private_key, created_at) VALUES (1, ?, ?)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(fresh)
        .bind(now_ms)
        .execute(self.pool())
        .await?;
        let (key,): (Vec<u8>,) = sqlx::query_as("SELECT private_key FROM vapid_keys WHERE id = 1")
            .fetch_one(self.pool())
            .await?;
        Ok(key)
    }

    async fn save_subscription(
        &self,
        session: &TokenHash,
        client: ClientId,
        sub: &NewSubscription,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO push_subscriptions
                 (session_hash, client_id, endpoint, p256dh, auth, utc_offset_minutes, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (session_hash) DO UPDATE SET endpoint = excluded.endpoint,
                 p256dh = excluded.p256dh, auth = excluded.auth,
                 utc_offset_minutes = excluded.utc_offset_minutes",
        )
        .bind(session.as_bytes())
        .bind(client.0)
        .bind(&sub.endpoint)
        .bind(&sub.p256dh)
        .bind(sub.auth.as_slice())
        .bind(sub.utc_offset_minutes)
        .bind(now_ms)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    async fn delete_subscription(&self, session: &TokenHash) -> StoreResult<()> {
        self.drop_subscription(session.as_bytes()).await
    }

    async fn subscribed(&self, session: &TokenHash) -> StoreResult<bool> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT 1 FROM push_subscriptions WHERE session_hash = ?")
                .bind(session.as_bytes())
                .fetch_optional(self.pool())
                .await?;
        Ok(row.is_some())
    }

    async fn subscriptions_to_remind(&self, now_ms: i64) -> StoreResult<Vec<Subscription>> {
        Ok(sqlx::query_as(
            "SELECT p.session_hash, p.client_id, p.endpoint, p.p256dh, p.auth,
                    p.utc_offset_minutes, p.reminded_for, p.sent_at
             FROM push_subscriptions p
             JOIN sessions s ON s.token_hash = p.session_hash
             JOIN clients c ON c.id = p.client_id
             WHERE s.kind = 'client' AND s.subject_id = p.client_id
               AND s.ended_because IS NULL AND s.expires_at > ?
               AND c.archived_at IS NULL AND c.link_hash IS NOT NULL
             ORDER BY p.client_id",
        )
        .bind(now_ms)
        .fetch_all(self.pool())
        .await?)
    }

    async fn mark_reminded(
        &self,
        session_hash: &[u8],
        due_ms: i64,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE push_subscriptions SET reminded_for = ?, sent_at = ? WHERE session_hash = ?",
        )
        .bind(due_ms)
        .bind(now_ms)
        .bind(session_hash)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    async fn drop_subscription(&self, session_hash: &[u8]) -> StoreResult<()> {
        sqlx::query("DELETE FROM push_subscriptions WHERE session_hash = ?")
            .bind(session_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn take_lease(&self, name: &str, now_ms: i64, hold_ms: i64) -> StoreResult<bool> {
        let taken =
            sqlx::query("UPDATE leases SET held_until = ? WHERE name = ? AND held_until <= ?")
                .bind(now_ms + hold_ms)
                .bind(name)
                .bind(now_ms)
                .execute(self.pool())
                .await?;
        Ok(taken.rows_affected() == 1)
    }
}
