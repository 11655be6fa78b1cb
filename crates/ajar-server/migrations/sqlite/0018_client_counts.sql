-- Each client's number of responses and of risk answers no one has acknowledged, kept
-- by the database on every insert, so the caseload reads two numbers per client instead
-- of counting years of history at each load. Nothing deletes or edits a response or an
-- acknowledgement, so inserts are all the triggers need to follow. Reading everything
-- (figures, exports, and tests/caseload_window.rs) still counts, and the test holds the
-- two equal.
ALTER TABLE clients ADD COLUMN response_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clients ADD COLUMN open_risk_count INTEGER NOT NULL DEFAULT 0;

UPDATE clients SET
    response_count = (SELECT COUNT(*) FROM responses r WHERE r.client_id = clients.id),
    open_risk_count = (SELECT COUNT(*) FROM responses r
                       WHERE r.client_id = clients.id AND r.risk = 1
                         AND NOT EXISTS (SELECT 1 FROM risk_acknowledgements a
                                         WHERE a.response_id = r.id));

CREATE TRIGGER responses_counted AFTER INSERT ON responses
BEGIN
    UPDATE clients SET response_count = response_count + 1,
                       open_risk_count = open_risk_count + NEW.risk
    WHERE id = NEW.client_id;
END;

CREATE TRIGGER acknowledgements_counted AFTER INSERT ON risk_acknowledgements
BEGIN
    UPDATE clients SET open_risk_count = open_risk_count - 1
    WHERE id = (SELECT client_id FROM responses WHERE id = NEW.response_id);
END;

-- The caseload reads each client's newest open risk answers from the newest down.
CREATE INDEX responses_at_risk_by_answered ON responses(client_id, answered_at) WHERE risk = 1;
