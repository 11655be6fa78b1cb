-- When a session was last used, for the therapist's idle time-out. NULL: not used since
-- it was created.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
