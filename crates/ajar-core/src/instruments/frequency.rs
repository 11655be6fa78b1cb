//! The response options PHQ-9 and GAD-7 share: frequency, scored 0–3 as published, and
//! the difficulty question's.

use crate::instrument::{Choice, ItemKind};

pub const FREQUENCY: ItemKind = ItemKind::Choice {
    options: &[
        Choice {
            value: 0,
            label: "Not at all",
        },
        Choice {
            value: 1,
            label: "Several days",
        },
        Choice {
            value: 2,
            label: "More than half the days",
        },
        Choice {
            value: 3,
            label: "Nearly every day",
        },
    ],
};

/// The published forms' closing question on impact, shared by PHQ-9 and GAD-7; not scored.
pub const DIFFICULTY: ItemKind = ItemKind::Choice {
    options: &[
        Choice {
            value: 0,
            label: "Not difficult at all",
        },
        Choice {
            value: 1,
            label: "Somewhat difficult",
        },
        Choice {
            value: 2,
            label: "Very difficult",
        },
        Choice {
            value: 3,
            label: "Extremely difficult",
        },
    ],
};

pub const PFIZER_LICENCE: &str = "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.";
