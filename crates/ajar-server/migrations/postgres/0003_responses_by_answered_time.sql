-- A client's responses newest answered first, across instruments: a client's page reads
-- their words a page at a time from the newest down, and stops at the page's end.
CREATE INDEX responses_by_answered_time ON responses(client_id, answered_at, id);
