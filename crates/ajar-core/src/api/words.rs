//! `GET /therapist/clients/{id}/words`: what a client wrote in their own words, a page
//! at a time, newest first, so a page stays quick however much they wrote.

use crate::CheckInId;
use serde::{Deserialize, Serialize};

/// Responses a page of words reads at most (each may hold more than one text answer).
pub const WORDS_PAGE: u32 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WordsPage {
    /// Newest answered first.
    pub words: Vec<ClientWords>,
    /// Pass as `before` to read the next, older page; absent when there is none.
    pub older: Option<String>,
}

/// One text answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientWords {
    pub response_id: CheckInId,
    pub instrument: String,
    pub version: u32,
    /// The question's id ("agenda", "change", …).
    pub item: String,
    pub text: String,
    pub answered_at_ms: i64,
}
