//! Ending well: a client can ask for a last session, a break, a referral, to stop, or to
//! talk about whether therapy is working, and later ask to start again. The therapist
//! answers, and records how therapy ended. A client who missed a session says so, and
//! what they would like next (`missed.rs`).

mod missed;
mod time_answer;

pub use missed::suggested_replies;
pub use time_answer::{AnswerTime, TimeAnswer, TimeAnswerError};

use crate::CheckInId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the client would like. The only required field of a request.
// Named one by one, not with `rename_all`, which miniserde (the phone's JSON) lacks.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Wish {
    #[serde(rename = "final-session")]
    FinalSession,
    #[serde(rename = "break")]
    Break,
    #[serde(rename = "stop-without-session")]
    StopWithoutSession,
    #[serde(rename = "referral")]
    Referral,
    #[serde(rename = "talk-about-it")]
    TalkAboutIt,
    /// After therapy ended: to start again.
    #[serde(rename = "resume")]
    Resume,
    /// "I missed my session": and would like to rebook.
    #[serde(rename = "missed-rebook")]
    MissedRebook,
    /// … and needs a break.
    #[serde(rename = "missed-break")]
    MissedBreak,
    /// … and is not sure they want to continue.
    #[serde(rename = "missed-unsure")]
    MissedUnsure,
}

impl Wish {
    /// The choices offered while therapy is going on, in the order shown. Their words
    /// live in the app's message catalogue.
    pub const ENDING: [Wish; 5] = [
        Wish::FinalSession,
        Wish::Break,
        Wish::StopWithoutSession,
        Wish::Referral,
        Wish::TalkAboutIt,
    ];

    /// The choices after "I missed my session", in the order shown.
    pub const MISSED: [Wish; 3] = [Wish::MissedRebook, Wish::MissedBreak, Wish::MissedUnsure];

    pub fn is_missed(self) -> bool {
        Self::MISSED.contains(&self)
    }
}

/// Optional reasons, offered as chips.
// Named one by one, not with `rename_all`, which miniserde (the phone's JSON) lacks.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Reason {
    #[serde(rename = "feeling-better")]
    FeelingBetter,
    #[serde(rename = "not-the-right-fit")]
    NotTheRightFit,
    #[serde(rename = "cost")]
    Cost,
    #[serde(rename = "time-or-schedule")]
    TimeOrSchedule,
    #[serde(rename = "too-much-right-now")]
    TooMuchRightNow,
    #[serde(rename = "something-in-a-session")]
    SomethingInASession,
    #[serde(rename = "prefer-not-to-say")]
    PreferNotToSay,
    // Why a session was missed (with time-or-schedule and prefer-not-to-say).
    #[serde(rename = "forgot")]
    Forgot,
    #[serde(rename = "unwell")]
    Unwell,
    #[serde(rename = "something-came-up")]
    SomethingCameUp,
    #[serde(rename = "hard-to-come")]
    HardToCome,
}

impl Reason {
    /// Offered in the ending flow, in this order.
    pub const ENDING: [Reason; 7] = [
        Reason::FeelingBetter,
        Reason::NotTheRightFit,
        Reason::Cost,
        Reason::TimeOrSchedule,
        Reason::TooMuchRightNow,
        Reason::SomethingInASession,
        Reason::PreferNotToSay,
    ];
    /// Offered after "I missed my session", in this order.
    pub const MISSED: [Reason; 6] = [
        Reason::Forgot,
        Reason::Unwell,
        Reason::SomethingCameUp,
        Reason::TimeOrSchedule,
        Reason::HardToCome,
        Reason::PreferNotToSay,
    ];
    /// Every reason, in the order a request keeps them.
    pub const ALL: [Reason; 11] = [
        Reason::FeelingBetter,
        Reason::NotTheRightFit,
        Reason::Cost,
        Reason::TimeOrSchedule,
        Reason::TooMuchRightNow,
        Reason::SomethingInASession,
        Reason::Forgot,
        Reason::Unwell,
        Reason::SomethingCameUp,
        Reason::HardToCome,
        Reason::PreferNotToSay,
    ];
}

/// Longest free text in a request (message, preferred times, reply).
pub const MAX_TEXT: usize = 2000;

