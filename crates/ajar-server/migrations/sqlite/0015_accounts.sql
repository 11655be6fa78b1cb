-- An account the person running Ajar turned off (`ajar therapist disable`): it cannot
-- sign in, and its sessions were ended when it was disabled. NULL: in use.
ALTER TABLE therapists ADD COLUMN disabled_at INTEGER;
-- The browser a therapist's session was started from (its User-Agent, cut to 200
-- characters), for the "Signed-in devices" list. Clients' phones are not recorded.
ALTER TABLE sessions ADD COLUMN device TEXT;
