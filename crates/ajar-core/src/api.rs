//! The JSON shapes of the HTTP API under [`PREFIX`], shared by app and server so the two
//! can never disagree about a field.
//!
//! Times are milliseconds since the Unix epoch (UTC); the app formats them in the phone's
//! own time zone.

use crate::attention::Alert;
use crate::ending::{EndingType, Reason, RequestStatus, Wish};
pub use crate::episodes::EndedView;
use crate::episodes::Episode;
use crate::plan::Plan;
use crate::response::Answers;
use crate::risk::RiskFlag;
use crate::{CheckInId, Secret};
use serde::{Deserialize, Serialize};

mod words;
pub use words::{ClientWords, WORDS_PAGE, WordsPage};

pub const PREFIX: &str = "/api/v1";

/// Header every state-changing request carries; a cross-site form cannot set it.
pub const CSRF_HEADER: &str = "x-ajar-csrf";

/// Body of every 4xx and 5xx answer.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: String,
    /// A machine-readable reason where the app says something of its own (in the
    /// person's language): [`LINK_CHANGED`] on a 401. `null` otherwise. (No serde
    /// attributes here: miniserde's derive, which the phone reads this with, refuses them;
    /// a missing `code` still reads as none in both.)
    pub code: Option<String>,
}

/// The `code` of a 401 for a phone whose link was revoked or renewed.
pub const LINK_CHANGED: &str = "link-changed";

/// The header a phone sends with each outbox item: the `phone_ref` of the client it was
/// written for. A second tab may have traded another client's link for the phone's one
/// session cookie meanwhile; the server then refuses the item rather than file it under
/// the wrong client.
pub const WRITTEN_FOR_HEADER: &str = "x-ajar-client";

/// The `code` of the 409 for an item written for a different client than the session's.
pub const OTHER_CLIENT: &str = "other-client";

impl ErrorBody {
    pub fn new(error: impl Into<String>) -> Self {
        Self {
            error: error.into(),
            code: None,
        }
    }
}

/// `POST /client/session`: trade a link token for a client session cookie.
#[derive(Debug, Clone, Serialize, Deserialize, miniserde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkExchange {
    pub token: Secret,
}

/// `GET /client/home`: what the client's page shows.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, miniserde::Serialize, miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientHome {
    /// Which client this phone is signed in as, as an opaque, stable, non-secret name:
    /// the phone files drafts and unsent answers under it, so a second client's link on
    /// the same phone never sends the first client's answers.
    pub phone_ref: String,
    /// The therapist's name as the client knows it, e.g. "Dr. Sam Rivera".
    pub therapist_name: String,
    /// When each instrument was last sent by this client (only their own).
    pub last_sent: Vec<LastSent>,
    /// The client's most recent check-ins, newest first.
    pub recent: Vec<Receipt>,
    /// The client's own requests (ending, break, resume…), newest first.
    pub requests: Vec<RequestView>,
    /// Set once the therapist has closed this client's therapy.
    pub ended: Option<Ended>,
    /// The practice's own crisis text; `None` (or absent) means the app's default.
    pub crisis_text: Option<String>,
    /// The check-ins the therapist chose for this client, and how often.
    pub plan: Plan,
}

/// What a client sees after their therapy was closed.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ended {
    pub at_ms: i64,
    /// The therapist's "door open" message.
    pub message: String,
}

/// A request as either side reads it.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestView {
    pub id: CheckInId,
    pub wish: Wish,
    pub reasons: Vec<Reason>,
    pub message: String,
    pub preferred_times: String,
    pub check_back_on: Option<String>,
    pub status: RequestStatus,
    pub reply: Option<String>,
    pub proposed_time: Option<String>,
    /// The client's answer to the proposed time, and the times they suggest instead.
    pub time_answer: Option<crate::ending::TimeAnswer>,
    pub time_suggestion: Option<String>,
    /// When the client asked: finished on the phone, clamped as `NewRequest` says.
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// `POST /therapist/requests/{id}/reply`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyToRequest {
    pub reply: String,
    #[serde(default)]
    pub proposed_time: String,
}

