//! Exports of a therapist's records, built from the same records as the caseload: CSV
//! (`csv.rs`, one row per answered item) and FHIR R4 JSON (`fhir.rs`, a `Bundle` with
//! LOINC codes where the instrument has them, `loinc.rs`). Each is written in three
//! parts: a head from the clients, the responses a page at a time, and a tail; served,
//! the pages come from the store as the download goes (`stream.rs`).

mod csv;
mod fhir;
mod loinc;
mod stream;

pub use stream::{PAGE, Scope, body};

use ajar_core::api::ResponseView;
use ajar_core::caseload::ClientRecord;
use ajar_core::dates::iso_date;
use ajar_core::instrument::Instrument;
use ajar_core::risk::RiskFlag;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Fhir,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Fhir => "application/fhir+json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Fhir => "fhir.json",
        }
    }
}

/// A client as an export names them.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: i64,
    pub label: String,
}

/// The clients an export covers, found by id as their responses come by.
pub struct Clients {
    clients: Vec<Client>,
    index: HashMap<i64, usize>,
}

impl Clients {
    pub fn new(clients: Vec<Client>) -> Self {
        let index = clients.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        Self { clients, index }
    }

    fn get(&self, client: i64) -> Option<&Client> {
        self.index.get(&client).map(|i| &self.clients[*i])
    }
}

/// Writes one export: `head`, then `page` as often as there are pages, then `tail`.
pub struct Writer {
    format: Format,
    /// FHIR: an entry was written, so the next one needs a comma before it.
    wrote_entry: bool,
}

impl Writer {
    pub fn new(format: Format) -> Self {
        Self {
            format,
            wrote_entry: false,
        }
    }

    /// Whether [`Self::page`] reads risk flags (CSV has only a yes/no column).
    pub fn wants_flags(&self) -> bool {
        self.format == Format::Fhir
    }

    pub fn head(
        &mut self,
        clients: &Clients,
        used: &[&'static Instrument],
        now_ms: i64,
    ) -> anyhow::Result<Vec<u8>> {
        match self.format {
            Format::Csv => csv::header(),
            Format::Fhir => {
                let mut out = fhir::open(now_ms).into_bytes();
                for entry in fhir::head_entries(&clients.clients, used) {
                    self.entry(&mut out, &entry)?;
                }
                Ok(out)
            }
        }
    }

    /// Responses in export order, each with its client's id, and the risk flags of
    /// those that are risk answers (each written right after its response).
    pub fn page(
        &mut self,
        clients: &Clients,
        page: &[(i64, ResponseView)],
        flags: &[RiskFlag],
    ) -> anyhow::Result<Vec<u8>> {
        let mine = page
            .iter()
            .filter_map(|(client, r)| Some((clients.get(*client)?, r)));
        match self.format {
            Format::Csv => csv::rows(mine),
            Format::Fhir => {
                let mut out = Vec::new();
                for (client, response) in mine {
                    if let Some(entry) = fhir::response_entry(client, response) {
                        self.entry(&mut out, &entry)?;
                    }
                    for f in flags.iter().filter(|f| f.response_id == response.id) {
                        self.entry(&mut out, &fhir::flag_entry(client, f))?;
                    }
                }
                Ok(out)
            }
        }
    }

    pub fn tail(&self) -> &'static [u8] {
        match self.format {
            Format::Csv => b"",
            Format::Fhir => fhir::CLOSE.as_bytes(),
        }
    }

    fn entry(&mut self, out: &mut Vec<u8>, entry: &serde_json::Value) -> anyhow::Result<()> {
        if std::mem::replace(&mut self.wrote_entry, true) {
            out.push(b',');
        }
        serde_json::to_writer(out, entry)?;
        Ok(())
    }
}

/// A whole export of records already in memory (each with its full history and risk
/// flags), written by the same [`Writer`] as a served one, in the same order.
pub fn in_memory(
    format: Format,
    records: Vec<ClientRecord>,
    now_ms: i64,
) -> anyhow::Result<String> {
    let mut page: Vec<(i64, ResponseView)> = records
        .iter()
        .flat_map(|r| r.history.iter().map(|h| (r.client_id, h.clone())))
        .collect();
    page.sort_by_key(|(client, r)| (*client, r.received_at_ms, r.id.to_string()));
    let mut used: Vec<&'static Instrument> = Vec::new();
    for (_, r) in &page {
        if let Some(i) = ajar_core::instruments::find(&r.instrument, r.version)
            && !used.iter().any(|u| u.id == i.id && u.version == i.version)
        {
            used.push(i);
        }
    }
    used.sort_by_key(|i| (i.id, i.version));
    let flags: Vec<RiskFlag> = records.iter().flat_map(|r| r.risk_flags.clone()).collect();
    let clients = Clients::new(
        records
            .into_iter()
            .map(|r| Client {
                id: r.client_id,
                label: r.label,
            })
            .collect(),
    );
    let mut writer = Writer::new(format);
    let mut out = writer.head(&clients, &used, now_ms)?;
    out.extend(writer.page(&clients, &page, &flags)?);
    out.extend(writer.tail());
    Ok(String::from_utf8(out)?)
}

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
