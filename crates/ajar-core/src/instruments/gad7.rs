//! GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006), wording, scoring and bands as published.

use super::frequency::{DIFFICULTY, FREQUENCY, PFIZER_LICENCE};
use crate::instrument::{Band, Context, Instrument, Item, Scoring};

const fn item(id: &'static str, text: &'static str) -> Item {
    Item {
        id,
        text,
        kind: FREQUENCY,
        required: true,
    }
}

/// The seven scored items and, last, the published form's question on how difficult the
/// problems have made things (not scored: it describes impact, not severity).
const ITEMS: &[Item] = &[
    item("gad7-1", "Feeling nervous, anxious or on edge"),
    item("gad7-2", "Not being able to stop or control worrying"),
    item("gad7-3", "Worrying too much about different things"),
    item("gad7-4", "Trouble relaxing"),
    item("gad7-5", "Being so restless that it is hard to sit still"),
    item("gad7-6", "Becoming easily annoyed or irritable"),
    item(
        "gad7-7",
        "Feeling afraid as if something awful might happen",
    ),
    Item {
        id: "gad7-difficulty",
        text: "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?",
        kind: DIFFICULTY,
        required: false,
    },
];

/// Version 2 adds the difficulty question; its seven items and scoring are version 1's.
pub const GAD7: Instrument = Instrument {
    version: 2,
    items: ITEMS,
    ..GAD7_V1
};

/// Version 1: the seven scored items only. Its answers stay readable and scored.
pub const GAD7_V1: Instrument = Instrument {
    id: "gad-7",
    version: 1,
    language: "en",
    title: "GAD-7",
    intro: "Over the last 2 weeks, how often have you been bothered by the following problems?",
    licence: PFIZER_LICENCE,
    context: Context::BetweenSessions,
    every_days: Some(14),
    items: ITEMS.split_at(7).0,
    scoring: Scoring::Sum {
        items: &[
            "gad7-1", "gad7-2", "gad7-3", "gad7-4", "gad7-5", "gad7-6", "gad7-7",
        ],
        bands: &[
            Band {
                from: 0,
                label: "Minimal",
            },
            Band {
                from: 5,
                label: "Mild",
            },
            Band {
                from: 10,
                label: "Moderate",
            },
            Band {
                from: 15,
                label: "Severe",
            },
        ],
    },
    risk_items: &[],
};
