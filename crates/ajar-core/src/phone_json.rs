//! The JSON the phone reads and writes: the same shapes as serde's, through miniserde.
//!
//! Why two JSON libraries: serde_json monomorphises a parser for every type, and on the
//! client's bundle that came to about 26 KiB of gzipped WebAssembly (measured on the
//! phone's types, 54 vs 27 KiB), a seventh of everything a phone downloads. miniserde
//! drives one non-generic parser through trait objects. The server keeps serde, whose
//! errors name the field that was wrong (every 4xx says what was wrong); the phone only
//! parses what the server and the phone itself wrote, so it needs no such sentences.
//!
//! The types the phone needs derive both; this module holds the impls miniserde cannot
//! derive (serde's `untagged`, `tag`/`content`, `transparent`, `try_from` and `default`
//! shapes). The tests below hold the two libraries to the same JSON for every such type.

use crate::api::NewResponse;
use crate::ending::{NewRequest, Reason, Wish};
use crate::outbox::Outgoing;
use crate::plan::{Plan, Planned};
use crate::response::Answer;
use crate::{CheckInId, Secret};
use miniserde::de::{Map, Seq, Visitor};
use miniserde::ser::{self, Fragment};
use miniserde::{Deserialize, Error, Result, Serialize, make_place};
use std::borrow::Cow;

make_place!(Place);

mod raw;

/// A struct's fields in order, for hand-written `Serialize` impls.
struct Fields<'a> {
    fields: Vec<(&'static str, &'a dyn Serialize)>,
    next: usize,
}

fn object<'a>(fields: Vec<(&'static str, &'a dyn Serialize)>) -> Fragment<'a> {
    Fragment::Map(Box::new(Fields { fields, next: 0 }))
}

impl ser::Map for Fields<'_> {
    fn next(&mut self) -> Option<(Cow<'_, str>, &dyn Serialize)> {
        let (name, value) = *self.fields.get(self.next)?;
        self.next += 1;
        Some((Cow::Borrowed(name), value))
    }
}

// `#[serde(transparent)]` over a `Uuid`: a plain string.
impl Serialize for CheckInId {
    fn begin(&self) -> Fragment<'_> {
        Fragment::Str(Cow::Owned(self.0.to_string()))
    }
}

impl Deserialize for CheckInId {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

impl Visitor for Place<CheckInId> {
    fn string(&mut self, s: &str) -> Result<()> {
        self.out = Some(CheckInId(uuid::Uuid::parse_str(s).map_err(|_| Error)?));
        Ok(())
    }
}

// `#[serde(transparent)]`: a plain string (the phone only ever sends one).
impl Serialize for Secret {
    fn begin(&self) -> Fragment<'_> {
        Fragment::Str(Cow::Borrowed(self.expose()))
    }
}

// `#[serde(untagged)]`: a number or a string.
impl Serialize for Answer {
    fn begin(&self) -> Fragment<'_> {
        match self {
            Answer::Value(v) => Fragment::U64(u64::from(*v)),
            Answer::Text(t) => Fragment::Str(Cow::Borrowed(t)),
        }
    }
}

impl Deserialize for Answer {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

impl Visitor for Place<Answer> {
    fn nonnegative(&mut self, n: u64) -> Result<()> {
        self.out = Some(Answer::Value(u8::try_from(n).map_err(|_| Error)?));
        Ok(())
    }

    fn string(&mut self, s: &str) -> Result<()> {
        self.out = Some(Answer::Text(s.to_owned()));
        Ok(())
    }
}

// `#[serde(tag = "kind", content = "body")]`: `{"kind": "response", "body": {…}}`.
impl Serialize for Outgoing {
    fn begin(&self) -> Fragment<'_> {
        match self {
            Outgoing::Response(r) => object(vec![("kind", &"response"), ("body", r)]),
            Outgoing::Request(r) => object(vec![("kind", &"request"), ("body", r)]),
        }
    }
}

impl Deserialize for Outgoing {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

impl Visitor for Place<Outgoing> {
    fn map(&mut self) -> Result<Box<dyn Map + '_>> {
        Ok(Box::new(OutgoingMap {
            out: &mut self.out,
            kind: None,
            response: None,
            request: None,
            early_body: None,
        }))
    }
}

struct OutgoingMap<'a> {
    out: &'a mut Option<Outgoing>,
    kind: Option<String>,
    response: Option<NewResponse>,
    request: Option<NewRequest>,
    /// A body that came before its kind: kept as JSON text until the kind says what it is.
    early_body: Option<raw::Raw>,
}