/// `POST /client/requests`: made on the phone, sent through the outbox like a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRequest {
    pub id: CheckInId,
    pub wish: Wish,
    #[serde(default)]
    pub reasons: Vec<Reason>,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub preferred_times: String,
    /// For a break: when to check back, as `YYYY-MM-DD`.
    #[serde(default)]
    pub check_back_on: Option<String>,
    /// When the client finished it on the phone (ms since 1970): a request written
    /// offline on Monday and sent on Friday was asked on Monday. Older phones leave it
    /// out; the server clamps it (never after arrival, never before the client existed).
    #[serde(default)]
    pub answered_at_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    TooLong { field: &'static str, chars: usize },
    BadDate(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::TooLong { field, chars } => {
                write!(
                    f,
                    "{field} is {chars} characters long; the limit is {MAX_TEXT}"
                )
            }
            RequestError::BadDate(d) => {
                write!(
                    f,
                    "check_back_on must be a date like 2026-12-31, got \"{d}\""
                )
            }
        }
    }
}

impl NewRequest {
    /// Checks lengths and the date, and tidies the text (trimmed, reasons sorted and unique).
    pub fn normalized(mut self) -> Result<Self, RequestError> {
        for (field, text) in [
            ("message", &mut self.message),
            ("preferred_times", &mut self.preferred_times),
        ] {
            // Counted as sent, as the phone's counter counts.
            let chars = text.chars().count();
            if chars > MAX_TEXT {
                return Err(RequestError::TooLong { field, chars });
            }
            *text = text.trim().to_owned();
        }
        // In the order they are offered, each once: picked rather than sorted, because a
        // sort is about 3 KiB of the phone's bundle and there is no other left there.
        self.reasons = Reason::ALL
            .into_iter()
            .filter(|r| self.reasons.contains(r))
            .collect();
        self.check_back_on = match self.check_back_on.map(|d| d.trim().to_owned()) {
            Some(d) if d.is_empty() => None,
            Some(d) if is_date(&d) => Some(d),
            Some(d) => return Err(RequestError::BadDate(d)),
            None => None,
        };
        Ok(self)
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_date(d: &str) -> bool {
    let parts: Vec<&str> = d.split('-').collect();
    let [y, m, day] = parts.as_slice() else {
        return false;
    };
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    matches!(
        (num(y, 4), num(m, 2), num(day, 2)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

/// Where a request stands, as the client sees it.
// Named one by one, not with `rename_all`, which miniserde (the phone's JSON) lacks.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RequestStatus {
    #[serde(rename = "sent")]
    Sent,
    #[serde(rename = "seen")]
    Seen,
    #[serde(rename = "answered")]
    Answered,
    #[serde(rename = "closed")]
    Closed,
    #[serde(rename = "withdrawn")]
    Withdrawn,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Sent => "sent",
            RequestStatus::Seen => "seen",
            RequestStatus::Answered => "answered",
            RequestStatus::Closed => "closed",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Sent,
            Self::Seen,
            Self::Answered,
            Self::Closed,
            Self::Withdrawn,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestStatus::Sent | RequestStatus::Seen | RequestStatus::Answered
        )
    }
}

/// Something that changes a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Therapist: "I've read it".
    MarkSeen,
    /// Therapist: a short reply and perhaps a proposed time.
    Reply,
    /// Therapist: nothing more to do (also happens when therapy is closed).
    Close,
    /// Client: "never mind".
    Withdraw,
    /// Client: an answer to the proposed time; the therapist has something new to read.
    AnswerTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidTransition {
    pub from: RequestStatus,
    pub action: Action,
}

impl fmt::Display for InvalidTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.action {
            Action::MarkSeen => "marked as seen",
            Action::Reply => "answered",
            Action::Close => "closed",
            Action::Withdraw => "withdrawn",
            // Said to the client (two tabs, a double tap), so in their words, not a status.
            Action::AnswerTime => {
                return f.write_str("There is no new time from your therapist to answer.");
            }
        };
        write!(
            f,
            "This request is {} and can no longer be {what}.",
            self.from.as_str()
        )
    }
}

