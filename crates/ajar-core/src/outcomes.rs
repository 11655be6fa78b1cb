//! One episode's outcome on PHQ-9 and GAD-7 together, as NHS Talking Therapies (IAPT)
//! defines it: first and last score of the episode on each measure, reliable change of
//! 6 (PHQ-9) and 4 (GAD-7), caseness at 10 (PHQ-9) and 8 (GAD-7). Sources with the
//! numbers in `crate::thresholds`.
//!
//! - reliable improvement: at least one measure fell by its reliable change and none
//!   rose by its reliable change; reliable deterioration the other way round (a client
//!   reliably better on one and worse on the other is neither);
//! - at caseness: at least one measure at or above caseness at the first score;
//! - recovery: at caseness at the start, and every measure below caseness at the last;
//! - reliable recovery: recovery with reliable improvement.
//!
//! NHS Talking Therapies pairs both measures for every course of treatment. An Ajar
//! client may be offered only one: the outcome is then judged on the measure answered
//! (a measure needs two scores in the episode to count at all).

use crate::api::ResponseView;
use crate::instrument::Instrument;
use crate::instruments::{GAD7, PHQ9};
use crate::thresholds::{GAD7_CASENESS, GAD7_RELIABLE_CHANGE, PHQ9_CASENESS, PHQ9_RELIABLE_CHANGE};

/// The two measures with their reliable change and caseness.
pub const MEASURES: [(&Instrument, u8, u8); 2] = [
    (&PHQ9, PHQ9_RELIABLE_CHANGE, PHQ9_CASENESS),
    (&GAD7, GAD7_RELIABLE_CHANGE, GAD7_CASENESS),
];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    pub reliably_improved: bool,
    pub reliably_deteriorated: bool,
    pub at_caseness: bool,
    pub recovered: bool,
    pub reliably_recovered: bool,
}

/// The outcome of one episode's responses (oldest first), or `None` when no measure has
/// two scores in it.
pub fn outcome(responses: &[ResponseView]) -> Option<Outcome> {
    let mut paired = 0;
    let (mut down, mut up, mut case_at_start, mut case_at_end) = (false, false, false, false);
    for (instrument, reliable, caseness) in MEASURES {
        let mut scores = responses
            .iter()
            .filter(|r| r.instrument == instrument.id)
            .filter_map(|r| r.total);
        let (Some(first), Some(last)) = (scores.next(), scores.next_back()) else {
            continue;
        };
        paired += 1;
        down |= first >= last + reliable;
        up |= last >= first + reliable;
        case_at_start |= first >= caseness;
        case_at_end |= last >= caseness;
    }
    (paired > 0).then(|| {
        let reliably_improved = down && !up;
        let recovered = case_at_start && !case_at_end;
        Outcome {
            reliably_improved,
            reliably_deteriorated: up && !down,
            at_caseness: case_at_start,
            recovered,
            reliably_recovered: recovered && reliably_improved,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CheckInId;

    fn scores(phq: &[u8], gad: &[u8]) -> Vec<ResponseView> {
        let r = |instrument: &Instrument, t: u8, n: usize| ResponseView {
            id: CheckInId::from_random_bytes([n as u8; 16]),
            instrument: instrument.id.into(),
            version: instrument.version,
            answers: Default::default(),
            total: Some(t),
            band: None,
            risk: false,
            received_at_ms: n as i64,
            answered_at_ms: n as i64,
        };
        let mut all: Vec<ResponseView> = phq
            .iter()
            .enumerate()
            .map(|(n, t)| r(&PHQ9, *t, n))
            .collect();
        all.extend(gad.iter().enumerate().map(|(n, t)| r(&GAD7, *t, n)));
        all.sort_by_key(|r| r.received_at_ms);
        all
    }

    fn of(phq: &[u8], gad: &[u8]) -> Outcome {
        outcome(&scores(phq, gad)).expect("measured")
    }

    #[test]
    fn one_score_or_none_is_not_measured() {
        assert_eq!(outcome(&scores(&[], &[])), None);
        assert_eq!(outcome(&scores(&[15], &[12])), None);
        assert!(outcome(&scores(&[15, 14], &[12])).is_some());
    }

    #[test]
    fn caseness_starts_at_exactly_10_and_8() {
        assert!(of(&[10, 10], &[]).at_caseness);
        assert!(!of(&[9, 9], &[]).at_caseness);
        assert!(of(&[], &[8, 8]).at_caseness);
        assert!(!of(&[], &[7, 7]).at_caseness);
        // Either measure is enough.
        assert!(of(&[5, 5], &[8, 8]).at_caseness);
    }

    #[test]
    fn recovery_needs_every_measure_below_caseness_at_the_end() {
        // PHQ-9 from 10 to 9: recovered (not reliable: 1 point).
        let o = of(&[10, 9], &[]);
        assert!(o.recovered && !o.reliably_recovered);
        // GAD-7 still at 8: not recovered, though PHQ-9 is.
        assert!(!of(&[14, 4], &[9, 8]).recovered);
        assert!(of(&[14, 4], &[9, 7]).recovered);
        // Not at caseness at the start: cannot recover.
        assert!(!of(&[9, 2], &[7, 1]).recovered);
    }

    #[test]
    fn reliable_change_is_6_and_4_and_mixed_directions_count_as_neither() {
        assert!(of(&[15, 9], &[]).reliably_improved);
        assert!(!of(&[15, 10], &[]).reliably_improved);
        assert!(of(&[9, 15], &[]).reliably_deteriorated);
        assert!(!of(&[9, 14], &[]).reliably_deteriorated);
        assert!(of(&[], &[10, 6]).reliably_improved);
        assert!(!of(&[], &[10, 7]).reliably_improved);
        assert!(of(&[], &[6, 10]).reliably_deteriorated);
        // Better on one, worse on the other: neither improvement nor deterioration.
        let mixed = of(&[20, 10], &[4, 8]);
        assert!(!mixed.reliably_improved && !mixed.reliably_deteriorated);
        // Better on one, the other unchanged: improvement.
        assert!(of(&[20, 10], &[9, 9]).reliably_improved);
    }

    #[test]
    fn reliable_recovery_is_recovery_with_reliable_improvement() {
        let o = of(&[16, 8], &[10, 5]);
        assert!(o.recovered && o.reliably_improved && o.reliably_recovered);
        // Recovered by crossing the line with a small change: not reliable recovery.
        let o = of(&[11, 8], &[9, 6]);
        assert!(o.recovered && !o.reliably_recovered);
    }

    #[test]
    fn first_and_last_are_the_episode_s_own() {
        // The middle scores do not matter; only the first and the last.
        assert!(of(&[15, 27, 0, 9], &[]).reliably_improved);
    }
}
