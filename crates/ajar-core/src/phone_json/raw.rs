//! A value's JSON written back out as text while miniserde reads it, to be read again
//! once its type is known (an outbox item whose body comes before its kind).
//!
//! Why not `miniserde::json::Value`: a tree of values, a map type and their drops came to
//! 2.7 KiB of the phone's brotli download, for a shape the phone never writes itself.
//! This writer reuses the string and number writers the bundle has anyway.

use miniserde::de::{Map, Seq, Visitor};
use miniserde::{Result, json};

/// The text so far. Starts empty; holds one whole JSON value once it has been visited.
#[derive(Default)]
pub struct Raw(pub String);

impl Raw {
    fn push(&mut self, text: &str) -> Result<()> {
        self.0.push_str(text);
        Ok(())
    }
}

impl Visitor for Raw {
    fn null(&mut self) -> Result<()> {
        self.push("null")
    }

    fn boolean(&mut self, b: bool) -> Result<()> {
        self.push(if b { "true" } else { "false" })
    }

    fn string(&mut self, s: &str) -> Result<()> {
        self.push(&json::to_string(s))
    }

    fn negative(&mut self, n: i64) -> Result<()> {
        self.push(&json::to_string(&n))
    }

    fn nonnegative(&mut self, n: u64) -> Result<()> {
        self.push(&json::to_string(&n))
    }

    fn float(&mut self, n: f64) -> Result<()> {
        self.push(&json::to_string(&n))
    }

    fn seq(&mut self) -> Result<Box<dyn Seq + '_>> {
        self.0.push('[');
        Ok(Box::new(Nested {
            raw: self,
            first: true,
        }))
    }

    fn map(&mut self) -> Result<Box<dyn Map + '_>> {
        self.0.push('{');
        Ok(Box::new(Nested {
            raw: self,
            first: true,
        }))
    }
}

/// An array or object being written: commas between its parts, its closing bracket last.
struct Nested<'a> {
    raw: &'a mut Raw,
    first: bool,
}

impl Nested<'_> {
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.raw.0.push(',');
        }
    }
}

impl Seq for Nested<'_> {
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        self.comma();
        Ok(self.raw)
    }

    fn finish(&mut self) -> Result<()> {
        self.raw.push("]")
    }
}

impl Map for Nested<'_> {
    fn key(&mut self, k: &str) -> Result<&mut dyn Visitor> {
        self.comma();
        self.raw.string(k)?;
        self.raw.0.push(':');
        Ok(self.raw)
    }

    fn finish(&mut self) -> Result<()> {
        self.raw.push("}")
    }
}

#[cfg(test)]
mod tests {
    use super::Raw;
    use miniserde::json;

    /// Reads `text` through [`Raw`] and returns what it wrote.
    fn through(text: &str) -> String {
        // A type whose visitor is a fresh `Raw`, the way an outbox item lends its own.
        struct Wrap(Raw);
        impl miniserde::Deserialize for Wrap {
            fn begin(out: &mut Option<Self>) -> &mut dyn miniserde::de::Visitor {
                &mut out.insert(Wrap(Raw::default())).0
            }
        }
        json::from_str::<Wrap>(text).unwrap().0.0
    }

    #[test]
    fn writes_back_what_it_read_with_nothing_lost() {
        for text in [
            r#"null"#,
            r#"[true,false,[],{}]"#,
            r#"{"a":"x\"y\\z\n\u0001é","b":[-3,0,18446744073709551615,1.5e300,-0.25]}"#,
            r#"{"nested":{"deeper":[{"k":[1,{"l":null}]}]}}"#,
        ] {
            let written = through(text);
            let a: json::Value = json::from_str(text).unwrap();
            let b: json::Value = json::from_str(&written).unwrap();
            assert_eq!(
                json::to_string(&a),
                json::to_string(&b),
                "{text} → {written}"
            );
        }
    }
}
