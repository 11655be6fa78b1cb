-- Episodes of care. Adding a client opens the first; closing therapy ends the newest;
-- starting again opens another. Closing and restarting used to overwrite the client's
-- one ending, losing it; now every episode keeps its own start and end.
CREATE TABLE episodes (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id),
    started_at   INTEGER NOT NULL,
    ended_at     INTEGER,
    ending_type  TEXT,
    CHECK ((ended_at IS NULL) = (ending_type IS NULL))
) STRICT;

-- At most one episode of a client goes on at a time.
CREATE UNIQUE INDEX episodes_one_open ON episodes(client_id) WHERE ended_at IS NULL;
CREATE INDEX episodes_by_client ON episodes(client_id, id);

-- Each client's current episode: their newest.
CREATE VIEW current_episodes AS
    SELECT e.* FROM episodes e
    WHERE e.id = (SELECT MAX(n.id) FROM episodes n WHERE n.client_id = e.client_id);

-- What a client's row said becomes their first (and, so far, only) episode.
INSERT INTO episodes (client_id, started_at, ended_at, ending_type)
    SELECT id, created_at, ended_at, ending_type FROM clients ORDER BY id;

ALTER TABLE clients DROP COLUMN ended_at;
ALTER TABLE clients DROP COLUMN ending_type;
