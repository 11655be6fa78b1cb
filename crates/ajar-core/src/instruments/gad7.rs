//! GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006), wording, scoring and bands as published.

use super::frequency::{FREQUENCY, PFIZER_LICENCE};
use crate::instrument::{Band, Context, Instrument, Item, Scoring};

const fn item(id: &'static str, text: &'static str) -> Item {
    Item {
        id,
        text,
        kind: FREQUENCY,
        required: true,
    }
}

pub const GAD7: Instrument = Instrument {
    id: "gad-7",
    version: 1,
    language: "en",
    title: "GAD-7",
    intro: "Over the last 2 weeks, how often have you been bothered by the following problems?",
    licence: PFIZER_LICENCE,
    context: Context::BetweenSessions,
    every_days: Some(14),
    items: &[
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
    ],
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