/// `POST /therapist/clients/{id}/close`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CloseTherapy {
    pub ending_type: EndingType,
}

/// `GET` and `PUT /therapist/door-open`: what clients see after their therapy is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoorOpen {
    pub message: String,
}

/// `GET` and `PUT /therapist/crisis-text`: what clients see when they report thoughts of
/// self-harm. Empty means the app's own default.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrisisText {
    pub message: String,
}

#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LastSent {
    pub instrument: String,
    pub received_at_ms: i64,
}

/// `POST /client/responses`: one completed check-in.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, miniserde::Serialize, miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewResponse {
    pub id: CheckInId,
    pub instrument: String,
    pub version: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::response::AnswersSchema))]
    pub answers: Answers,
    /// When the client finished it on the phone, in Unix milliseconds. Optional (older
    /// phones do not send it); the server clamps it to the time it arrives at most.
    pub answered_at_ms: Option<i64>,
}

impl From<&crate::response::ValidResponse> for NewResponse {
    fn from(r: &crate::response::ValidResponse) -> Self {
        Self {
            id: r.id(),
            instrument: r.instrument().id.to_owned(),
            version: r.instrument().version,
            answers: r.answers().clone(),
            answered_at_ms: r.answered_at_ms(),
        }
    }
}

/// The server's word that a check-in is durably stored.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub id: CheckInId,
    pub instrument: String,
    pub version: u32,
    pub received_at_ms: i64,
}

/// `POST /therapist/session`: sign in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    pub email: String,
    pub password: Secret,
    /// The 6-digit code from the therapist's authenticator app, or one of their recovery
    /// codes: needed once they have set up two-step sign-in (a sign-in without it is
    /// answered 401 with `code: mfa-required`).
    #[serde(default)]
    pub code: Option<Secret>,
}

/// The `code` of a 401 to a right password whose account needs its second step.
pub const MFA_REQUIRED: &str = "mfa-required";
/// The `code` of a 403 on a server that requires two-step sign-in, to a therapist who
/// has not set it up yet.
pub const MFA_SETUP_REQUIRED: &str = "mfa-setup-required";

/// `POST /therapist/mfa/totp`: a new key to add to an authenticator app. Not in force
/// until confirmed with a code from it.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpEnrolment {
    /// The key in base32, for typing into an app by hand.
    pub secret: Secret,
    /// `otpauth://totp/…`, what the QR code holds.
    pub otpauth_url: Secret,
    /// The same as a QR code, an SVG document.
    pub qr_svg: String,
}

impl std::fmt::Debug for TotpEnrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpEnrolment { .. }")
    }
}

/// `POST /therapist/mfa/totp/confirm`, and turning two-step sign-in off.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaCode {
    /// The six digits the authenticator app shows.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = r"^\s*[0-9]{3}\s?[0-9]{3}\s*$"))]
    pub code: Secret,
}

/// Ten single-use recovery codes, shown once when two-step sign-in is turned on.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<Secret>,
}

impl std::fmt::Debug for RecoveryCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RecoveryCodes {{ {} codes }}", self.codes.len())
    }
}

/// `GET /therapist/sessions`: one browser signed in to this account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedInDevice {
    /// Tells sessions apart; opens none.
    pub id: String,
    pub created_at_ms: i64,
    pub last_used_at_ms: i64,
    /// The browser, as it named itself when signing in.
    pub device: Option<String>,
    /// The browser asking.
    pub current: bool,
}

/// `POST /therapist/password`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPassword {
    pub current_password: Secret,
    /// At least [`MIN_PASSWORD_CHARS`] characters.
    #[cfg_attr(feature = "openapi", schema(value_type = String, min_length = 12))]
    pub new_password: Secret,
}

/// The shortest password Ajar accepts.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// `DELETE /therapist/mfa`: the current password, so a session left open on a shared
/// computer cannot turn the second step off.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaOff {
    pub password: Secret,
}

