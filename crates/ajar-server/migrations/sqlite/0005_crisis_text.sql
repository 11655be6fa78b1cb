-- The practice's own crisis text (local numbers and services). NULL: the shipped default.
ALTER TABLE therapists ADD COLUMN crisis_text TEXT;
