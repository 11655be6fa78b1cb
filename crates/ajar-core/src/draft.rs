//! A check-in in progress on the phone: saved at every change, kept for 14 days, sent
//! when complete.
//!
//! The id is made when the draft starts and never changes, so however many times the
//! phone retries, the server stores the check-in once.

use crate::CheckInId;
use crate::api::NewResponse;
use crate::due::DAY_MS;
use crate::instrument::Instrument;
use crate::response::{self, Answer, AnswerError, Answers};
use serde::{Deserialize, Serialize};

/// Bump when the stored shape changes; older drafts are then read by a migration, not lost.
pub const SCHEMA: u32 = 1;

/// An unsent draft is kept on the phone this long after its last change.
pub const KEEP_DAYS: i64 = 14;

#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, miniserde::Serialize, miniserde::Deserialize,
)]
pub struct Draft {
    pub schema: u32,
    pub id: CheckInId,
    pub instrument: String,
    pub version: u32,
    /// Text is kept exactly as typed (untrimmed) so the box shows what the client wrote.
    pub answers: Answers,
    /// The question the client was on, so a reload returns them there.
    pub step: usize,
    pub started_at_ms: i64,
    pub updated_at_ms: i64,
    /// Why the server refused these answers once they were sent. Such a draft holds
    /// answers the client finished, so it never expires: only the client removes it.
    pub refused: Option<String>,
}

impl Draft {
    pub fn new(instrument: &Instrument, id: CheckInId, now_ms: i64) -> Self {
        Self {
            schema: SCHEMA,
            id,
            instrument: instrument.id.to_owned(),
            version: instrument.version,
            answers: Answers::new(),
            step: 0,
            started_at_ms: now_ms,
            updated_at_ms: now_ms,
            refused: None,
        }
    }

    /// True when nothing has been answered yet.
    pub fn is_blank(&self) -> bool {
        response::normalize(&self.answers).is_empty()
    }

    pub fn set(&mut self, item: &str, answer: Answer, now_ms: i64) {
        self.answers.insert(item.to_owned(), answer);
        self.updated_at_ms = now_ms;
    }

    pub fn expires_at_ms(&self) -> i64 {
        self.updated_at_ms + KEEP_DAYS * DAY_MS
    }

    pub fn is_expired(&self, now_ms: i64) -> bool {
        self.refused.is_none() && now_ms >= self.expires_at_ms()
    }

    /// Whole days left before the draft is discarded (rounded up, never negative).
    pub fn days_left(&self, now_ms: i64) -> i64 {
        let left = self.expires_at_ms() - now_ms;
        if left <= 0 {
            0
        } else {
            (left + DAY_MS - 1) / DAY_MS
        }
    }

    /// This draft carried over to `current`, a newer version of its instrument, when every
    /// answer it holds means the same there (the same question, asked the same way): a
    /// half-answered check-in is never dropped because a question was added. `None` when
    /// an answer would change meaning; the draft then stays at its own version, which the
    /// server still accepts.
    pub fn carried_to(&self, current: &Instrument) -> Option<Draft> {
        if self.instrument != current.id {
            return None;
        }
        if self.version == current.version {
            return Some(self.clone());
        }
        let earlier = crate::instruments::find(&self.instrument, self.version)?;
        let same = self
            .answers
            .keys()
            .all(|id| earlier.item(id).is_some() && earlier.item(id) == current.item(id));
        same.then(|| Draft {
            version: current.version,
            ..self.clone()
        })
    }

