-- As SQLite's 0020: web-push subscriptions (one per phone session, gone with it), the
-- server's VAPID key, and leases for periodic work that runs on one server at a time.
CREATE TABLE push_subscriptions (
    session_hash       BYTEA   PRIMARY KEY REFERENCES sessions(token_hash) ON DELETE CASCADE,
    client_id          BIGINT  NOT NULL REFERENCES clients(id),
    endpoint           TEXT    NOT NULL,
    p256dh             BYTEA   NOT NULL,
    auth               BYTEA   NOT NULL,
    utc_offset_minutes INTEGER NOT NULL,
    created_at         BIGINT  NOT NULL,
    reminded_for       BIGINT,
    sent_at            BIGINT
);
CREATE INDEX push_subscriptions_by_client ON push_subscriptions (client_id);

CREATE TABLE vapid_keys (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    private_key BYTEA   NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE leases (
    name       TEXT   PRIMARY KEY,
    held_until BIGINT NOT NULL
);
INSERT INTO leases (name, held_until) VALUES ('reminders', 0);
