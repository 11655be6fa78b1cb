-- Ending well: requests from clients (final session, break, referral, stop, talk, resume),
-- and how each therapy ended.

ALTER TABLE clients ADD COLUMN ended_at INTEGER;
ALTER TABLE clients ADD COLUMN ending_type TEXT
    CHECK (ending_type IN ('planned', 'client-stopped', 'paused', 'referred', 'unplanned'));

-- NULL means the shipped default.
ALTER TABLE therapists ADD COLUMN door_open_message TEXT;

CREATE TABLE requests (
    id               TEXT    PRIMARY KEY,  -- made on the phone, like a response id
    client_id        INTEGER NOT NULL REFERENCES clients(id),
    wish             TEXT    NOT NULL,
    reasons          TEXT    NOT NULL,     -- JSON array, sorted
    message          TEXT    NOT NULL,
    preferred_times  TEXT    NOT NULL,
    check_back_on    TEXT,
    status           TEXT    NOT NULL
        CHECK (status IN ('sent', 'seen', 'answered', 'closed', 'withdrawn')),
    reply            TEXT,
    proposed_time    TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX requests_by_client ON requests(client_id, created_at);