impl Map for OutgoingMap<'_> {
    // Both libraries write the kind first, and then the body is read straight into its
    // type. serde also reads the body first (a hand-edited or re-sorted item), so the
    // phone does too rather than refuse, and lose, an outbox the server would accept.
    fn key(&mut self, k: &str) -> Result<&mut dyn Visitor> {
        match (k, self.kind.as_deref()) {
            ("kind", None) => Ok(Deserialize::begin(&mut self.kind)),
            ("body", Some("response")) => Ok(Deserialize::begin(&mut self.response)),
            ("body", Some("request")) => Ok(Deserialize::begin(&mut self.request)),
            ("body", None) if self.early_body.is_none() => {
                Ok(self.early_body.insert(raw::Raw::default()))
            }
            _ => Err(Error),
        }
    }

    fn finish(&mut self) -> Result<()> {
        if let Some(raw::Raw(text)) = self.early_body.take() {
            match self.kind.as_deref() {
                Some("response") => self.response = Some(miniserde::json::from_str(&text)?),
                Some("request") => self.request = Some(miniserde::json::from_str(&text)?),
                _ => return Err(Error),
            }
        }
        *self.out = Some(match (self.response.take(), self.request.take()) {
            (Some(r), None) => Outgoing::Response(r),
            (None, Some(r)) => Outgoing::Request(r),
            _ => return Err(Error),
        });
        Ok(())
    }
}

// `#[serde(try_from = "Vec<Planned>", into = "Vec<Planned>")]`: a list of rows, checked
// by `Plan::parse` as the server checks it.
impl Serialize for Plan {
    fn begin(&self) -> Fragment<'_> {
        Fragment::Seq(Box::new(PlanRows {
            rows: self.rows(),
            next: 0,
        }))
    }
}

struct PlanRows {
    rows: Vec<Planned>,
    next: usize,
}

impl ser::Seq for PlanRows {
    fn next(&mut self) -> Option<&dyn Serialize> {
        let row = self.rows.get(self.next)?;
        self.next += 1;
        Some(row)
    }
}

impl Deserialize for Plan {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

impl Visitor for Place<Plan> {
    fn seq(&mut self) -> Result<Box<dyn Seq + '_>> {
        Ok(Box::new(PlanSeq {
            out: &mut self.out,
            rows: Vec::new(),
            row: None,
        }))
    }
}

struct PlanSeq<'a> {
    out: &'a mut Option<Plan>,
    rows: Vec<Planned>,
    row: Option<Planned>,
}

impl Seq for PlanSeq<'_> {
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        self.rows.extend(self.row.take());
        Ok(Deserialize::begin(&mut self.row))
    }

    fn finish(&mut self) -> Result<()> {
        self.rows.extend(self.row.take());
        *self.out = Some(Plan::parse(&self.rows).map_err(|_| Error)?);
        Ok(())
    }
}

// `#[serde(default)]` on every field but `id` and `wish`, as the server reads it.
impl Serialize for NewRequest {
    fn begin(&self) -> Fragment<'_> {
        object(vec![
            ("id", &self.id),
            ("wish", &self.wish),
            ("reasons", &self.reasons),
            ("message", &self.message),
            ("preferred_times", &self.preferred_times),
            ("check_back_on", &self.check_back_on),
            ("answered_at_ms", &self.answered_at_ms),
        ])
    }
}

impl Deserialize for NewRequest {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

impl Visitor for Place<NewRequest> {
    fn map(&mut self) -> Result<Box<dyn Map + '_>> {
        Ok(Box::new(NewRequestMap {
            out: &mut self.out,
            id: None,
            wish: None,
            reasons: None,
            message: None,
            preferred_times: None,
            check_back_on: None,
            answered_at_ms: None,
        }))
    }
}

struct NewRequestMap<'a> {
    out: &'a mut Option<NewRequest>,
    id: Option<CheckInId>,
    wish: Option<Wish>,
    reasons: Option<Vec<Reason>>,
    message: Option<String>,
    preferred_times: Option<String>,
    check_back_on: Option<Option<String>>,
    answered_at_ms: Option<Option<i64>>,
}

impl Map for NewRequestMap<'_> {
    fn key(&mut self, k: &str) -> Result<&mut dyn Visitor> {
        Ok(match k {
            "id" => Deserialize::begin(&mut self.id),
            "wish" => Deserialize::begin(&mut self.wish),
            "reasons" => Deserialize::begin(&mut self.reasons),
            "message" => Deserialize::begin(&mut self.message),
            "preferred_times" => Deserialize::begin(&mut self.preferred_times),
            "check_back_on" => Deserialize::begin(&mut self.check_back_on),
            "answered_at_ms" => Deserialize::begin(&mut self.answered_at_ms),
            _ => <dyn Visitor>::ignore(),
        })
    }

    fn finish(&mut self) -> Result<()> {
        *self.out = Some(NewRequest {
            id: self.id.take().ok_or(Error)?,
            wish: self.wish.take().ok_or(Error)?,
            reasons: self.reasons.take().unwrap_or_default(),
            message: self.message.take().unwrap_or_default(),
            preferred_times: self.preferred_times.take().unwrap_or_default(),
            check_back_on: self.check_back_on.take().flatten(),
            answered_at_ms: self.answered_at_ms.take().flatten(),
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests;
