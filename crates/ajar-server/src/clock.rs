//! Wall-clock time in the unit the API and the database use.

use std::time::{SystemTime, UNIX_EPOCH};

pub const SECOND_MS: i64 = 1000;
pub const HOUR_MS: i64 = 3600 * SECOND_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the system clock is before 1970");
    i64::try_from(since.as_millis()).expect("the system clock is past the year 292 million")
}
