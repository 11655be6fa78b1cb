//! The client's answer to a time the therapist proposed: "that suits me", or another
//! time in their own words. It sends the request back to the therapist as new.

use super::MAX_TEXT;
use serde::{Deserialize, Serialize};
use std::fmt;

// Named one by one, not with `rename_all`, which miniserde (the phone's JSON) lacks.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TimeAnswer {
    #[serde(rename = "suits")]
    Suits,
    #[serde(rename = "another")]
    Another,
}

impl TimeAnswer {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeAnswer::Suits => "suits",
            TimeAnswer::Another => "another",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [TimeAnswer::Suits, TimeAnswer::Another]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// `POST /client/requests/{id}/time`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, miniserde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerTime {
    pub answer: TimeAnswer,
    /// With `another`: the times that would suit instead (required then; empty with
    /// `suits`).
    pub suggestion: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeAnswerError {
    TooLong { chars: usize },
    NoSuggestion,
}

impl fmt::Display for TimeAnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeAnswerError::TooLong { chars } => write!(
                f,
                "suggestion is {chars} characters long; the limit is {MAX_TEXT}"
            ),
            TimeAnswerError::NoSuggestion => {
                write!(f, "Please say which times would suit you instead")
            }
        }
    }
}

impl AnswerTime {
    /// Checks the length and that "another" says which; trims; drops a suggestion sent
    /// with "suits" (it would contradict the answer).
    pub fn normalized(mut self) -> Result<Self, TimeAnswerError> {
        let chars = self.suggestion.chars().count();
        if chars > MAX_TEXT {
            return Err(TimeAnswerError::TooLong { chars });
        }
        self.suggestion = match self.answer {
            TimeAnswer::Suits => String::new(),
            TimeAnswer::Another => self.suggestion.trim().to_owned(),
        };
        if self.answer == TimeAnswer::Another && self.suggestion.is_empty() {
            return Err(TimeAnswerError::NoSuggestion);
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(answer: TimeAnswer, suggestion: &str) -> AnswerTime {
        AnswerTime {
            answer,
            suggestion: suggestion.into(),
        }
    }

    #[test]
    fn another_time_must_say_which_and_suits_needs_nothing() {
        assert_eq!(
            answer(TimeAnswer::Another, "  ").normalized(),
            Err(TimeAnswerError::NoSuggestion)
        );
        assert_eq!(
            answer(TimeAnswer::Another, " Thursday mornings ").normalized(),
            Ok(answer(TimeAnswer::Another, "Thursday mornings"))
        );
        assert_eq!(
            answer(TimeAnswer::Suits, "ignored").normalized(),
            Ok(answer(TimeAnswer::Suits, ""))
        );
        assert_eq!(
            answer(TimeAnswer::Another, &"x".repeat(MAX_TEXT + 1)).normalized(),
            Err(TimeAnswerError::TooLong {
                chars: MAX_TEXT + 1
            })
        );
    }

    #[test]
    fn stored_names_read_back() {
        for a in [TimeAnswer::Suits, TimeAnswer::Another] {
            assert_eq!(TimeAnswer::parse(a.as_str()), Some(a));
        }
        assert_eq!(TimeAnswer::parse("maybe"), None);
    }
}
