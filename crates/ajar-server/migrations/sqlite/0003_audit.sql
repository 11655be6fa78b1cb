-- The audit trail: who did what, when. Append-only: each row carries the SHA-256 of the
-- previous row's hash and its own fields, so editing or deleting any row breaks the
-- chain, which `ajar audit verify` reports.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL,   -- "therapist:3", "client:7"
    action    TEXT    NOT NULL,   -- "export.csv", "read.client", "sign-in"…
    subject   TEXT    NOT NULL,   -- "client:7", "caseload", ""
    prev_hash BLOB    NOT NULL,
    hash      BLOB    NOT NULL
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
