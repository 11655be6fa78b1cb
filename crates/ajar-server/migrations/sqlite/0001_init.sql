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

-- One completed check-in. The phone makes the id (a UUID) when the check-in starts: it is
-- the primary key, so a retried send can never store the same check-in twice.
CREATE TABLE responses (
    id           TEXT    PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id),
    instrument   TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    -- JSON object, item id -> number or text, keys sorted (so equal answers compare equal).
    answers      TEXT    NOT NULL,
    -- Scored by the server from the instrument definition, never taken from the phone.
    total        INTEGER,
    band         TEXT,
    risk         INTEGER NOT NULL CHECK (risk IN (0, 1)),
    received_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX responses_by_client ON responses(client_id, instrument, received_at);

CREATE TABLE sessions (
    token_hash  BLOB    PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('client', 'therapist')),
    subject_id  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT;
