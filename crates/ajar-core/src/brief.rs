//! The pre-session brief: what a therapist reads in the minute before a session. What
//! the client wants to bring (their "next time" notes since the last session), how the
//! last session felt to them, and how each measure moved: since the score before, and
//! since the first score of this therapy, against its reliable change.

use crate::api::ResponseView;
use crate::episodes::{Episode, current_start};
use crate::instruments::{BETWEEN, SESSION};
use crate::outcomes::MEASURES;

/// A measure's movement from the first score of this therapy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinceFirst {
    /// One score so far: nothing to compare.
    OnlyOne,
    ReliablyBetter,
    ReliablyWorse,
    NoReliableChange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeasureMoved {
    pub title: &'static str,
    pub max: u8,
    pub latest: u8,
    pub latest_at_ms: i64,
    pub band: Option<String>,
    /// The score answered before the latest.
    pub before: Option<u8>,
    pub since_first: SinceFirst,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Brief {
    /// The newest session check-in of this therapy.
    pub last_session: Option<ResponseView>,
    /// "To bring next time" since that session (or since this therapy began), oldest
    /// first: (answered at, their words).
    pub to_bring: Vec<(i64, String)>,
    /// Each measure answered in this therapy.
    pub measures: Vec<MeasureMoved>,
}

/// The brief from a client's history (oldest first, any order within a day) and their
/// episodes of care: only this therapy counts.
pub fn brief(history: &[ResponseView], episodes: &[Episode]) -> Brief {
    let start = current_start(episodes).unwrap_or(i64::MIN);
    let mut this_therapy: Vec<&ResponseView> = history
        .iter()
        .filter(|r| r.received_at_ms >= start)
        .collect();
    this_therapy.sort_by_key(|r| (r.answered_at_ms, r.received_at_ms));
    let last_session = this_therapy
        .iter()
        .rev()
        .find(|r| r.instrument == SESSION.id)
        .map(|r| (*r).clone());
    let after = last_session.as_ref().map_or(i64::MIN, |s| s.answered_at_ms);
    let to_bring = this_therapy
        .iter()
        .filter(|r| r.instrument == BETWEEN.id && r.answered_at_ms > after)
        .filter_map(|r| Some((r.answered_at_ms, r.text("agenda")?.to_owned())))
        .collect();
    let measures = MEASURES
        .iter()
        .filter_map(|(instrument, reliable, _)| {
            let scored: Vec<(&ResponseView, u8)> = this_therapy
                .iter()
                .filter(|r| r.instrument == instrument.id)
                .filter_map(|r| Some((*r, r.total?)))
                .collect();
            let (latest, score) = *scored.last()?;
            let first = scored[0].1;
            let since_first = match () {
                _ if scored.len() < 2 => SinceFirst::OnlyOne,
                _ if first >= score + reliable => SinceFirst::ReliablyBetter,
                _ if score >= first + reliable => SinceFirst::ReliablyWorse,
                _ => SinceFirst::NoReliableChange,
            };
            Some(MeasureMoved {
                title: instrument.title,
                max: instrument.max_total().unwrap_or(0),
                latest: score,
                latest_at_ms: latest.answered_at_ms,
                band: latest.band.clone(),
                before: scored.len().checked_sub(2).map(|i| scored[i].1),
                since_first,
            })
        })
        .collect();
    Brief {
        last_session,
        to_bring,
        measures,
    }
}

#[cfg(test)]
mod tests;
