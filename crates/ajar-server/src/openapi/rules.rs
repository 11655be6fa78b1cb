//! What the server's checks decide, said in the description as JSON Schema: the rules of
//! the text fields (from the same constants the checks use) and, for a check-in and a
//! plan, one schema per instrument built from the instrument definitions themselves.
//!
//! utoipa's attributes take only literals, so these are added to the finished document
//! instead of being written twice. `tests/openapi.rs` holds each pattern to the check it
//! describes.

use ajar_core::api::MAX_LABEL;
use ajar_core::ending::MAX_TEXT;
use ajar_core::instrument::{Context, Instrument, ItemKind};
use ajar_core::link::TOKEN_CHARS;
use ajar_core::plan::{MAX_DAYS, MIN_DAYS};
use ajar_core::reminder;
use ajar_core::{instruments, response};
use serde_json::{Map, Value, json};

/// Rust's `char::is_whitespace` set (Unicode White_Space), as a regex class body: listed
/// out because `\s` means other sets in other regex dialects.
const WHITE_SPACE: &str =
    r"\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

/// Text with something in it once trimmed.
pub fn some_text() -> String {
    format!("[^{WHITE_SPACE}]")
}

/// Where the app is served from: `http` or `https`, a host name of letters, digits, dots
/// and hyphens, perhaps a port up to 65535, then nothing but slashes (`clients::origin`).
pub fn origin() -> String {
    format!(r"^https?://[A-Za-z0-9.-]+(:({PORT}))?/*$")
}

/// A port up to 65535, in up to five digits.
const PORT: &str =
    r"6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|0[0-9]{4}|[0-9]{1,4}";

/// Where a reminder may be posted (`ajar_core::reminder::is_push_endpoint`): https, a
/// host name whose last part is letters, perhaps a port, a path of visible ASCII.
pub fn push_endpoint() -> String {
    format!(r"^https://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{{2,63}}(:({PORT}))?(/[!-~]*)?$")
}

/// A subscription key of `chars` base64url characters (`ajar_core::reminder::is_key`).
pub fn push_key(chars: usize) -> String {
    format!("^[A-Za-z0-9_-]{{{chars}}}$")
}

/// A date as `YYYY-MM-DD` with a plausible month and day, or nothing; spaces around it
/// are trimmed.
pub fn date_or_nothing() -> String {
    format!(
        "^[{WHITE_SPACE}]*([0-9]{{4}}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))?[{WHITE_SPACE}]*$"
    )
}

/// A link or session token: what `ajar_core::link::is_well_formed` accepts.
pub fn token() -> String {
    format!("^[A-Za-z0-9_-]{{{TOKEN_CHARS}}}$")
}

/// Where a page of a client's words ended, as the page's `older` gives it: the answered
/// time (at most 18 digits, so it fits an `i64`), a dot, a hyphenated UUID
/// (`client_page::words_cursor`).
pub fn words_cursor() -> String {
    r"^[0-9]{1,18}\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
        .to_owned()
}

/// (schema, property, constraints) for every rule a body's text fields follow.
fn text_rules() -> Vec<(&'static str, &'static str, Value)> {
    let written = |max: usize| json!({ "pattern": some_text(), "maxLength": max });
    let at_most = |max: usize| json!({ "maxLength": max });
    vec![
        ("LinkExchange", "token", json!({ "pattern": token() })),
        ("SignIn", "email", json!({ "pattern": some_text() })),
        ("SignIn", "password", json!({ "minLength": 1 })),
        ("ReplyToRequest", "reply", written(MAX_TEXT)),
        ("ReplyToRequest", "proposed_time", at_most(MAX_TEXT)),
        ("DoorOpen", "message", written(MAX_TEXT)),
        ("CrisisText", "message", at_most(MAX_TEXT)),
        ("NewClient", "label", written(MAX_LABEL)),
        ("NewClient", "origin", json!({ "pattern": origin() })),
        ("NewLink", "origin", json!({ "pattern": origin() })),
        ("NewRequest", "message", at_most(MAX_TEXT)),
        ("NewRequest", "preferred_times", at_most(MAX_TEXT)),
        (
            "NewRequest",
            "check_back_on",
            json!({ "pattern": date_or_nothing() }),
        ),
        (
            "Subscribe",
            "endpoint",
            json!({ "pattern": push_endpoint(), "maxLength": reminder::MAX_ENDPOINT }),
        ),
        (
            "Subscribe",
            "p256dh",
            json!({ "pattern": push_key(reminder::P256DH_CHARS) }),
        ),
        (
            "Subscribe",
            "auth",
            json!({ "pattern": push_key(reminder::AUTH_CHARS) }),
        ),
        (
            "Subscribe",
            "utc_offset_minutes",
            json!({ "minimum": reminder::MIN_UTC_OFFSET, "maximum": reminder::MAX_UTC_OFFSET }),
        ),
    ]
}

