-- Ajar's first schema. Times are milliseconds since the Unix epoch (UTC).
-- Secrets (link and session tokens) are stored only as SHA-256 hashes; passwords as argon2id PHC strings.

CREATE TABLE therapists (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE clients (
    id            INTEGER PRIMARY KEY,
    therapist_id  INTEGER NOT NULL REFERENCES therapists(id),
    label         TEXT    NOT NULL,
    -- NULL once the link is revoked; a new link replaces the hash.
    link_hash     BLOB    UNIQUE,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX clients_by_therapist ON clients(therapist_id);

-- The phone makes the id (a UUID) when the check-in starts: it is the primary key, so a
-- retried send can never store the same check-in twice.
CREATE TABLE checkins (
    id           TEXT    PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id),
    rating       INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
    note         TEXT    NOT NULL,
    received_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX checkins_by_client ON checkins(client_id, received_at);

CREATE TABLE sessions (
    token_hash  BLOB    PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('client', 'therapist')),
    subject_id  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT;
