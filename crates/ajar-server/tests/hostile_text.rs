//! The server's decoders and writers fed hostile text (proptest): a link token of any
//! shape never panics and only the well-formed kind is taken; a client's label and note,
//! whatever characters they hold, come out of the CSV export as exactly one cell each,
//! read back unchanged but for a leading `'` on what a spreadsheet would run as a
//! formula, and out of the FHIR export as valid JSON holding them unchanged.

use ajar_core::CheckInId;
use ajar_core::api::ResponseView;
use ajar_core::caseload::ClientRecord;
use ajar_core::plan::Plan;
use ajar_core::response::{Answer, Answers};
use ajar_server::auth::Token;
use ajar_server::export::{self, Format};
use proptest::prelude::*;

fn record(label: &str, note: &str) -> ClientRecord {
    let mut answers = Answers::new();
    for (item, v) in [
        ("heard", 5),
        ("goals", 6),
        ("approach", 7),
        ("overall", 8),
        ("pace", 1),
    ] {
        answers.insert(item.to_owned(), Answer::Value(v));
    }
    answers.insert("note".to_owned(), Answer::Text(note.to_owned()));
    ClientRecord {
        client_id: 7,
        added_at_ms: 0,
        label: label.to_owned(),
        ended: None,
        episodes: vec![],
        history: vec![ResponseView {
            id: CheckInId::from_random_bytes([9; 16]),
            instrument: "ajar-session".into(),
            version: 1,
            answers,
            total: Some(26),
            band: None,
            risk: false,
            received_at_ms: 1_790_000_000_000,
            answered_at_ms: 1_790_000_000_000,
        }],
        risk_flags: vec![],
        unloaded_open_risks: 0,
        response_count: 1,
        open_requests: Vec::new(),
        plan: Plan::usual(),
        archived_at_ms: None,
    }
}

/// Stored answers are sorted by id (approach, goals, heard, …); the export puts them
/// back in the order the client answered them.
#[test]
fn a_response_reads_in_the_order_of_its_form() {
    let text = export::in_memory(Format::Csv, vec![record("A", "ok")], 0).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let item = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "item_id")
        .unwrap();
    let items: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[item].to_owned())
        .collect();
    assert_eq!(
        items,
        ["heard", "goals", "approach", "overall", "pace", "note"]
    );
}

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "[\",\r\n;=+@\t-]{0,12}",
        Just("=HYPERLINK(\"http://x\",\"y\")".to_owned()),
        Just("a\"b\r\nc,d\u{0}\u{2028}".to_owned()),
    ]
}

proptest! {
    #[test]
    fn tokens_of_any_shape_are_parsed_without_panic(text in "\\PC{0,80}") {
        let parsed = Token::parse(&text);
        let well_formed = text.len() == 43
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        prop_assert_eq!(parsed.is_some(), well_formed);
    }

    #[test]
    fn a_label_and_a_note_are_one_csv_cell_each(label in hostile(), note in hostile()) {
        let text = export::in_memory(Format::Csv, vec![record(&label, &note)], 0).unwrap();
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        prop_assert_eq!(rows.len(), 6, "one row per answer");
        let (label_out, note_out) = (as_exported(&label), as_exported(&note));
        for row in &rows {
            prop_assert_eq!(row.len(), headers.len(), "no cell split or added");
            prop_assert_eq!(&row[1], label_out.as_str());
        }
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (item, text) = (column("item_id"), column("text"));
        let notes: Vec<&str> = rows.iter().filter(|r| &r[item] == "note").map(|r| &r[text]).collect();
        prop_assert_eq!(notes, vec![note_out.as_str()]);
        for row in &rows {
            for cell in row.iter() {
                prop_assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a cell a spreadsheet would run: {:?}", cell
                );
            }
        }
    }

    #[test]
    fn fhir_holds_hostile_text_unchanged(label in hostile(), note in hostile()) {
        let text =
            export::in_memory(Format::Fhir, vec![record(&label, &note)], 1_790_000_000_000).unwrap();
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        let found = text_values(&back);
        prop_assert!(found.iter().any(|t| t == &note), "the note is in the bundle as written");
    }
}

/// OWASP's CSV-injection rule, written out again independently of the exporter.
fn as_exported(typed: &str) -> String {
    match typed.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{typed}"),
        _ => typed.to_owned(),
    }
}

fn text_values(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(a) => a.iter().flat_map(text_values).collect(),
        serde_json::Value::Object(o) => o.values().flat_map(text_values).collect(),
        _ => Vec::new(),
    }
}
