//! LOINC codes for the published instruments, so a clinical system reading the FHIR
//! export knows the PHQ-9 and GAD-7 by their standard codes. Kept here, beside the one
//! writer that uses them, rather than in the instrument definitions the phone downloads.

/// The LOINC system URI.
pub const SYSTEM: &str = "http://loinc.org";

pub struct Codes {
    pub panel: (&'static str, &'static str),
    pub total: (&'static str, &'static str),
    /// (item id, LOINC code, its answers' LOINC codes by the value scored)
    pub items: &'static [(&'static str, &'static str, &'static [&'static str])],
}

/// LOINC answer list LL358-3 (PHQ-9 and GAD-7 frequency), by the value scored.
const FREQUENCY: &[&str] = &["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];

/// LOINC's answers to the difficulty question (not difficult at all … extremely).
const DIFFICULTY: &[&str] = &["LA6572-7", "LA6573-5", "LA6575-0", "LA6574-3"];

const PHQ9: Codes = Codes {
    panel: ("44249-1", "PHQ-9 quick depression assessment panel"),
    total: (
        "44261-6",
        "Patient Health Questionnaire 9 item (PHQ-9) total score",
    ),
    items: &[
        ("phq9-1", "44250-9", FREQUENCY),
        ("phq9-2", "44255-8", FREQUENCY),
        ("phq9-3", "44259-0", FREQUENCY),
        ("phq9-4", "44254-1", FREQUENCY),
        ("phq9-5", "44251-7", FREQUENCY),
        ("phq9-6", "44258-2", FREQUENCY),
        ("phq9-7", "44252-5", FREQUENCY),
        ("phq9-8", "44253-3", FREQUENCY),
        ("phq9-9", "44260-8", FREQUENCY),
        ("phq9-difficulty", "69722-7", DIFFICULTY),
    ],
};

const GAD7: Codes = Codes {
    panel: ("69737-5", "Generalized anxiety disorder 7 item (GAD-7)"),
    total: (
        "70274-6",
        "Generalized anxiety disorder 7 item (GAD-7) total score",
    ),
    items: &[
        ("gad7-1", "69725-0", FREQUENCY),
        ("gad7-2", "68509-9", FREQUENCY),
        ("gad7-3", "69733-4", FREQUENCY),
        ("gad7-4", "69734-2", FREQUENCY),
        ("gad7-5", "69735-9", FREQUENCY),
        ("gad7-6", "69689-8", FREQUENCY),
        ("gad7-7", "69736-7", FREQUENCY),
    ],
};

/// The codes of a published instrument; `None` for Ajar's own check-ins.
pub fn of(instrument: &str) -> Option<&'static Codes> {
    match instrument {
        "phq-9" => Some(&PHQ9),
        "gad-7" => Some(&GAD7),
        _ => None,
    }
}

impl Codes {
    pub fn item(&self, id: &str) -> Option<&'static str> {
        self.items
            .iter()
            .find(|(i, ..)| *i == id)
            .map(|(_, c, _)| *c)
    }

    /// The LOINC code of the answer `value` to item `id`.
    pub fn answer(&self, id: &str, value: u8) -> Option<&'static str> {
        let (_, _, answers) = self.items.iter().find(|(i, ..)| *i == id)?;
        answers.get(usize::from(value)).copied()
    }
}