/// `GET /therapist/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TherapistMe {
    pub name: String,
    pub email: String,
    /// Two-step sign-in is on for this account.
    pub mfa: bool,
    /// This server requires two-step sign-in (`ajar serve --require-mfa`): until it is
    /// set up, only setting it up is allowed.
    pub mfa_required: bool,
}

/// `GET /therapist/caseload`: one row per client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseloadEntry {
    pub client_id: i64,
    /// A label or pseudonym chosen by the therapist; no real name is required.
    pub label: String,
    pub response_count: u32,
    /// When the client last sent anything.
    pub last_at_ms: Option<i64>,
    /// The newest response of each instrument the client has answered.
    pub latest: Vec<ResponseView>,
    /// Requests still waiting for the therapist (sent, seen or answered), newest first.
    pub open_requests: Vec<RequestView>,
    /// How and when therapy ended, if it has.
    pub ended: Option<EndedView>,
    /// Every episode of care, oldest first; the last is the current one.
    pub episodes: Vec<Episode>,
    /// Why this client needs attention, most urgent first; empty when nothing stands out.
    pub alerts: Vec<Alert>,
    /// Risk answers no one has acknowledged yet, oldest first: on the caseload only the
    /// newest few (`open_risks` counts them all); on a client's page every one.
    pub risk_flags: Vec<RiskFlag>,
    /// How many risk answers no one has acknowledged yet.
    pub open_risks: u32,
    /// Recent session ratings (0–10: "understood", or version 1's "overall"), oldest
    /// first, for a small trend line.
    pub trend: Vec<u8>,
    /// The check-ins this client is offered, and how often.
    pub plan: Plan,
    /// When the therapist archived the client, if they did.
    pub archived_at_ms: Option<i64>,
}

/// `GET /therapist/clients`: every client, archived ones too, without their answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientListing {
    pub client_id: i64,
    pub label: String,
    pub archived_at_ms: Option<i64>,
}

/// Longest label a therapist can give a client.
pub const MAX_LABEL: usize = 80;

/// `POST /therapist/clients`: add a client. `origin` is where the app is served from,
/// e.g. `https://ajar.example.org`, so the link and its QR code point to the address the
/// therapist is using.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewClient {
    pub label: String,
    pub origin: String,
}

/// `POST /therapist/clients/{id}/link`: a new link for a client (the old one stops
/// working); `origin` as in [`NewClient`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewLink {
    pub origin: String,
}

/// A client's personal link, shown once to the therapist who made it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientLink {
    pub client_id: i64,
    pub label: String,
    pub link: Secret,
    /// The link as a QR code, an SVG document.
    pub qr_svg: String,
}

impl std::fmt::Debug for ClientLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientLink")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl ResponseView {
    /// The session check-in's one rating (0–10) as this version asks it; `None` for any
    /// other check-in.
    pub fn session_rating(&self) -> Option<u8> {
        (self.instrument == crate::instruments::SESSION.id)
            .then(|| self.value(crate::instruments::rating_item(self.version)))
            .flatten()
    }

    /// The number answered to `item` (a scale point or a choice's value).
    pub fn value(&self, item: &str) -> Option<u8> {
        match self.answers.get(item) {
            Some(crate::response::Answer::Value(v)) => Some(*v),
            _ => None,
        }
    }

    /// The text answered to `item`, if any was written.
    pub fn text(&self, item: &str) -> Option<&str> {
        match self.answers.get(item) {
            Some(crate::response::Answer::Text(t)) if !t.is_empty() => Some(t),
            _ => None,
        }
    }

    /// The words of the choice answered to `item`.
    pub fn choice_label(&self, item: &str) -> Option<&'static str> {
        crate::instruments::find(&self.instrument, self.version)?
            .choice_label(item, self.value(item)?)
    }
}

/// `GET /therapist/audit`: one entry of the therapist's own trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub at_ms: i64,
    pub action: String,
    pub subject: String,
    /// The entry in words, with the client's label: "Opened A.B.'s page".
    pub described: String,
}

