//! Values every check-in shares: the id a phone gives it, and the 0–10 rating.
//!
//! Parsed once into these types and never re-validated: holding a `Rating` is proof it is
//! within 0–10.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// A rating on the 0–10 scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Rating(u8);

impl Rating {
    pub const MIN: u8 = 0;
    pub const MAX: u8 = 10;

    pub fn parse(value: u8) -> Result<Self, RatingError> {
        if value <= Self::MAX {
            Ok(Self(value))
        } else {
            Err(RatingError(value))
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// All ratings in order, for drawing the scale.
    pub fn all() -> impl Iterator<Item = Rating> {
        (Self::MIN..=Self::MAX).map(Rating)
    }
}

impl TryFrom<u8> for Rating {
    type Error = RatingError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<Rating> for u8 {
    fn from(r: Rating) -> u8 {
        r.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingError(u8);

impl fmt::Display for RatingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rating must be a whole number from 0 to 10, got {}",
            self.0
        )
    }
}

impl std::error::Error for RatingError {}

/// The id of one check-in, made on the phone when the client starts it. The server uses it
/// as the primary key, so sending the same check-in twice can never store it twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInId(pub Uuid);

impl CheckInId {
    /// Builds a version-4 id from 16 random bytes. Randomness is I/O, so the caller
    /// (browser crypto on the phone, the OS on the server) supplies the bytes.
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        Self(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }
}

impl fmt::Display for CheckInId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rating_accepts_every_value_from_0_to_10() {
        for v in 0..=10 {
            assert_eq!(Rating::parse(v).unwrap().value(), v);
        }
        assert_eq!(Rating::all().count(), 11);
    }

    #[test]
    fn rating_refuses_11_with_a_clear_reason() {
        let err = Rating::parse(11).unwrap_err();
        assert_eq!(
            err.to_string(),
            "rating must be a whole number from 0 to 10, got 11"
        );
    }

    #[test]
    fn rating_is_validated_when_deserialized() {
        assert!(serde_json::from_str::<Rating>("10").is_ok());
        let err = serde_json::from_str::<Rating>("11").unwrap_err();
        assert!(err.to_string().contains("from 0 to 10"), "{err}");
        assert!(serde_json::from_str::<Rating>("-1").is_err());
    }

    #[test]
    fn rating_travels_as_its_plain_number() {
        for r in Rating::all() {
            assert_eq!(u8::from(r), r.value());
            assert_eq!(serde_json::to_string(&r).unwrap(), r.value().to_string());
        }
        assert_eq!(
            serde_json::to_string(&Rating::parse(7).unwrap()).unwrap(),
            "7"
        );
    }

    #[test]
    fn check_in_id_is_a_version_4_uuid() {
        let id = CheckInId::from_random_bytes([0xAB; 16]);
        assert_eq!(id.0.get_version_num(), 4);
    }
}
