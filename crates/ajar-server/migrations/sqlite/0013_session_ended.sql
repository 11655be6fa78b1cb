-- Why a session ended before its time (link changed, signed out everywhere, password
-- changed, account disabled), kept until it would have expired: the phone or browser
-- that comes back with it is told why, in words. NULL: the session is live.
ALTER TABLE sessions ADD COLUMN ended_because TEXT;
