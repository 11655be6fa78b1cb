//! Every decoder of untrusted JSON the phone and the server share, fed hostile input:
//! valid documents with a field replaced, dropped or added, and raw text. No decoder
//! panics, and serde (the server) and miniserde (the phone) agree on every input: both
//! accept it and read the same value, or both refuse it. A disagreement would mean an
//! answer the phone keeps that the server refuses, or the other way round.
//!
//! `PROPTEST_CASES` sets the number of cases (`cargo xtask torture` raises it).
#![cfg(not(target_arch = "wasm32"))]

use ajar_core::api::{ClientHome, NewResponse, Receipt};
use ajar_core::draft::Draft;
use ajar_core::ending::NewRequest;
use ajar_core::outbox::Outbox;
use ajar_core::plan::Planned;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::fmt::Debug;

/// Both libraries read `text` to the same outcome. One leniency of serde's is allowed,
/// and only that one: its derived structs also accept a JSON array of the fields in
/// order (serde's documented behaviour, which no attribute turns off). So: whatever
/// miniserde accepts, serde accepts as the same value; whatever serde accepts,
/// miniserde accepts too once it is written the way the app writes it (objects), and
/// reads the same value. Nothing either side keeps is read differently by the other.
fn agree<T>(text: &str) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + miniserde::Deserialize + PartialEq + Debug,
{
    let by_serde = serde_json::from_str::<T>(text).ok();
    let by_mini = miniserde::json::from_str::<T>(text).ok();
    if let Some(m) = &by_mini {
        prop_assert_eq!(
            by_serde.as_ref(),
            Some(m),
            "miniserde reads {} differently",
            text
        );
    }
    if let Some(s) = &by_serde {
        let canonical = serde_json::to_string(s).unwrap();
        let again = miniserde::json::from_str::<T>(&canonical).ok();
        prop_assert_eq!(
            again.as_ref(),
            Some(s),
            "miniserde refuses {} (from {})",
            canonical,
            text
        );
        let literal = serde_json::from_str::<Value>(text).ok();
        let written = serde_json::from_str::<Value>(&canonical).ok();
        if literal == written {
            prop_assert_eq!(by_mini.as_ref(), Some(s), "serde alone reads {}", text);
        }
    }
    Ok(())
}

/// JSON values of every kind, nested a little, with hostile strings.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (0u64..300).prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        hostile_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(hostile_text(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_-]{0,12}",
        "\\PC{0,16}",
        Just("=HYPERLINK(\"http://x\")".to_owned()),
        Just("\u{0}\u{1f}\"\\\u{2028}\u{1F331}".to_owned()),
        Just("6f1c1b38-1f05-4b5e-9d3c-6c0ad1c1a0b2".to_owned()),
    ]
}

/// A valid document of each shape, to be mutated.
fn valid() -> Vec<(&'static str, Value)> {
    let id = "6f1c1b38-1f05-4b5e-9d3c-6c0ad1c1a0b2";
    let response = json!({"id": id, "instrument": "phq-9", "version": 1,
        "answers": {"phq9-1": 2, "note": "fine"}});
    let request = json!({"id": id, "wish": "break", "reasons": ["cost"], "message": "m",
        "preferred_times": "", "check_back_on": "2026-12-01"});
    vec![
        ("response", response.clone()),
        ("request", request.clone()),
        (
            "receipt",
            json!({"id": id, "instrument": "phq-9", "version": 1, "received_at_ms": 5}),
        ),
        (
            "plan",
            json!([{"instrument": "phq-9", "every_days": 14}, {"instrument": "ajar-session"}]),
        ),
        (
            "outbox",
            json!({"items": [{"kind": "response", "body": response},
                              {"kind": "request", "body": request}]}),
        ),
    ]
}

/// One change somewhere in `v`: a value replaced, a key dropped or one added.
fn mutate(v: &mut Value, path: &[usize], replacement: Value, key: String) {
    match v {
        Value::Object(map) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let k = &keys[path.first().copied().unwrap_or(0) % keys.len()];
            match path.len() {
                0 | 1 => match path.first().copied().unwrap_or(0) % 3 {
                    0 => {
                        map.insert(k.clone(), replacement);
                    }
                    1 => {
                        map.remove(k);
                    }
                    _ => {
                        map.insert(key, replacement);
                    }
                },
                _ => mutate(map.get_mut(k).unwrap(), &path[1..], replacement, key),
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = path.first().copied().unwrap_or(0) % items.len();
            if path.len() <= 1 {
                items[i] = replacement;
            } else {
                mutate(&mut items[i], &path[1..], replacement, key);
            }
        }
        other => *other = replacement,
    }
}

fn check_all(text: &str) -> Result<(), TestCaseError> {
    agree::<NewResponse>(text)?;
    agree::<NewRequest>(text)?;
    agree::<Receipt>(text)?;
    agree::<Vec<Planned>>(text)?;
    agree::<Outbox>(text)?;
    agree::<Draft>(text)?;
    agree::<ClientHome>(text)?;
    Ok(())
}

proptest! {
    #[test]
    fn valid_documents_with_one_change(
        which in 0usize..5,
        path in prop::collection::vec(0usize..8, 0..4),
        replacement in any_json(),
        key in hostile_text(),
    ) {
        let (_, mut doc) = valid().swap_remove(which);
        mutate(&mut doc, &path, replacement, key);
        check_all(&doc.to_string())?;
    }

    #[test]
    fn any_json_at_all(doc in any_json()) {
        check_all(&doc.to_string())?;
    }

    #[test]
    fn raw_text(text in "\\PC{0,64}") {
        check_all(&text)?;
    }
}

/// The mutations start from documents both libraries accept, so agreement is not just
/// two refusals.
#[test]
fn the_unchanged_documents_are_read_by_both() {
    fn both<T>(v: &Value)
    where
        T: serde::de::DeserializeOwned + miniserde::Deserialize + PartialEq + Debug,
    {
        let text = v.to_string();
        let s = serde_json::from_str::<T>(&text).expect("serde reads it");
        let m = miniserde::json::from_str::<T>(&text).expect("miniserde reads it");
        assert_eq!(s, m);
    }
    let docs = valid();
    both::<NewResponse>(&docs[0].1);
    both::<NewRequest>(&docs[1].1);
    both::<Receipt>(&docs[2].1);
    both::<Vec<Planned>>(&docs[3].1);
    both::<Outbox>(&docs[4].1);
}
