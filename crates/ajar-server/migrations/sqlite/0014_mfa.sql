-- A second step at sign-in: one TOTP key per therapist (RFC 6238), and ten single-use
-- recovery codes stored as SHA-256 hashes (each holds 80 random bits, so a fast hash is
-- enough). A key with confirmed_at NULL is an enrolment not yet confirmed with a code:
-- it is never asked for at sign-in. last_step is the newest 30-second step a code was
-- accepted for, so no code is ever accepted twice.
CREATE TABLE therapist_totp (
    therapist_id INTEGER PRIMARY KEY REFERENCES therapists(id),
    secret       BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    confirmed_at INTEGER,
    last_step    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE recovery_codes (
    therapist_id INTEGER NOT NULL REFERENCES therapists(id),
    code_hash    BLOB    NOT NULL,
    used_at      INTEGER,
    PRIMARY KEY (therapist_id, code_hash)
) STRICT;
