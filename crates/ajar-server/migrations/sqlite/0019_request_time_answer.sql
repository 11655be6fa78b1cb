-- The client's answer to a proposed time: 'suits', or 'another' with the times they
-- suggest. Cleared when the therapist proposes a new time.
ALTER TABLE requests ADD COLUMN time_answer TEXT CHECK (time_answer IN ('suits', 'another'));
ALTER TABLE requests ADD COLUMN time_suggestion TEXT;
