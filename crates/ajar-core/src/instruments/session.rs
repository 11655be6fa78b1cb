//! The session check-in: our own words, answered after a session.

use crate::instrument::{Choice, Context, Instrument, Item, ItemKind, Scoring};

const NOT_AT_ALL: &str = "Not at all";
const COMPLETELY: &str = "Completely";

const fn scale(id: &'static str, text: &'static str) -> Item {
    Item {
        id,
        text,
        kind: ItemKind::Scale {
            low: NOT_AT_ALL,
            high: COMPLETELY,
        },
        required: true,
    }
}

pub const SESSION: Instrument = Instrument {
    id: "ajar-session",
    version: 1,
    language: "en",
    title: "Session check-in",
    intro: "A few quick questions about today's session. Honest answers help most; your therapist wants to know what isn't working.",
    licence: "Ajar's own items. Free to use.",
    context: Context::InSession,
    every_days: None,
    items: &[
        scale("heard", "I felt heard and understood."),
        scale("goals", "We worked on what I wanted to work on."),
        scale("approach", "The way we worked suited me."),
        scale("overall", "Overall, today was right for me."),
        Item {
            id: "pace",
            text: "How was the pace today?",
            kind: ItemKind::Choice {
                options: &[
                    Choice {
                        value: 0,
                        label: "Too slow",
                    },
                    Choice {
                        value: 1,
                        label: "About right",
                    },
                    Choice {
                        value: 2,
                        label: "Too fast (too much, too soon)",
                    },
                ],
            },
            required: true,
        },
        Item {
            id: "note",
            text: "Anything you'd like me to know?",
            kind: ItemKind::Text { max_chars: 4000 },
            required: false,
        },
    ],
    scoring: Scoring::Sum {
        items: &["heard", "goals", "approach", "overall"],
        bands: &[],
    },
    risk_items: &[],
};

/// The value of "About right" for `pace`.
pub const PACE_ABOUT_RIGHT: u8 = 1;
