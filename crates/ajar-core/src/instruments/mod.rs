//! Every instrument Ajar ships. ORS, SRS and WAI items are deliberately absent: their
//! licences forbid it. Ours are in our own words; PHQ-9 and GAD-7 are free to use.

mod between;
mod frequency;
mod gad7;
mod phq9;
mod session;

pub use between::{BETWEEN, WRAP_UP};
pub use gad7::GAD7;
pub use phq9::{PHQ9, RISK_ITEM};
pub use session::{PACE_ABOUT_RIGHT, SESSION};

use crate::instrument::Instrument;

/// All instruments, in the order a client's home lists them.
pub const ALL: &[&Instrument] = &[&SESSION, &BETWEEN, &PHQ9, &GAD7];

/// The instrument with this id and version.
pub fn find(id: &str, version: u32) -> Option<&'static Instrument> {
    ALL.iter()
        .copied()
        .find(|i| i.id == id && i.version == version)
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
