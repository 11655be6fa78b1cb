//! A string that must never be printed: passwords, link tokens, session tokens.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Holds a secret value. `Debug` prints `Secret(<redacted>)`, so a secret inside a
/// request type can be logged with `{:?}` without leaking. There is deliberately no
/// `Display`: reading the value takes an explicit [`Secret::expose`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert!(!format!("{:?}", Some(&s)).contains("hunter2"));
    }

    #[test]
    fn serializes_as_a_plain_string() {
        let s: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(s.expose(), "abc");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"abc\"");
    }

    #[test]
    fn only_the_empty_string_is_empty() {
        // The server refuses a sign-in with an empty password before hashing anything.
        assert!(Secret::new("").is_empty());
        assert!(!Secret::new("a").is_empty());
        assert!(
            !Secret::new(" ").is_empty(),
            "a space is a character of a password"
        );
    }
}
