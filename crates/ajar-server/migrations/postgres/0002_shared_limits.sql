-- What several servers on one database must count together: sign-in attempts (the
-- throttle of throttle.rs) and phones' requests per minute (rate_limit.rs). On SQLite,
-- one server, these stay in its memory.
CREATE TABLE sign_in_attempts (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key  TEXT   NOT NULL,   -- "account:<email>" or "address:<ip>"
    at   BIGINT NOT NULL
);
CREATE INDEX sign_in_attempts_by_key ON sign_in_attempts (key, at);

CREATE TABLE request_counts (
    key          TEXT   NOT NULL,   -- "session:<hash prefix>" or "address:<ip>"
    window_start BIGINT NOT NULL,
    count        BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);