/// [`transition`], knowing the request's proposed time: only a time proposed (and not
/// yet answered, which the status says) can be answered.
pub fn transition_with(
    from: RequestStatus,
    proposed_time: Option<&str>,
    action: Action,
) -> Result<RequestStatus, InvalidTransition> {
    if action == Action::AnswerTime && proposed_time.is_none_or(str::is_empty) {
        return Err(InvalidTransition { from, action });
    }
    transition(from, action)
}

/// The one place that says which changes are allowed.
pub fn transition(from: RequestStatus, action: Action) -> Result<RequestStatus, InvalidTransition> {
    use RequestStatus::*;
    let to = match (from, action) {
        (Sent, Action::MarkSeen) => Seen,
        (Sent | Seen | Answered, Action::Reply) => Answered,
        (Sent | Seen | Answered, Action::Close) => Closed,
        (Sent | Seen | Answered, Action::Withdraw) => Withdrawn,
        (Answered, Action::AnswerTime) => Sent,
        _ => return Err(InvalidTransition { from, action }),
    };
    Ok(to)
}

/// How therapy ended, recorded by the therapist when closing it. Feeds the planned vs
/// unplanned figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EndingType {
    /// With a final session.
    Planned,
    /// The client chose to stop without one.
    ClientStopped,
    Paused,
    Referred,
    /// Ended without contact.
    Unplanned,
}

impl EndingType {
    pub const ALL: [EndingType; 5] = [
        EndingType::Planned,
        EndingType::ClientStopped,
        EndingType::Paused,
        EndingType::Referred,
        EndingType::Unplanned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EndingType::Planned => "planned",
            EndingType::ClientStopped => "client-stopped",
            EndingType::Paused => "paused",
            EndingType::Referred => "referred",
            EndingType::Unplanned => "unplanned",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            EndingType::Planned => "Planned, with a final session",
            EndingType::ClientStopped => "Client chose to stop without a final session",
            EndingType::Paused => "Paused",
            EndingType::Referred => "Referred elsewhere",
            EndingType::Unplanned => "Ended without contact (unplanned)",
        }
    }

    /// Ended without contact: what Ajar exists to make rarer.
    pub fn is_unplanned(self) -> bool {
        self == EndingType::Unplanned
    }
}

/// Shown to a client after their therapy is closed, until the therapist writes their own.
pub const DEFAULT_DOOR_OPEN: &str = "Thank you for the work we did together. It took courage, and it was yours. If you ever want to talk again, for one session or for longer, the door is open: ask here and I will get back to you.";

/// A request being written on the phone, saved at every change like a check-in draft.
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
pub struct RequestDraft {
    pub id: CheckInId,
    pub wish: Option<Wish>,
    pub reasons: Vec<Reason>,
    pub message: String,
    pub preferred_times: String,
    pub check_back_on: String,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftProblem {
    NoWish,
    Invalid(RequestError),
}

impl fmt::Display for DraftProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftProblem::NoWish => f.write_str("Please choose what you would like"),
            DraftProblem::Invalid(e) => e.fmt(f),
        }
    }
}

impl RequestDraft {
    pub fn new(id: CheckInId, now_ms: i64) -> Self {
        Self {
            id,
            wish: None,
            reasons: Vec::new(),
            message: String::new(),
            preferred_times: String::new(),
            check_back_on: String::new(),
            updated_at_ms: now_ms,
        }
    }

    pub fn toggle(&mut self, reason: Reason) {
        match self.reasons.iter().position(|r| *r == reason) {
            Some(at) => {
                self.reasons.remove(at);
            }
            None => self.reasons.push(reason),
        }
    }

    /// The request this draft becomes; only the wish is required.
    pub fn to_request(&self) -> Result<NewRequest, DraftProblem> {
        let wish = self.wish.ok_or(DraftProblem::NoWish)?;
        NewRequest {
            id: self.id,
            wish,
            reasons: self.reasons.clone(),
            message: self.message.clone(),
            preferred_times: self.preferred_times.clone(),
            check_back_on: (wish == Wish::Break).then(|| self.check_back_on.clone()),
            answered_at_ms: Some(self.updated_at_ms),
        }
        .normalized()
        .map_err(DraftProblem::Invalid)
    }
}

#[cfg(test)]
mod tests;
