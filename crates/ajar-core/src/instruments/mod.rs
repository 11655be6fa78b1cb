//! Every instrument Ajar ships. ORS, SRS and WAI items are deliberately absent: their
//! licences forbid it. Ours are in our own words; PHQ-9 and GAD-7 are free to use.

mod between;
mod frequency;
mod gad7;
mod phq9;
mod session;

pub use between::{BETWEEN, WRAP_UP};
pub use gad7::{GAD7, GAD7_V1};
pub use phq9::{PHQ9, RISK_ITEM};
pub use session::{FOCUS_NOT_REALLY, PACE_ABOUT_RIGHT, SESSION, SESSION_V1, rating_item};

use crate::instrument::Instrument;

/// The instruments offered today (the newest version of each), in the order a client's
/// home lists them.
pub const ALL: &[&Instrument] = &[&SESSION, &BETWEEN, &PHQ9, &GAD7];

/// Earlier versions: no longer offered, but their answers are still accepted (a phone
/// may hold one answered before the change) and read, scored and exported as answered.
pub const EARLIER: &[&Instrument] = &[&SESSION_V1, &GAD7_V1];

/// The instrument with this id and version, current or earlier.
pub fn find(id: &str, version: u32) -> Option<&'static Instrument> {
    ALL.iter()
        .chain(EARLIER)
        .copied()
        .find(|i| i.id == id && i.version == version)
}

/// Answers to a summed instrument (PHQ-9, GAD-7) adding up to `total`: items filled 3, 3,
/// … in order, PHQ-9 item 9 too unless `risk_item` fixes it. For demo data and tests.
pub fn answers_totalling(
    instrument: &Instrument,
    total: u8,
    risk_item: Option<u8>,
) -> crate::response::Answers {
    use crate::instrument::Scoring;
    use crate::response::Answer;
    let Scoring::Sum { items, .. } = instrument.scoring else {
        return Default::default();
    };
    let mut left = total.saturating_sub(risk_item.unwrap_or(0));
    items
        .iter()
        .map(|id| {
            let v = if let (true, Some(fixed)) = (*id == RISK_ITEM, risk_item) {
                fixed
            } else {
                let v = left.min(3);
                left -= v;
                v
            };
            ((*id).to_owned(), Answer::Value(v))
        })
        .collect()
}

/// The newest version of the instrument with this id.
pub fn latest(id: &str) -> Option<&'static Instrument> {
    ALL.iter()
        .copied()
        .filter(|i| i.id == id)
        .max_by_key(|i| i.version)
}

#[cfg(test)]
mod tests;
