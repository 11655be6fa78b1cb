//! The JSON shapes of the HTTP API under [`PREFIX`], shared by app and server so the two
//! can never disagree about a field.
//!
//! Times are milliseconds since the Unix epoch (UTC); the app formats them in the phone's
//! own time zone.

use crate::{CheckInId, Note, Rating, Secret};
use serde::{Deserialize, Serialize};

pub const PREFIX: &str = "/api/v1";

/// Header every state-changing request carries; a cross-site form cannot set it.
pub const CSRF_HEADER: &str = "x-ajar-csrf";

/// Body of every 4xx and 5xx answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
}

/// `POST /client/session`: trade a link token for a client session cookie.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkExchange {
    pub token: Secret,
}

/// `GET /client/home`: what the client's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientHome {
    /// The therapist's name as the client knows it, e.g. "Dr. Sam Rivera".
    pub therapist_name: String,
    /// The client's most recent check-in, if any.
    pub last_checkin: Option<CheckInReceipt>,
}

/// `POST /client/checkins`: one answered check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCheckIn {
    pub id: CheckInId,
    pub rating: Rating,
    #[serde(default)]
    pub note: Note,
}

/// The server's word that a check-in is durably stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInReceipt {
    pub id: CheckInId,
    pub rating: Rating,
    pub received_at_ms: i64,
}

/// `POST /therapist/session`: sign in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignIn {
    pub email: String,
    pub password: Secret,
}

/// `GET /therapist/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TherapistMe {
    pub name: String,
    pub email: String,
}

/// `GET /therapist/caseload`: one row per client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseloadEntry {
    pub client_id: i64,
    /// A label or pseudonym chosen by the therapist; no real name is required.
    pub label: String,
    pub checkin_count: u32,
    pub latest: Option<CheckInView>,
}

/// A check-in as the therapist reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckInView {
    pub id: CheckInId,
    pub rating: Rating,
    pub note: Note,
    pub received_at_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_check_in_without_note_has_an_empty_note() {
        let json = r#"{"id":"6f1c1b38-1f05-4b5e-9d3c-6c0ad1c1a0b2","rating":7}"#;
        let c: NewCheckIn = serde_json::from_str(json).unwrap();
        assert_eq!(c.rating.value(), 7);
        assert!(c.note.is_empty());
    }

    #[test]
    fn new_check_in_refuses_an_out_of_range_rating() {
        let json = r#"{"id":"6f1c1b38-1f05-4b5e-9d3c-6c0ad1c1a0b2","rating":12,"note":""}"#;
        let err = serde_json::from_str::<NewCheckIn>(json).unwrap_err();
        assert!(err.to_string().contains("from 0 to 10"), "{err}");
    }

    #[test]
    fn sign_in_debug_redacts_the_password() {
        let s = SignIn {
            email: "a@b.c".into(),
            password: Secret::new("pw-123456"),
        };
        assert!(!format!("{s:?}").contains("pw-123456"));
    }
}
