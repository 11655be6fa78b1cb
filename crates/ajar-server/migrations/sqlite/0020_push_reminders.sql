-- Reminders by web push. A subscription belongs to one phone's session and goes with it
-- (signing out, the link revoked or replaced, the client archived); it never holds an
-- answer. `reminded_for` is when the check-in last reminded of fell due, `sent_at` when
-- that reminder went: one reminder each time a check-in falls due, one a day at most.
CREATE TABLE push_subscriptions (
    session_hash       BLOB    PRIMARY KEY REFERENCES sessions(token_hash) ON DELETE CASCADE,
    client_id          INTEGER NOT NULL REFERENCES clients(id),
    endpoint           TEXT    NOT NULL,
    p256dh             BLOB    NOT NULL,
    auth               BLOB    NOT NULL,
    utc_offset_minutes INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    reminded_for       INTEGER,
    sent_at            INTEGER
) STRICT;
CREATE INDEX push_subscriptions_by_client ON push_subscriptions (client_id);

-- The server's VAPID key (RFC 8292), made the first time a phone asks for reminders and
-- kept, since every subscription is bound to it.
CREATE TABLE vapid_keys (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    private_key BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

-- Periodic work that must run on one server at a time: whoever moves `held_until` past
-- now holds the lease until then.
CREATE TABLE leases (
    name       TEXT    PRIMARY KEY,
    held_until INTEGER NOT NULL
) STRICT;
INSERT INTO leases (name, held_until) VALUES ('reminders', 0);
