-- Per-client choice of check-ins, and archiving.
-- plan: JSON list of {"instrument", "every_days"} (see ajar_core::plan); NULL means the usual
-- plan, so clients added before this migration keep what they were offered.
ALTER TABLE clients ADD COLUMN plan TEXT;
-- Set when the therapist archives the client: off the caseload, link revoked, phone signed out.
ALTER TABLE clients ADD COLUMN archived_at INTEGER;
