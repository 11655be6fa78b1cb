-- When the client finished each check-in on the phone, beside when the server received
-- it: an answer written offline on Monday and sent on Friday is Monday's. Clamped on the
-- way in (never after it was received, never before the client was added). Earlier rows
-- did not say, so their answered time is their received time.
ALTER TABLE responses ADD COLUMN answered_at INTEGER NOT NULL DEFAULT 0;
UPDATE responses SET answered_at = received_at;
-- Histories are read in answered order, per client and instrument.
CREATE INDEX responses_by_answered ON responses(client_id, instrument, answered_at);
