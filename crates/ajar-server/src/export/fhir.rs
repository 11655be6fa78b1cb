//! FHIR R4: a `collection` Bundle of each instrument version used (`Questionnaire`, with
//! LOINC codes for PHQ-9 and GAD-7), each client (`Patient`, by label only), each response
//! (`QuestionnaireResponse`, with its total as a read-only item) and each risk answer
//! (`Flag`, active until a therapist acknowledged it, right after its response). Every entry's `fullUrl` is a
//! `urn:uuid:`, and every reference points at an entry of the same bundle.
//! `tests/api/run.py` checks the result against an independent FHIR R4 implementation.

use super::{Client, canonical, loinc, timestamp};
use ajar_core::api::ResponseView;
use ajar_core::instrument::{Instrument, ItemKind, Scoring};
use ajar_core::instruments;
use ajar_core::response::Answer;
use ajar_core::risk::RiskFlag;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The linkId of the read-only total item Ajar adds to a summed instrument.
const TOTAL: &str = "total";

/// A stable `urn:uuid:` for something that has no UUID of its own (an instrument version,
/// a client): the same thing gets the same id in every export, so exports can be merged.
fn urn(key: &str) -> String {
    let hash = Sha256::digest(format!("ajar:{key}").as_bytes());
    let mut bytes = [0; 16];
    bytes.copy_from_slice(&hash[..16]);
    format!(
        "urn:uuid:{}",
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    )
}

fn questionnaire_urn(i: &Instrument) -> String {
    urn(&format!("questionnaire:{}:{}", i.id, i.version))
}

fn patient_urn(client: i64) -> String {
    urn(&format!("patient:{client}"))
}

/// The code system of an instrument's own answer options (Ajar's items have no LOINC).
fn answer_system(i: &Instrument) -> String {
    format!("{}/answers", canonical(i))
}

/// The coding of a choice answer: LOINC's answer code for a published item, the
/// instrument's own code system otherwise.
fn answer_coding(i: &Instrument, item: &str, value: u8) -> Value {
    let display = i.choice_label(item, value).unwrap_or("");
    match loinc::of(i.id).and_then(|c| c.answer(item, value)) {
        Some(code) => json!({ "system": loinc::SYSTEM, "code": code, "display": display }),
        None => {
            json!({ "system": answer_system(i), "code": value.to_string(), "display": display })
        }
    }
}

fn code(system: &str, code: &str, display: &str) -> Value {
    json!([{ "system": system, "code": code, "display": display }])
}

fn questionnaire(i: &Instrument) -> Value {
    let codes = loinc::of(i.id);
    let mut items: Vec<Value> = i
        .items
        .iter()
        .map(|item| {
            let mut v = json!({ "linkId": item.id, "text": item.text, "required": item.required });
            if let Some(c) = codes.and_then(|c| c.item(item.id)) {
                v["code"] = code(loinc::SYSTEM, c, item.text);
            }
            match item.kind {
                ItemKind::Scale { low, high } => {
                    v["type"] = json!("integer");
                    v["text"] = json!(format!("{} (0 = {low}, 10 = {high})", item.text));
                }
                ItemKind::Choice { options } => {
                    v["type"] = json!("choice");
                    v["answerOption"] = options
                        .iter()
                        .map(|o| json!({ "valueCoding": answer_coding(i, item.id, o.value) }))
                        .collect();
                }
                ItemKind::Text { max_chars } => {
                    v["type"] = json!("text");
                    v["maxLength"] = json!(max_chars);
                }
            }
            v
        })
        .collect();
    if let Scoring::Sum { .. } = i.scoring {
        let mut total = json!({
            "linkId": TOTAL, "text": format!("{} total score", i.title),
            "type": "integer", "readOnly": true, "required": false,
        });
        if let Some(c) = codes {
            total["code"] = code(loinc::SYSTEM, c.total.0, c.total.1);
        }
        items.push(total);
    }
    let mut q = json!({
        "resourceType": "Questionnaire",
        "url": canonical(i),
        "version": i.version.to_string(),
        "name": i.id.replace('-', "_"),
        "title": i.title,
        "status": "active",
        "language": i.language,
        "copyright": i.licence,
        "description": i.intro,
        "subjectType": ["Patient"],
        "item": items,
    });
    if let Some(c) = codes {
        q["code"] = code(loinc::SYSTEM, c.panel.0, c.panel.1);
    }
    q
}

