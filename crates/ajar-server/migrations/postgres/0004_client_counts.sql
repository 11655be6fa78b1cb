-- Each client's number of responses and of risk answers no one has acknowledged, kept
-- by the database on every insert (statement triggers, so `ajar copy`'s pages of
-- thousands update each client once), so the caseload reads two numbers per client
-- instead of counting years of history at each load. Nothing deletes or edits a
-- response or an acknowledgement, so inserts are all the triggers need to follow.
-- Reading everything (figures, exports, and tests/caseload_window.rs) still counts, and
-- the test holds the two equal.
ALTER TABLE clients ADD COLUMN response_count BIGINT NOT NULL DEFAULT 0,
                    ADD COLUMN open_risk_count BIGINT NOT NULL DEFAULT 0;

UPDATE clients c SET
    response_count = (SELECT COUNT(*) FROM responses r WHERE r.client_id = c.id),
    open_risk_count = (SELECT COUNT(*) FROM responses r
                       WHERE r.client_id = c.id AND r.risk
                         AND NOT EXISTS (SELECT 1 FROM risk_acknowledgements a
                                         WHERE a.response_id = r.id));

CREATE FUNCTION count_responses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE clients c
    SET response_count = c.response_count + n.added,
        open_risk_count = c.open_risk_count + n.risky
    FROM (SELECT client_id, COUNT(*) AS added, COUNT(*) FILTER (WHERE risk) AS risky
          FROM added_rows GROUP BY client_id) n
    WHERE c.id = n.client_id;
    RETURN NULL;
END $$;
CREATE TRIGGER responses_counted AFTER INSERT ON responses
    REFERENCING NEW TABLE AS added_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_responses();

CREATE FUNCTION count_acknowledgements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE clients c
    SET open_risk_count = c.open_risk_count - n.acknowledged
    FROM (SELECT r.client_id, COUNT(*) AS acknowledged
          FROM added_rows a JOIN responses r ON r.id = a.response_id
          GROUP BY r.client_id) n
    WHERE c.id = n.client_id;
    RETURN NULL;
END $$;
CREATE TRIGGER acknowledgements_counted AFTER INSERT ON risk_acknowledgements
    REFERENCING NEW TABLE AS added_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_acknowledgements();

-- The caseload reads each client's newest open risk answers from the newest down.
CREATE INDEX responses_at_risk_by_answered ON responses (client_id, answered_at) WHERE risk;
