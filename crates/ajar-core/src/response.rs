//! A client's answers to one instrument: their shape, their validation and their score.
//!
//! The server validates and scores every response itself with these functions; the phone
//! uses the same ones to say what is missing before anything is sent.

use crate::CheckInId;
use crate::instrument::{Instrument, ItemKind, Scoring};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One answer: an option's value or a point on a scale, or free text.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Answer {
    Value(u8),
    Text(String),
}

/// Answer text is mental-health data: `Debug` shows its length, never its words.
impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Value(v) => write!(f, "Value({v})"),
            Answer::Text(t) => write!(f, "Text(<{} chars>)", t.chars().count()),
        }
    }
}

/// Item id → answer. Sorted, so equal answers always serialize identically.
pub type Answers = BTreeMap<String, Answer>;

/// [`Answers`] under its own name in the server's OpenAPI description (a type alias has
/// no derive of its own).
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(as = Answers)]
pub struct AnswersSchema(pub BTreeMap<String, Answer>);

/// What a valid set of answers adds up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scored {
    pub total: Option<u8>,
    pub band: Option<&'static str>,
    /// PHQ-9 item 9 answered above 0.
    pub risk: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    UnknownItem(String),
    Missing {
        item: &'static str,
        text: &'static str,
    },
    NotAChoice {
        item: &'static str,
        value: u8,
    },
    OutOfScale {
        item: &'static str,
        value: u8,
    },
    WrongKind {
        item: &'static str,
        expected: &'static str,
    },
    TooLong {
        item: &'static str,
        chars: usize,
        max: usize,
    },
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::UnknownItem(id) => {
                write!(f, "there is no question \"{id}\" in this check-in")
            }
            AnswerError::Missing { item, text } => {
                write!(f, "question {item} (\"{text}\") needs an answer")
            }
            AnswerError::NotAChoice { item, value } => {
                write!(f, "{value} is not one of the options for question {item}")
            }
            AnswerError::OutOfScale { item, value } => write!(
                f,
                "question {item} takes a whole number from 0 to 10, got {value}"
            ),
            AnswerError::WrongKind { item, expected } => {
                write!(f, "question {item} takes {expected}")
            }
            AnswerError::TooLong { item, chars, max } => write!(
                f,
                "the answer to question {item} is {chars} characters long; the limit is {max}"
            ),
        }
    }
}

impl std::error::Error for AnswerError {}

/// The top of every 0–10 scale.
pub const SCALE_MAX: u8 = 10;

/// Trims text answers and drops empty ones, so "no answer" has one spelling.
pub fn normalize(answers: &Answers) -> Answers {
    // Edited in place rather than collected: collecting into a map sorts, and that sort
    // would be the only one in the phone's bundle.
    let mut kept = answers.clone();
    kept.retain(|_, a| !matches!(a, Answer::Text(t) if t.trim().is_empty()));
    for answer in kept.values_mut() {
        if let Answer::Text(t) = answer {
            *t = t.trim().to_owned();
        }
    }
    kept
}

/// Checks one answer against its item.
pub fn check_answer(instrument: &Instrument, id: &str, answer: &Answer) -> Result<(), AnswerError> {
    let item = instrument
        .item(id)
        .ok_or_else(|| AnswerError::UnknownItem(id.to_owned()))?;
    match (item.kind, answer) {
        (ItemKind::Scale { .. }, Answer::Value(v)) if *v <= SCALE_MAX => Ok(()),
        (ItemKind::Scale { .. }, Answer::Value(v)) => Err(AnswerError::OutOfScale {
            item: item.id,
            value: *v,
        }),
        (ItemKind::Choice { options }, Answer::Value(v)) => {
            if options.iter().any(|o| o.value == *v) {
                Ok(())
            } else {
                Err(AnswerError::NotAChoice {
                    item: item.id,
                    value: *v,
                })
            }
        }
        (ItemKind::Text { max_chars }, Answer::Text(t)) => {
            let chars = t.chars().count();
            if chars <= max_chars {
                Ok(())
            } else {
                Err(AnswerError::TooLong {
                    item: item.id,
                    chars,
                    max: max_chars,
                })
            }
        }
        (ItemKind::Text { .. }, Answer::Value(_)) => Err(AnswerError::WrongKind {
            item: item.id,
            expected: "text",
        }),
        (_, Answer::Text(_)) => Err(AnswerError::WrongKind {
            item: item.id,
            expected: "a number",
        }),
    }
}