fn questionnaire_response(record: &Client, r: &ResponseView) -> Option<Value> {
    let i = instruments::find(&r.instrument, r.version)?;
    let codes = loinc::of(i.id);
    let mut items: Vec<Value> = i
        .items
        .iter()
        .filter_map(|item| {
            let answer = match (item.kind, r.answers.get(item.id)?) {
                (ItemKind::Choice { .. }, Answer::Value(v)) => {
                    json!({ "valueCoding": answer_coding(i, item.id, *v) })
                }
                (_, Answer::Value(v)) => json!({ "valueInteger": v }),
                (_, Answer::Text(t)) => json!({ "valueString": t }),
            };
            let mut v = json!({ "linkId": item.id, "text": item.text, "answer": [answer] });
            if let Some(c) = codes.and_then(|c| c.item(item.id)) {
                v["definition"] = json!(format!("{}#{c}", loinc::SYSTEM));
            }
            Some(v)
        })
        .collect();
    if let Some(total) = r.total {
        items.push(json!({
            "linkId": TOTAL,
            "text": format!("{} total score", i.title),
            "answer": [{ "valueInteger": total }],
        }));
    }
    Some(json!({
        "resourceType": "QuestionnaireResponse",
        "id": r.id.to_string(),
        "questionnaire": format!("{}|{}", canonical(i), i.version),
        "status": "completed",
        "subject": { "reference": patient_urn(record.id), "display": record.label },
        // When the client finished it, not when it reached the server.
        "authored": timestamp(r.answered_at_ms),
        "item": items,
    }))
}

/// A risk answer as a FHIR `Flag`: active until acknowledged, then inactive with the
/// acknowledgement's time as the end of its period.
fn flag(record: &Client, f: &RiskFlag) -> Value {
    let words: Vec<String> = f
        .answers
        .iter()
        .map(|a| format!("{}: \"{}\" to \"{}\"", f.title, a.answer, a.question))
        .collect();
    let mut period = json!({ "start": timestamp(f.answered_at_ms) });
    if let Some(a) = &f.acknowledged {
        period["end"] = json!(timestamp(a.at_ms));
    }
    json!({
        "resourceType": "Flag",
        "status": if f.is_open() { "active" } else { "inactive" },
        "category": [{ "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/flag-category",
            "code": "clinical", "display": "Clinical",
        }]}],
        "code": { "text": format!("Risk answer: {}", words.join("; ")) },
        "subject": { "reference": patient_urn(record.id), "display": record.label },
        "period": period,
    })
}

/// The bundle's opening, up to and including `"entry":[`.
pub fn open(now_ms: i64) -> String {
    format!(
        r#"{{"resourceType":"Bundle","type":"collection","timestamp":"{}","entry":["#,
        timestamp(now_ms)
    )
}

/// What the bundle needs before any response: each instrument version answered and
/// each client.
pub fn head_entries(clients: &[Client], used: &[&'static Instrument]) -> Vec<Value> {
    let mut entries: Vec<Value> = used
        .iter()
        .map(|i| json!({ "fullUrl": questionnaire_urn(i), "resource": questionnaire(i) }))
        .collect();
    for client in clients {
        entries.push(json!({
            "fullUrl": patient_urn(client.id),
            "resource": {
                "resourceType": "Patient",
                "id": format!("client-{}", client.id),
                // A label or pseudonym chosen by the therapist, never required to be a name.
                "name": [{ "text": client.label }],
            }
        }));
    }
    entries
}

/// A risk answer's flag entry (open or acknowledged).
pub fn flag_entry(client: &Client, f: &RiskFlag) -> Value {
    json!({ "fullUrl": urn(&format!("flag:{}", f.response_id)), "resource": flag(client, f) })
}

/// One response's entry; `None` for an instrument version this server does not know.
pub fn response_entry(record: &Client, response: &ResponseView) -> Option<Value> {
    let resource = questionnaire_response(record, response)?;
    Some(json!({ "fullUrl": format!("urn:uuid:{}", response.id), "resource": resource }))
}

/// The bundle's closing.
pub const CLOSE: &str = "]}";
