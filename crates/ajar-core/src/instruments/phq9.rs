//! PHQ-9 (Kroenke, Spitzer & Williams 2001), wording, scoring and bands as published.

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

/// Item 9. Any answer above 0 shows the crisis text at once and flags the response.
pub const RISK_ITEM: &str = "phq9-9";

pub const PHQ9: Instrument = Instrument {
    id: "phq-9",
    version: 1,
    language: "en",
    title: "PHQ-9",
    intro: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    licence: PFIZER_LICENCE,
    context: Context::BetweenSessions,
    every_days: Some(14),
    items: &[
        item("phq9-1", "Little interest or pleasure in doing things"),
        item("phq9-2", "Feeling down, depressed, or hopeless"),
        item(
            "phq9-3",
            "Trouble falling or staying asleep, or sleeping too much",
        ),
        item("phq9-4", "Feeling tired or having little energy"),
        item("phq9-5", "Poor appetite or overeating"),
        item(
            "phq9-6",
            "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
        ),
        item(
            "phq9-7",
            "Trouble concentrating on things, such as reading the newspaper or watching television",
        ),
        item(
            "phq9-8",
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
        ),
        item(
            RISK_ITEM,
            "Thoughts that you would be better off dead or of hurting yourself in some way",
        ),
        // Not scored: it describes impact, not severity.
        Item {
            id: "phq9-difficulty",
            text: "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?",
            kind: DIFFICULTY,
            required: false,
        },
    ],
    scoring: Scoring::Sum {
        items: &[
            "phq9-1", "phq9-2", "phq9-3", "phq9-4", "phq9-5", "phq9-6", "phq9-7", "phq9-8",
            "phq9-9",
        ],
        bands: &[
            Band {
                from: 0,
                label: "None–minimal",
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
                label: "Moderately severe",
            },
            Band {
                from: 20,
                label: "Severe",
            },
        ],
    },
    risk_items: &[RISK_ITEM],
};
