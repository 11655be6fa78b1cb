//! The session check-in: our own words, answered after a session.
//!
//! Version 2 is shaped as Ajar's own: one rating (feeling understood), whether the time
//! went on what matters to the client, the pace, and one thing to change, each read on
//! its own and never summed. Version 1 (four 0–10 items summed to 40) had the shape of a
//! licensed alliance scale; it is no longer offered, and its answers stay readable.

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

/// "How was the pace today?", the same in both versions.
const PACE: Item = Item {
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
};

pub const SESSION: Instrument = Instrument {
    version: 2,
    intro: "A few quick questions about today's session. Honest answers help most: your therapist wants to know what isn't working.",
    items: &[
        scale("understood", "How understood did you feel today?"),
        Item {
            id: "focus",
            text: "Did today's time go on what matters most to you right now?",
            kind: ItemKind::Choice {
                options: &[
                    Choice {
                        value: 0,
                        label: "Yes",
                    },
                    Choice {
                        value: 1,
                        label: "Partly",
                    },
                    Choice {
                        value: 2,
                        label: "Not really",
                    },
                ],
            },
            required: true,
        },
        PACE,
        Item {
            id: "change",
            text: "One thing you would change for next time (optional)",
            kind: ItemKind::Text { max_chars: 1000 },
            required: false,
        },
        Item {
            id: "note",
            text: "Anything else you'd like me to know?",
            kind: ItemKind::Text { max_chars: 4000 },
            required: false,
        },
    ],
    scoring: Scoring::None,
    ..SESSION_V1
};

/// The value of "Not really" for `focus` (version 2).
pub const FOCUS_NOT_REALLY: u8 = 2;

/// The one 0–10 rating each version's trend line and figures follow: version 2's
/// "understood", version 1's "overall".
pub fn rating_item(version: u32) -> &'static str {
    if version == 1 {
        "overall"
    } else {
        "understood"
    }
}

/// Version 1, no longer offered: its answers stay readable and charted.
pub const SESSION_V1: Instrument = Instrument {
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
        PACE,
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