    /// The submission this draft becomes, or the first thing still missing or wrong.
    pub fn to_submission(&self, instrument: &Instrument) -> Result<NewResponse, AnswerError> {
        let checked = response::validate(instrument, &self.answers)?;
        Ok(NewResponse {
            id: self.id,
            instrument: self.instrument.clone(),
            version: self.version,
            answers: checked.into_answers(),
            // The last change is when the client finished: the Send that follows may be
            // days later, with no signal in between.
            answered_at_ms: Some(self.updated_at_ms),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruments::{PHQ9, SESSION_V1 as SESSION};

    #[test]
    fn a_draft_of_gad7_version_1_carries_over_to_version_2_with_its_id_and_answers() {
        use crate::instruments::{GAD7, GAD7_V1};
        let mut old = Draft::new(&GAD7_V1, CheckInId::from_random_bytes([9; 16]), 1_000);
        old.set("gad7-1", Answer::Value(2), 2_000);
        old.step = 1;
        let carried = old
            .carried_to(&GAD7)
            .expect("version 2 only adds a question");
        assert_eq!(carried.version, 2);
        assert_eq!((carried.id, carried.step), (old.id, 1));
        assert_eq!(carried.answers, old.answers);
        // Same version: itself; another instrument: nothing.
        assert_eq!(old.carried_to(&GAD7_V1), Some(old.clone()));
        assert_eq!(old.carried_to(&PHQ9), None);
        // An answer to a question the new version does not ask the same way: not carried.
        old.set("gad7-8", Answer::Value(1), 3_000);
        assert_eq!(old.carried_to(&GAD7), None);
    }

    fn draft() -> Draft {
        Draft::new(&SESSION, CheckInId::from_random_bytes([7; 16]), 1_000)
    }

    fn fill_session(d: &mut Draft) {
        for item in ["heard", "goals", "approach", "overall"] {
            d.set(item, Answer::Value(8), 2_000);
        }
        d.set("pace", Answer::Value(1), 2_000);
    }

    #[test]
    fn a_new_draft_is_blank_and_says_what_is_missing_first() {
        let d = draft();
        assert!(d.is_blank());
        let err = d.to_submission(&SESSION).unwrap_err();
        assert_eq!(
            err.to_string(),
            "question heard (\"I felt heard and understood.\") needs an answer"
        );
    }

    #[test]
    fn whitespace_alone_is_still_blank() {
        let mut d = draft();
        d.set("note", Answer::Text("   ".into()), 2_000);
        assert!(d.is_blank());
    }

    #[test]
    fn one_answer_or_one_written_word_is_no_longer_blank() {
        // A draft that is not blank is one the home page offers to continue: losing it
        // would lose what the client already said.
        let mut rated = draft();
        rated.set("heard", Answer::Value(0), 2_000);
        assert!(!rated.is_blank(), "a 0 is an answer");
        let mut written = draft();
        written.set("note", Answer::Text(" a ".into()), 2_000);
        assert!(!written.is_blank());
    }

    #[test]
    fn a_complete_draft_becomes_a_submission_with_the_same_id_and_trimmed_text() {
        let mut d = draft();
        fill_session(&mut d);
        d.set("note", Answer::Text("  felt rushed \n".into()), 2_000);
        let s = d.to_submission(&SESSION).unwrap();
        assert_eq!(s.id, d.id);
        assert_eq!(s.instrument, "ajar-session");
        assert_eq!(s.version, 1);
        assert_eq!(s.answers["note"], Answer::Text("felt rushed".into()));
        assert_eq!(
            d.answers["note"],
            Answer::Text("  felt rushed \n".into()),
            "draft keeps what was typed"
        );
    }

    #[test]
    fn an_empty_optional_note_is_left_out() {
        let mut d = draft();
        fill_session(&mut d);
        d.set("note", Answer::Text(String::new()), 2_000);
        assert!(
            !d.to_submission(&SESSION)
                .unwrap()
                .answers
                .contains_key("note")
        );
    }

    #[test]
    fn drafts_expire_fourteen_days_after_the_last_change() {
        let mut d = draft();
        d.set("heard", Answer::Value(3), 10 * DAY_MS);
        assert_eq!(d.expires_at_ms(), 24 * DAY_MS);
        assert!(!d.is_expired(24 * DAY_MS - 1));
        assert!(d.is_expired(24 * DAY_MS));
        assert_eq!(d.days_left(10 * DAY_MS), 14);
        assert_eq!(d.days_left(10 * DAY_MS + 1), 14, "rounded up");
        assert_eq!(d.days_left(23 * DAY_MS + 1), 1);
        assert_eq!(d.days_left(30 * DAY_MS), 0);
    }

    #[test]
    fn drafts_round_trip_through_json_exactly() {
        let mut d = Draft::new(&PHQ9, CheckInId::from_random_bytes([1; 16]), 5);
        d.set("phq9-1", Answer::Value(2), 6);
        d.step = 1;
        let back: Draft = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
    }

    #[test]
    fn refused_answers_never_expire() {
        let mut d = draft();
        let long_after = d.updated_at_ms + 100 * KEEP_DAYS * DAY_MS;
        assert!(d.is_expired(long_after));
        d.refused = Some("PHQ-9: question 3 needs an answer.".into());
        assert!(!d.is_expired(long_after));
        // An older phone's draft, without the field, still reads.
        let old = r#"{"schema":1,"id":"01010101-0101-4101-8101-010101010101","instrument":"phq-9","version":1,"answers":{},"step":0,"started_at_ms":0,"updated_at_ms":0}"#;
        let read: Draft = miniserde::json::from_str(old).unwrap();
        assert_eq!(read.refused, None);
    }
}
