//! Exports of a therapist's records, built from the same records as the caseload: CSV
//! (`csv.rs`, one row per answered item) and FHIR R4 JSON (`fhir.rs`, a `Bundle` with
//! LOINC codes where the instrument has them, `loinc.rs`).

mod csv;
mod fhir;
mod loinc;

pub use csv::csv;
pub use fhir::fhir_bundle;

use ajar_core::dates::iso_date;
use ajar_core::instrument::Instrument;

/// The canonical URL of an instrument's Questionnaire (a URN: Ajar has no public host).
pub fn canonical(instrument: &Instrument) -> String {
    format!("urn:ajar:questionnaire:{}", instrument.id)
}

/// RFC 3339 UTC timestamp with milliseconds, as FHIR's `dateTime` and `instant` want.
pub(crate) fn timestamp(ms: i64) -> String {
    let secs = ms.rem_euclid(86_400_000) / 1000;
    format!(
        "{}T{:02}:{:02}:{:02}.{:03}Z",
        iso_date(ms),
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        ms.rem_euclid(1000)
    )
}

/// A cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return) gets a leading `'`, as OWASP's CSV-injection guidance says: a
/// client's note or a label must never become a live formula on the therapist's
/// computer. Only text people typed goes through here; our own cells are never formulas.
pub(crate) fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_never_becomes_a_formula() {
        for (typed, exported) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("fine = ok", "fine = ok"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_safe(typed), exported, "{typed:?}");
        }
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(timestamp(1_794_573_296_789), "2026-11-13T12:34:56.789Z");
    }
}
