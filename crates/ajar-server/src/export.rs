//! Exports of a therapist's records: CSV (one row per answered item, with instrument id
//! and version) and FHIR R4 JSON (instruments as `Questionnaire`, answers as
//! `QuestionnaireResponse`, in a `Bundle`). Built from the same records as the caseload.

use ajar_core::api::ResponseView;
use ajar_core::caseload::ClientRecord;
use ajar_core::dates::iso_date;
use ajar_core::instrument::{Instrument, ItemKind};
use ajar_core::instruments;
use ajar_core::response::Answer;
use serde_json::{Value, json};

/// The canonical URL of an instrument's Questionnaire (a URN: Ajar has no public host).
pub fn canonical(instrument: &Instrument) -> String {
    format!("urn:ajar:questionnaire:{}", instrument.id)
}

/// RFC 3339 UTC timestamp with milliseconds, as FHIR's `dateTime` and `instant` want.
fn timestamp(ms: i64) -> String {
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
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

pub fn csv(records: &[ClientRecord]) -> anyhow::Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "client_id",
        "client_label",
        "response_id",
        "instrument",
        "instrument_version",
        "received_at",
        "item_id",
        "item_text",
        "value",
        "value_label",
        "text",
    ])?;
    for record in records {
        for response in &record.history {
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
                    record.client_id.to_string().as_str(),
                    &spreadsheet_safe(&record.label),
                    &response.id.to_string(),
                    &response.instrument,
                    &response.version.to_string(),
                    &timestamp(response.received_at_ms),
                    item_id,
                    item_text,
                    &value,
                    label,
                    &spreadsheet_safe(text),
                ])?;
            }
        }
    }
    Ok(String::from_utf8(out.into_inner()?)?)
}

fn questionnaire(instrument: &Instrument) -> Value {
    let items: Vec<Value> = instrument
        .items
        .iter()
        .map(|item| {
            let mut v = json!({
                "linkId": item.id,
                "text": item.text,
                "required": item.required,
            });
            match item.kind {
                ItemKind::Scale { low, high } => {
                    v["type"] = json!("integer");
                    v["text"] = json!(format!("{} (0 = {low}, 10 = {high})", item.text));
                }
                ItemKind::Choice { options } => {
                    v["type"] = json!("choice");
                    v["answerOption"] = options
                        .iter()
                        .map(|o| json!({ "valueCoding": { "code": o.value.to_string(), "display": o.label } }))
                        .collect();
                }
                ItemKind::Text { .. } => v["type"] = json!("text"),
            }
            v
        })
        .collect();
    json!({
        "resourceType": "Questionnaire",
        "id": format!("{}-v{}", instrument.id, instrument.version),
        "url": canonical(instrument),
        "version": instrument.version.to_string(),
        "name": instrument.id.replace('-', "_"),
        "title": instrument.title,
        "status": "active",
        "language": instrument.language,
        "copyright": instrument.licence,
        "description": instrument.intro,
        "item": items,
    })
}

fn questionnaire_response(record: &ClientRecord, response: &ResponseView) -> Option<Value> {
    let instrument = instruments::find(&response.instrument, response.version)?;
    let items: Vec<Value> = instrument
        .items
        .iter()
        .filter_map(|item| {
            let answer = match (item.kind, response.answers.get(item.id)?) {
                (ItemKind::Choice { .. }, Answer::Value(v)) => json!({ "valueCoding": {
                    "code": v.to_string(),
                    "display": instrument.choice_label(item.id, *v).unwrap_or(""),
                }}),
                (_, Answer::Value(v)) => json!({ "valueInteger": v }),
                (_, Answer::Text(t)) => json!({ "valueString": t }),
            };
            Some(json!({ "linkId": item.id, "text": item.text, "answer": [answer] }))
        })
        .collect();
    Some(json!({
        "resourceType": "QuestionnaireResponse",
        "id": response.id.to_string(),
        "questionnaire": format!("{}|{}", canonical(instrument), instrument.version),
        "status": "completed",
        "subject": { "reference": format!("Patient/client-{}", record.client_id), "display": record.label },
        "authored": timestamp(response.received_at_ms),
        "item": items,
    }))
}

pub fn fhir_bundle(records: &[ClientRecord], now_ms: i64) -> Value {
    let mut entries: Vec<Value> = Vec::new();
    let used: Vec<&Instrument> = instruments::ALL
        .iter()
        .copied()
        .filter(|i| {
            records
                .iter()
                .any(|r| r.history.iter().any(|h| h.instrument == i.id))
        })
        .collect();
    for instrument in used {
        entries.push(
            json!({ "fullUrl": canonical(instrument), "resource": questionnaire(instrument) }),
        );
    }
    for record in records {
        entries.push(json!({
            "fullUrl": format!("urn:ajar:patient:client-{}", record.client_id),
            "resource": {
                "resourceType": "Patient",
                "id": format!("client-{}", record.client_id),
                // A label or pseudonym chosen by the therapist, never required to be a name.
                "name": [{ "text": record.label }],
            }
        }));
        for response in &record.history {
            if let Some(resource) = questionnaire_response(record, response) {
                entries.push(
                    json!({ "fullUrl": format!("urn:uuid:{}", response.id), "resource": resource }),
                );
            }
        }
    }
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timestamp(now_ms),
        "entry": entries,
    })
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
