//! CSV: one row per answered item, in the form's order, with the response's total, band
//! and risk flag on each of its rows.

use super::{Client, spreadsheet_safe, timestamp};
use ajar_core::api::ResponseView;
use ajar_core::instruments;
use ajar_core::response::Answer;

/// The header row.
pub fn header() -> anyhow::Result<Vec<u8>> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS)?;
    Ok(out.into_inner()?)
}

const COLUMNS: [&str; 15] = [
    "client_id",
    "client_label",
    "response_id",
    "instrument",
    "instrument_version",
    "received_at",
    "answered_at",
    "item_id",
    "item_text",
    "value",
    "value_label",
    "text",
    "total",
    "band",
    "risk",
];

/// One row per answered item of each response, each with its client.
pub fn rows<'a>(
    responses: impl Iterator<Item = (&'a Client, &'a ResponseView)>,
) -> anyhow::Result<Vec<u8>> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    for (record, response) in responses {
        {
            let instrument = instruments::find(&response.instrument, response.version);
            // Items in the instrument's own order, so a row reads like the form.
            let mut items: Vec<(&String, &Answer)> = response.answers.iter().collect();
            if let Some(i) = instrument {
                items.sort_by_key(|(id, _)| i.items.iter().position(|it| it.id == id.as_str()));
            }
            for (item_id, answer) in items {
                let item_text = instrument
                    .and_then(|i| i.item(item_id))
                    .map_or("", |it| it.text);
                let (value, label, text) = match answer {
                    Answer::Value(v) => (
                        v.to_string(),
                        instrument
                            .and_then(|i| i.choice_label(item_id, *v))
                            .unwrap_or(""),
                        "",
                    ),
                    Answer::Text(t) => (String::new(), "", t.as_str()),
                };
                out.write_record([
                    record.id.to_string().as_str(),
                    &spreadsheet_safe(&record.label),
                    &response.id.to_string(),
                    &response.instrument,
                    &response.version.to_string(),
                    &timestamp(response.received_at_ms),
                    &timestamp(response.answered_at_ms),
                    item_id,
                    item_text,
                    &value,
                    label,
                    &spreadsheet_safe(text),
                    &response.total.map(|t| t.to_string()).unwrap_or_default(),
                    response.band.as_deref().unwrap_or(""),
                    if response.risk { "yes" } else { "no" },
                ])?;
            }
        }
    }
    Ok(out.into_inner()?)
}
