-- Risk flags. A flag is a response with risk = 1 (an answer above 0 to a risk item); it
-- stays open until a therapist acknowledges it here. Rows are only ever added: no
-- acknowledgement is edited or removed, and a later response at 0 changes none of this.
CREATE TABLE risk_acknowledgements (
    response_id   TEXT    PRIMARY KEY REFERENCES responses(id),
    therapist_id  INTEGER NOT NULL REFERENCES therapists(id),
    action        TEXT    NOT NULL CHECK (action IN
                      ('contacted-client', 'reviewed-safety-plan', 'discussed-in-session', 'no-action-needed')),
    note          TEXT    NOT NULL,
    at            INTEGER NOT NULL
) STRICT;

-- Every flag of a caseload is read at each caseload load, however old: a partial index
-- keeps that to the few risk responses.
CREATE INDEX responses_at_risk ON responses(client_id, received_at) WHERE risk = 1;
