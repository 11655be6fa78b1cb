-- From here on each audit entry's hash is an HMAC-SHA-256 under a key kept outside
-- this file (`<database>.audit-key`, or AJAR_AUDIT_KEY_FILE): someone who can edit the
-- file cannot rewrite the chain to match, and `ajar audit head` / `verify --head` catch
-- a removed tail. keyed = 0: an entry written before, chained with plain SHA-256.
ALTER TABLE audit ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
