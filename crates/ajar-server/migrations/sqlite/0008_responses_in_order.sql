-- Exports read every response of a caseload page by page, in (client, time, id) order
-- (store/sqlite/history.rs `page`): one index range per page instead of a sort of all.
CREATE INDEX responses_in_order ON responses(client_id, received_at, id);
