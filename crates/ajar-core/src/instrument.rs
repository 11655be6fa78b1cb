//! Instruments as versioned data: what is asked, how it is answered, how it is scored.
//!
//! A response names its instrument by id *and* version, so changing wording means adding
//! a version, never editing one that clients have already answered.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instrument {
    pub id: &'static str,
    pub version: u32,
    /// BCP 47 language of every text below.
    pub language: &'static str,
    pub title: &'static str,
    /// Shown before the first item (the recall period, for PHQ-9 and GAD-7).
    pub intro: &'static str,
    pub licence: &'static str,
    /// When it is answered: after a session, or between sessions.
    pub context: Context,
    /// How often it is usually offered, in days; `None` means after every session. The
    /// therapist can choose otherwise per client (see [`crate::plan`]).
    pub every_days: Option<u16>,
    pub items: &'static [Item],
    pub scoring: Scoring,
    /// Items where any answer above 0 is a risk: the phone shows the crisis text at once,
    /// and the answer opens a risk flag that stays on the therapist's caseload until a
    /// person acknowledges it (see [`crate::risk`]).
    pub risk_items: &'static [&'static str],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub id: &'static str,
    pub text: &'static str,
    pub kind: ItemKind,
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A 0–10 scale with labelled ends.
    Scale {
        low: &'static str,
        high: &'static str,
    },
    /// One of several labelled options; the answer is the option's `value`.
    Choice { options: &'static [Choice] },
    /// Free text up to a length.
    Text { max_chars: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub value: u8,
    pub label: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scoring {
    /// Not totalled.
    None,
    /// The sum of the listed items' values, read against severity bands.
    Sum {
        items: &'static [&'static str],
        bands: &'static [Band],
    },
}

/// A band starts at `from` (inclusive) and runs to the next band's `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub from: u8,
    pub label: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Context {
    InSession,
    BetweenSessions,
}

impl Context {
    pub fn as_str(self) -> &'static str {
        match self {
            Context::InSession => "in-session",
            Context::BetweenSessions => "between-sessions",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "in-session" => Some(Context::InSession),
            "between-sessions" => Some(Context::BetweenSessions),
            _ => None,
        }
    }
}

impl Instrument {
    pub fn item(&self, id: &str) -> Option<&'static Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The words of a choice answer, as the client saw them.
    pub fn choice_label(&self, item: &str, value: u8) -> Option<&'static str> {
        match self.item(item)?.kind {
            ItemKind::Choice { options } => {
                options.iter().find(|o| o.value == value).map(|o| o.label)
            }
            _ => None,
        }
    }

    /// The band label for a total, if this instrument is banded.
    pub fn band(&self, total: u8) -> Option<&'static str> {
        match self.scoring {
            Scoring::None => None,
            Scoring::Sum { bands, .. } => bands
                .iter()
                .rev()
                .find(|b| total >= b.from)
                .map(|b| b.label),
        }
    }

    /// The highest possible total.
    pub fn max_total(&self) -> Option<u8> {
        match self.scoring {
            Scoring::None => None,
            Scoring::Sum { items, .. } => Some(
                items
                    .iter()
                    .filter_map(|id| self.item(id))
                    .map(|i| i.kind.max_value())
                    .sum(),
            ),
        }
    }
}

impl ItemKind {
    pub fn max_value(&self) -> u8 {
        match self {
            ItemKind::Scale { .. } => 10,
            ItemKind::Choice { options } => options.iter().map(|o| o.value).max().unwrap_or(0),
            ItemKind::Text { .. } => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_has_one_name_as_text_and_in_json() {
        for (context, name) in [
            (Context::InSession, "in-session"),
            (Context::BetweenSessions, "between-sessions"),
        ] {
            assert_eq!(context.as_str(), name);
            assert_eq!(Context::parse(name), Some(context));
            // as_str and serde's kebab-case are written twice: they must not drift apart.
            assert_eq!(
                serde_json::to_string(&context).unwrap(),
                format!("\"{name}\"")
            );
        }
        for unknown in ["", "In-Session", "in session", "between"] {
            assert_eq!(Context::parse(unknown), None, "{unknown:?}");
        }
    }
}
