-- A request's created_at is now when the client asked on the phone (clamped as a
-- check-in's answered time is), and received_at when it reached the server: a request
-- written offline on Monday and sent on Friday was asked on Monday. Earlier rows were
-- stamped on arrival, so both times are that.
ALTER TABLE requests ADD COLUMN received_at INTEGER NOT NULL DEFAULT 0;
UPDATE requests SET received_at = created_at;
