//! When an instrument is next due for a client.

use crate::plan::Cadence;

pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Answered after every session, whenever the client is ready.
    AfterEachSession,
    /// Never answered, or its interval has passed.
    Now,
    /// Answered recently; offered again from this time.
    From(i64),
}

/// When a check-in of this cadence falls (or fell) due: its interval after it was last
/// sent, the beginning of time (0) if it never was; `None` for one answered after each
/// session, which is never due by time.
pub fn falls_due_at(cadence: Cadence, last_sent_ms: Option<i64>) -> Option<i64> {
    let Cadence::EveryDays(days) = cadence else {
        return None;
    };
    Some(last_sent_ms.map_or(0, |last| last + i64::from(days) * DAY_MS))
}

pub fn due(cadence: Cadence, last_sent_ms: Option<i64>, now_ms: i64) -> Due {
    match falls_due_at(cadence, last_sent_ms) {
        None => Due::AfterEachSession,
        Some(at) if at <= now_ms => Due::Now,
        Some(at) => Due::From(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Cadence::{AfterEachSession, EveryDays};

    #[test]
    fn the_session_check_in_is_offered_after_every_session() {
        assert_eq!(due(AfterEachSession, None, 0), Due::AfterEachSession);
        assert_eq!(due(AfterEachSession, Some(0), 1), Due::AfterEachSession);
    }

    #[test]
    fn never_answered_means_due_now() {
        assert_eq!(due(EveryDays(14), None, 1_000), Due::Now);
    }

    #[test]
    fn due_again_exactly_when_the_interval_has_passed() {
        let sent = 1_000;
        let week = 7 * DAY_MS;
        assert_eq!(
            due(EveryDays(7), Some(sent), sent + week - 1),
            Due::From(sent + week)
        );
        assert_eq!(due(EveryDays(7), Some(sent), sent + week), Due::Now);
        assert_eq!(
            due(EveryDays(14), Some(sent), sent + week),
            Due::From(sent + 2 * week)
        );
    }
}
