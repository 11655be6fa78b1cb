//! The between-session check-in: our own words, answered about once a week.

use crate::instrument::{Choice, Context, Instrument, Item, ItemKind, Scoring};

pub const BETWEEN: Instrument = Instrument {
    id: "ajar-between",
    version: 1,
    language: "en",
    title: "Weekly check-in",
    intro: "How things are going since we last met, and what you'd like next.",
    licence: "Ajar's own items. Free to use.",
    context: Context::BetweenSessions,
    every_days: Some(7),
    items: &[
        Item {
            id: "since",
            text: "How have things been since the last session?",
            kind: ItemKind::Scale {
                low: "Very hard",
                high: "Very good",
            },
            required: true,
        },
        Item {
            id: "helping",
            text: "Is therapy helping with what you came for?",
            kind: ItemKind::Choice {
                options: &[
                    Choice {
                        value: 0,
                        label: "Yes",
                    },
                    Choice {
                        value: 1,
                        label: "Somewhat",
                    },
                    Choice {
                        value: 2,
                        label: "Not really",
                    },
                    Choice {
                        value: 3,
                        label: "Not sure",
                    },
                ],
            },
            required: true,
        },
        Item {
            id: "agenda",
            text: "Something I want to bring next time",
            kind: ItemKind::Text { max_chars: 4000 },
            required: false,
        },
        Item {
            id: "next",
            text: "How would you like to go on?",
            kind: ItemKind::Choice {
                options: &[
                    Choice {
                        value: 0,
                        label: "Keep going as we are",
                    },
                    Choice {
                        value: 1,
                        label: "Talk about how therapy is going",
                    },
                    Choice {
                        value: 2,
                        label: "Think about wrapping up",
                    },
                ],
            },
            required: true,
        },
    ],
    scoring: Scoring::None,
    risk_items: &[],
};

/// The answer that leads to the ending flow: (item, value) of "Think about wrapping up".
pub const WRAP_UP: (&str, u8) = ("next", 2);