/// Adds the rules to `doc`'s component schemas.
pub fn apply(doc: &mut Value) {
    let schemas = &mut doc["components"]["schemas"];
    for (schema, property, rules) in text_rules() {
        let target = &mut schemas[schema]["properties"][property];
        assert!(
            target.is_object(),
            "the description has no {schema}.{property}"
        );
        merge(target, rules);
    }
    schemas["NewResponse"] = check_in();
    schemas["AnswerTime"] = answer_time();
    schemas["Planned"] = planned();
    let plan = &mut doc["paths"]["/therapist/clients/{id}/plan"]["put"]["requestBody"]["content"]["application/json"]
        ["schema"];
    assert!(plan.is_object(), "the description has no plan body");
    merge(plan, each_instrument_once());
    let words = &mut doc["paths"]["/therapist/clients/{id}/words"]["get"]["parameters"];
    let before = words
        .as_array_mut()
        .and_then(|p| p.iter_mut().find(|p| p["name"] == "before"))
        .expect("the description has the words page's `before`");
    merge(&mut before["schema"], json!({ "pattern": words_cursor() }));
}

/// `POST /client/requests/{id}/time`: "another" must say which, once trimmed
/// (`AnswerTime::normalized`); each answer's length is counted as sent.
fn answer_time() -> Value {
    let one = |answer: &str, suggestion: Value| {
        json!({
            "type": "object",
            "required": ["answer", "suggestion"],
            "properties": { "answer": { "const": answer }, "suggestion": suggestion },
        })
    };
    json!({
        "oneOf": [
            one("suits", json!({ "type": "string", "maxLength": MAX_TEXT })),
            one("another", json!({ "type": "string", "maxLength": MAX_TEXT, "pattern": some_text() })),
        ],
    })
}

/// A plan names each instrument at most once (`Plan::parse` refuses a repeat).
/// `instruments::ALL` holds one version of each (`instruments_are_well_formed`).
fn each_instrument_once() -> Value {
    json!({
        "allOf": instruments::ALL.iter().map(|i| json!({
            "contains": { "properties": { "instrument": { "const": i.id } } },
            "minContains": 0,
            "maxContains": 1,
        })).collect::<Vec<_>>(),
    })
}

fn merge(target: &mut Value, rules: Value) {
    if let (Value::Object(target), Value::Object(rules)) = (target, rules) {
        target.extend(rules);
    }
}

/// `POST /client/responses`: one schema per instrument version the server accepts.
fn check_in() -> Value {
    let one = |i: &Instrument| {
        json!({
            "title": format!("{} (version {})", i.title, i.version),
            "type": "object",
            "required": ["id", "instrument", "version", "answers"],
            "properties": {
                "id": { "$ref": "#/components/schemas/CheckInId" },
                "instrument": { "const": i.id },
                "version": { "const": i.version },
                "answers": answers(i),
                "answered_at_ms": {
                    "type": ["integer", "null"],
                    "format": "int64",
                    "description": "When the client finished it on the phone (Unix ms). Optional; the server keeps it between the client's start and the time it arrives.",
                },
            },
        })
    };
    json!({
        "description": "One completed check-in. `id` is made on the phone when the check-in starts, so a retry is recognised; the answers follow the instrument named (its items, their kinds and ranges, the required ones). Text is trimmed, and an empty text is no answer.",
        "oneOf": instruments::ALL
            .iter()
            .chain(instruments::EARLIER)
            .map(|i| one(i))
            .collect::<Vec<_>>(),
    })
}

fn answers(i: &Instrument) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for item in i.items {
        let schema = match item.kind {
            ItemKind::Scale { low, high } => json!({
                "type": "integer", "minimum": 0, "maximum": response::SCALE_MAX,
                "description": format!("{}: 0 = {low}, {} = {high}", item.text, response::SCALE_MAX),
            }),
            ItemKind::Choice { options } => json!({
                "enum": options.iter().map(|o| o.value).collect::<Vec<_>>(),
                "description": options.iter().map(|o| format!("{} = {}", o.value, o.label)).collect::<Vec<_>>().join("; "),
            }),
            ItemKind::Text { max_chars } if item.required => json!({
                "type": "string", "maxLength": max_chars, "pattern": some_text(),
            }),
            ItemKind::Text { max_chars } => json!({ "type": "string", "maxLength": max_chars }),
        };
        properties.insert(item.id.to_owned(), schema);
        if item.required {
            required.push(item.id);
        }
    }
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

/// One row of a plan: an instrument offered today (one per id in `ALL`) and how often.
fn planned() -> Value {
    let rows: Vec<Value> = instruments::ALL
        .iter()
        .map(|i| match i.context {
            Context::InSession => json!({
                "type": "object",
                "required": ["instrument"],
                "properties": {
                    "instrument": { "const": i.id },
                    "every_days": { "type": "null", "description": "Offered after each session." },
                },
            }),
            Context::BetweenSessions => json!({
                "type": "object",
                "required": ["instrument", "every_days"],
                "properties": {
                    "instrument": { "const": i.id },
                    "every_days": { "type": "integer", "minimum": MIN_DAYS, "maximum": MAX_DAYS },
                },
            }),
        })
        .collect();
    json!({
        "description": "One check-in offered to a client, and how often. A plan lists each instrument at most once.",
        "oneOf": rows,
    })
}