/// `GET /therapist/clients/{id}`: one client's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientDetail {
    pub summary: CaseloadEntry,
    /// What the charts draw, oldest first: of each check-in its newest
    /// [`CHART_POINTS`](crate::caseload::CHART_POINTS) answers, its first and its first in
    /// this therapy; every answer, unless the client has sent more than that
    /// (`summary.response_count` says how many). Words are read a page at a time apart.
    pub history: Vec<ResponseView>,
    /// Every risk flag, acknowledged ones too, oldest first.
    pub risk_history: Vec<RiskFlag>,
    /// The client's requests in every status (withdrawn and closed ones too), newest
    /// first, at most 20: what they asked stays in view after they take it back.
    #[serde(default)]
    pub requests: Vec<RequestView>,
}

/// A response as the therapist reads it, scored by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseView {
    pub id: CheckInId,
    pub instrument: String,
    pub version: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::response::AnswersSchema))]
    pub answers: Answers,
    pub total: Option<u8>,
    pub band: Option<String>,
    pub risk: bool,
    /// When the server stored it.
    pub received_at_ms: i64,
    /// When the client finished it on the phone (clamped by the server: never after it
    /// was received, never before the client was added); what every date a person
    /// reads uses, and the order of a history. `received_at_ms` for answers from phones
    /// that did not say.
    pub answered_at_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::Answer;

    #[test]
    fn answers_are_numbers_or_text_in_json() {
        let json = r#"{"id":"6f1c1b38-1f05-4b5e-9d3c-6c0ad1c1a0b2","instrument":"ajar-session","version":1,
                      "answers":{"heard":7,"note":"ok"}}"#;
        let r: NewResponse = serde_json::from_str(json).unwrap();
        assert_eq!(r.answers["heard"], Answer::Value(7));
        assert_eq!(r.answers["note"], Answer::Text("ok".into()));
    }

    #[test]
    fn answer_debug_never_shows_text() {
        let a = Answer::Text("I think about stopping".into());
        assert_eq!(format!("{a:?}"), "Text(<22 chars>)");
    }

    #[test]
    fn sign_in_debug_redacts_the_password() {
        let s = SignIn {
            email: "a@b.c".into(),
            password: Secret::new("pw-123456"),
            code: Some(Secret::new("918273")),
        };
        let shown = format!("{s:?}");
        assert!(!shown.contains("pw-123456") && !shown.contains("918273"));
    }

    #[test]
    fn client_link_debug_shows_the_client_and_nothing_that_opens_their_link() {
        // The QR code encodes the same link, and the label may be the client's name: only
        // the id is safe to log.
        let token = "tok-3f9a1c";
        let link = ClientLink {
            client_id: 42,
            label: "Robin Ash".into(),
            link: Secret::new(format!("https://ajar.example.org/c#t={token}")),
            qr_svg: format!("<svg><!-- {token} --></svg>"),
        };
        let debug = format!("{link:?}");
        assert_eq!(debug, "ClientLink { client_id: 42, .. }");
        assert!(!format!("{:?}", Some(&link)).contains(token));
    }

    fn with_answer(item: &str, answer: Answer) -> ResponseView {
        ResponseView {
            id: CheckInId::from_random_bytes([5; 16]),
            instrument: crate::instruments::SESSION.id.into(),
            version: 1,
            answers: [(item.to_owned(), answer)].into(),
            total: None,
            band: None,
            risk: false,
            received_at_ms: 0,
            answered_at_ms: 0,
        }
    }

    #[test]
    fn text_is_what_was_written_and_nothing_when_nothing_was() {
        let note = with_answer("note", Answer::Text("felt rushed".into()));
        assert_eq!(note.text("note"), Some("felt rushed"));
        assert_eq!(note.text("agenda"), None, "an item not answered");
        // An empty note is no note: the therapist's page shows no empty quote for it.
        assert_eq!(
            with_answer("note", Answer::Text(String::new())).text("note"),
            None
        );
        // A number is not text, even if the item is asked by that name.
        assert_eq!(with_answer("note", Answer::Value(3)).text("note"), None);
        assert_eq!(with_answer("note", Answer::Value(3)).value("note"), Some(3));
    }
}
