//! A check-in in progress on the phone: saved at every change, sent when complete.
//!
//! The id is made when the draft starts and never changes, so however many times the
//! phone retries, the server stores the check-in once.

use crate::api::NewCheckIn;
use crate::{CheckInId, Note, Rating};
use serde::{Deserialize, Serialize};

/// Bump when the stored shape changes; older drafts are then read by a migration, not lost.
pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub schema: u32,
    pub id: CheckInId,
    pub rating: Option<Rating>,
    /// Kept exactly as typed (untrimmed) so the text box shows what the client wrote.
    pub note: String,
    pub started_at_ms: i64,
    pub updated_at_ms: i64,
}

/// Why a draft cannot be sent yet, in the client's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReady {
    NoRating,
    NoteTooLong(String),
}

impl std::fmt::Display for NotReady {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotReady::NoRating => f.write_str("Please choose a number from 0 to 10 first."),
            NotReady::NoteTooLong(why) => write!(f, "Your note is too long: {why}."),
        }
    }
}

impl Draft {
    pub fn new(id: CheckInId, now_ms: i64) -> Self {
        Self {
            schema: SCHEMA,
            id,
            rating: None,
            note: String::new(),
            started_at_ms: now_ms,
            updated_at_ms: now_ms,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.rating.is_none() && self.note.trim().is_empty()
    }

    /// The submission this draft becomes, or why it is not ready.
    pub fn to_submission(&self) -> Result<NewCheckIn, NotReady> {
        let rating = self.rating.ok_or(NotReady::NoRating)?;
        let note = Note::parse(&self.note).map_err(|e| NotReady::NoteTooLong(e.to_string()))?;
        Ok(NewCheckIn {
            id: self.id,
            rating,
            note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft::new(CheckInId::from_random_bytes([7; 16]), 1_000)
    }

    #[test]
    fn a_new_draft_is_blank_and_not_ready() {
        let d = draft();
        assert!(d.is_blank());
        assert_eq!(d.to_submission(), Err(NotReady::NoRating));
    }

    #[test]
    fn a_note_alone_is_not_blank_but_still_needs_a_rating() {
        let mut d = draft();
        d.note = "something".into();
        assert!(!d.is_blank());
        assert_eq!(d.to_submission(), Err(NotReady::NoRating));
    }

    #[test]
    fn a_rated_draft_becomes_a_submission_with_the_same_id() {
        let mut d = draft();
        d.rating = Some(Rating::parse(0).unwrap());
        d.note = "  fine \n".into();
        let s = d.to_submission().unwrap();
        assert_eq!(s.id, d.id);
        assert_eq!(s.rating.value(), 0);
        assert_eq!(s.note.as_str(), "fine");
    }

    #[test]
    fn an_overlong_note_says_so() {
        let mut d = draft();
        d.rating = Some(Rating::parse(5).unwrap());
        d.note = "x".repeat(Note::MAX_CHARS + 1);
        let err = d.to_submission().unwrap_err();
        assert!(err.to_string().contains("limit is 4000"), "{err}");
    }

    #[test]
    fn drafts_round_trip_through_json() {
        let mut d = draft();
        d.rating = Some(Rating::parse(3).unwrap());
        d.note = "  kept as typed ".into();
        let back: Draft = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
    }
}
