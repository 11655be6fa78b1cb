//! Episodes of care. Adding a client starts their first episode; closing therapy ends
//! the current one; starting again opens a new one. Each episode is judged on its own
//! answers: its own baseline for change and recovery, its own silence, its own first
//! check-in. Risk answers are the exception: an unacknowledged one stays open whatever
//! episode it came from (`crate::risk`).

use crate::ending::EndingType;
use serde::{Deserialize, Serialize};

/// How and when an episode (or therapy, as the client sees it) ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndedView {
    pub at_ms: i64,
    pub ending_type: EndingType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Episode {
    pub started_at_ms: i64,
    /// How and when it ended; `None` while it goes on.
    pub ended: Option<EndedView>,
}

/// When the newest episode began (`None` only for a record with no episode at all).
pub fn current_start(episodes: &[Episode]) -> Option<i64> {
    episodes.last().map(|e| e.started_at_ms)
}

/// What of an oldest-first history (`at` gives each item's time) came at or after
/// `from`: the current episode's part when `from` is its start.
pub fn since<T>(history: &[T], from: i64, at: impl Fn(&T) -> i64) -> &[T] {
    let start = history.partition_point(|r| at(r) < from);
    &history[start..]
}

/// Each episode (oldest first) with its responses: those received from its start until
/// the next episode's start. A response older than the first episode belongs to the
/// first. `history` is oldest first.
pub fn split<'a, T>(
    episodes: &'a [Episode],
    history: &'a [T],
    at: impl Fn(&T) -> i64,
) -> Vec<(&'a Episode, &'a [T])> {
    let mut out = Vec::with_capacity(episodes.len());
    let mut rest = history;
    for (i, episode) in episodes.iter().enumerate() {
        let mine = match episodes.get(i + 1) {
            Some(next) => rest.partition_point(|r| at(r) < next.started_at_ms),
            None => rest.len(),
        };
        let (this, later) = rest.split_at(mine);
        out.push((episode, this));
        rest = later;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn episode(start: i64, end: Option<i64>) -> Episode {
        Episode {
            started_at_ms: start,
            ended: end.map(|at_ms| EndedView {
                at_ms,
                ending_type: EndingType::Planned,
            }),
        }
    }

    #[test]
    fn a_response_belongs_to_the_episode_running_when_it_arrived() {
        let history = [5, 10, 19, 20, 21, 40];
        let episodes = [
            episode(10, Some(19)),
            episode(20, Some(30)),
            episode(35, None),
        ];
        let split = split(&episodes, &history, |t| *t);
        let times = |i: usize| split[i].1.to_vec();
        // 5 came before the first episode's recorded start (an older record): the first.
        assert_eq!(times(0), [5, 10, 19]);
        // Exactly at the second start: the second.
        assert_eq!(times(1), [20, 21]);
        assert_eq!(times(2), [40]);
        assert_eq!(since(&history, 20, |t| *t), [20, 21, 40]);
        assert!(since(&history, 41, |t| *t).is_empty());
        assert_eq!(current_start(&episodes), Some(35));
    }
}