/// Answers that passed [`validate`]: normalised (once) and scored. Only `validate` makes
/// one, so whatever holds a `Checked` holds answers that were checked and the score they
/// add up to; nothing downstream checks, trims or scores them again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    answers: Answers,
    scored: Scored,
}

impl Checked {
    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    pub fn scored(&self) -> Scored {
        self.scored
    }

    pub fn into_answers(self) -> Answers {
        self.answers
    }
}

/// A check-in ready to store: its id, the instrument version it answers, and its
/// [`Checked`] answers. Made only by [`ValidResponse::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidResponse {
    id: CheckInId,
    instrument: &'static Instrument,
    checked: Checked,
    answered_at_ms: Option<i64>,
}

impl ValidResponse {
    pub fn new(
        id: CheckInId,
        instrument: &'static Instrument,
        answers: &Answers,
    ) -> Result<Self, AnswerError> {
        Ok(Self {
            id,
            instrument,
            checked: validate(instrument, answers)?,
            answered_at_ms: None,
        })
    }

    /// When the phone says the client finished it (unchecked: the store clamps it).
    pub fn answered_at(mut self, at_ms: Option<i64>) -> Self {
        self.answered_at_ms = at_ms;
        self
    }

    pub fn answered_at_ms(&self) -> Option<i64> {
        self.answered_at_ms
    }

    pub fn id(&self) -> CheckInId {
        self.id
    }

    pub fn instrument(&self) -> &'static Instrument {
        self.instrument
    }

    pub fn answers(&self) -> &Answers {
        self.checked.answers()
    }

    pub fn scored(&self) -> Scored {
        self.checked.scored()
    }
}

/// Validates a complete response, normalises and scores it. Problems are reported in
/// question order, the order the client answers in. Each answer is checked as sent (so
/// a length counts every character the client typed, as the phone's counter does); a
/// text that is empty once trimmed is then no answer at all.
pub fn validate(instrument: &Instrument, answers: &Answers) -> Result<Checked, AnswerError> {
    if let Some(unknown) = answers.keys().find(|id| instrument.item(id).is_none()) {
        return Err(AnswerError::UnknownItem(unknown.clone()));
    }
    for item in instrument.items {
        let answer = answers.get(item.id);
        if let Some(answer) = answer {
            check_answer(instrument, item.id, answer)?;
        }
        let given = answer.is_some_and(|a| !matches!(a, Answer::Text(t) if t.trim().is_empty()));
        if item.required && !given {
            return Err(AnswerError::Missing {
                item: item.id,
                text: item.text,
            });
        }
    }
    let answers = normalize(answers);
    Ok(Checked {
        scored: score(instrument, &answers),
        answers,
    })
}

/// The total, band and risk flag of answers already known to be valid.
pub fn score(instrument: &Instrument, answers: &Answers) -> Scored {
    let total = match instrument.scoring {
        Scoring::None => None,
        Scoring::Sum { items, .. } => Some(
            items
                .iter()
                .map(|id| match answers.get(*id) {
                    Some(Answer::Value(v)) => *v,
                    _ => 0,
                })
                .sum(),
        ),
    };
    Scored {
        total,
        band: total.and_then(|t| instrument.band(t)),
        risk: shows_risk(instrument, answers),
    }
}

/// True when an answer to one of the instrument's risk items is above 0: the crisis text
/// must show now, and the stored response opens a risk flag.
pub fn shows_risk(instrument: &Instrument, answers: &Answers) -> bool {
    instrument
        .risk_items
        .iter()
        .any(|id| matches!(answers.get(*id), Some(Answer::Value(v)) if *v > 0))
}
