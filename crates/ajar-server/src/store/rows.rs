//! Rows as both backends read them, and what they mean: the named row structs (decoded
//! by sqlx from SQLite or PostgreSQL alike) and their conversion into the API's and the
//! domain's types. The backends hold the SQL; nothing here runs any.

use crate::store::{ClientId, Recorded};
use ajar_core::CheckInId;
use ajar_core::api::{EndedView, Receipt, RequestView, ResponseView};
use ajar_core::caseload::ClientRecord;
use ajar_core::ending::{EndingType, NewRequest, Reason, RequestStatus, TimeAnswer, Wish};
use ajar_core::episodes::Episode;
use ajar_core::plan::Plan;
use ajar_core::response::Answers;
use ajar_core::risk::{Acknowledgement, RiskAction, RiskFlag};
use anyhow::Context;
use uuid::Uuid;

use super::StoreResult;

pub fn check_in_id(text: &str) -> StoreResult<CheckInId> {
    Ok(CheckInId(
        Uuid::parse_str(text).context("stored response id is not a UUID")?,
    ))
}

pub fn version(v: i64) -> StoreResult<u32> {
    u32::try_from(v).context("stored version out of range")
}

pub fn receipt(id: &str, instrument: String, v: i64, received_at_ms: i64) -> StoreResult<Receipt> {
    Ok(Receipt {
        id: check_in_id(id)?,
        instrument,
        version: version(v)?,
        received_at_ms,
    })
}

/// A stored plan; NULL is the usual one.
pub fn plan(stored: Option<&str>) -> StoreResult<Plan> {
    match stored {
        None => Ok(Plan::usual()),
        Some(json) => serde_json::from_str(json).context("stored plan is not valid"),
    }
}

/// A response as every read selects it (`r.client_id, r.id, … r.answered_at`).
#[derive(sqlx::FromRow)]
pub struct ResponseRow {
    pub client_id: i64,
    pub id: String,
    pub instrument: String,
    pub version: i64,
    pub answers: String,
    pub total: Option<i64>,
    pub band: Option<String>,
    pub risk: bool,
    pub received_at: i64,
    pub answered_at: i64,
}

impl ResponseRow {
    pub fn view(self) -> StoreResult<(i64, ResponseView)> {
        Ok((
            self.client_id,
            ResponseView {
                id: check_in_id(&self.id)?,
                instrument: self.instrument,
                version: version(self.version)?,
                answers: serde_json::from_str::<Answers>(&self.answers)?,
                total: self.total.map(u8::try_from).transpose()?,
                band: self.band,
                risk: self.risk,
                received_at_ms: self.received_at,
                answered_at_ms: self.answered_at,
            },
        ))
    }
}

/// A [`ResponseRow`] with its place in insertion order (`seq`): a window's picks can
/// name one response twice (the newest may be the first), and `seq` tells them apart.
#[derive(sqlx::FromRow)]
pub struct SeqRow {
    #[sqlx(flatten)]
    pub row: ResponseRow,
    pub seq: i64,
}

/// A client as the caseload reads them.
#[derive(sqlx::FromRow)]
pub struct CaseloadClient {
    pub id: i64,
    pub label: String,
    pub created_at: i64,
    pub plan: Option<String>,
    pub archived_at: Option<i64>,
    /// Kept by the database's triggers on every insert (migrations `client_counts`).
    pub response_count: i64,
    pub open_risk_count: i64,
}

impl CaseloadClient {
    pub fn record(self) -> StoreResult<ClientRecord> {
        Ok(ClientRecord {
            client_id: self.id,
            label: self.label,
            added_at_ms: self.created_at,
            ended: None,
            episodes: Vec::new(),
            history: Vec::new(),
            risk_flags: Vec::new(),
            unloaded_open_risks: 0,
            response_count: u32::try_from(self.response_count)?,
            open_requests: Vec::new(),
            plan: plan(self.plan.as_deref())?,
            archived_at_ms: self.archived_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct EpisodeRow {
    pub client_id: i64,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub ending_type: Option<String>,
}

impl EpisodeRow {
    pub fn episode(self) -> StoreResult<(i64, Episode)> {
        let ended = match (self.ended_at, self.ending_type) {
            (Some(at_ms), Some(t)) => Some(EndedView {
                at_ms,
                ending_type: EndingType::parse(&t).context("stored ending type is unknown")?,
            }),
            _ => None,
        };
        Ok((
            self.client_id,
            Episode {
                started_at_ms: self.started_at,
                ended,
            },
        ))
    }
}

/// The request columns [`RequestRow`] reads, in its order. A macro so queries stay
/// static strings, which sqlx insists on (no SQL is ever built from data).
macro_rules! request_columns {
    () => {
        "id, wish, reasons, message, preferred_times, check_back_on, status, \
         reply, proposed_time, time_answer, time_suggestion, created_at, updated_at"
    };
}
pub(crate) use request_columns;

/// A stored request as read, in [`request_columns`]' names.
#[derive(sqlx::FromRow)]
pub struct RequestRow {
    id: String,
    wish: String,
    reasons: String,
    message: String,
    preferred_times: String,
    check_back_on: Option<String>,
    status: String,
    reply: Option<String>,
    proposed_time: Option<String>,
    time_answer: Option<String>,
    time_suggestion: Option<String>,
    created_at: i64,
    updated_at: i64,
}

/// A [`RequestRow`] with its client's id.
#[derive(sqlx::FromRow)]
pub struct OwnedRequestRow {
    pub client_id: i64,
    #[sqlx(flatten)]
    pub row: RequestRow,
}

fn parse_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> StoreResult<T> {
    serde_json::from_str(text).with_context(|| format!("stored {what} is not valid"))
}

impl RequestRow {
    pub fn view(self) -> StoreResult<RequestView> {
        Ok(RequestView {
            id: CheckInId(Uuid::parse_str(&self.id).context("stored request id is not a UUID")?),
            wish: parse_json::<Wish>("wish", &format!("\"{}\"", self.wish))?,
            reasons: parse_json::<Vec<Reason>>("reasons", &self.reasons)?,
            message: self.message,
            preferred_times: self.preferred_times,
            check_back_on: self.check_back_on,
            status: RequestStatus::parse(&self.status)
                .context("stored request status is unknown")?,
            reply: self.reply,
            proposed_time: self.proposed_time,
            time_answer: self
                .time_answer
                .map(|a| TimeAnswer::parse(&a).context("stored time answer is unknown"))
                .transpose()?,
            time_suggestion: self.time_suggestion,
            created_at_ms: self.created_at,
            updated_at_ms: self.updated_at,
        })
    }
}

impl OwnedRequestRow {
    pub fn view(self) -> StoreResult<(i64, RequestView)> {
        Ok((self.client_id, self.row.view()?))
    }
}

/// A wish as stored: its JSON name without the quotes.
pub fn wish_text(wish: Wish) -> StoreResult<String> {
    Ok(serde_json::to_string(&wish)?.trim_matches('"').to_owned())
}

/// A request sent again under an id already stored: the same request (a retry) or a
/// different one (a conflict).
pub fn request_again(
    owner: i64,
    stored: RequestView,
    client: ClientId,
    request: &NewRequest,
) -> Recorded<RequestView> {
    let same = owner == client.0
        && stored.wish == request.wish
        && stored.reasons == request.reasons
        && stored.message == request.message
        && stored.preferred_times == request.preferred_times
        && stored.check_back_on == request.check_back_on;
    if same {
        Recorded::Again(stored)
    } else {
        Recorded::Conflict
    }
}

/// A stored response as a retry compares it: whose it is and what it said.
#[derive(sqlx::FromRow)]
pub struct StoredResponse {
    pub client_id: i64,
    pub instrument: String,
    pub version: i64,
    pub answers: String,
    pub received_at: i64,
}

/// A check-in sent again under an id already stored: the same answers of the same
/// client (a retry, answered with the original receipt) or anything else (a conflict).
/// `answers` are compared as stored text: keys serialize sorted, so equal answers give
/// equal text.
pub fn response_again(
    id: &str,
    stored: StoredResponse,
    client: ClientId,
    (instrument, version, answers): (&str, i64, &str),
) -> StoreResult<Recorded<Receipt>> {
    let same = stored.client_id == client.0
        && stored.instrument == instrument
        && stored.version == version
        && stored.answers == answers;
    Ok(if same {
        Recorded::Again(receipt(
            id,
            stored.instrument,
            stored.version,
            stored.received_at,
        )?)
    } else {
        Recorded::Conflict
    })
}

/// A risk answer with its acknowledgement, if any (`a.action, a.note, a.at`, and the
/// acknowledging therapist's name as `by_name`).
#[derive(sqlx::FromRow)]
pub struct FlagRow {
    pub client_id: i64,
    pub id: String,
    pub instrument: String,
    pub version: i64,
    pub answers: String,
    pub answered_at: i64,
    pub action: Option<String>,
    pub note: Option<String>,
    pub at: Option<i64>,
    pub by_name: Option<String>,
}

impl FlagRow {
    pub fn flag(self) -> StoreResult<(i64, RiskFlag)> {
        let id = check_in_id(&self.id)?;
        let answers: Answers = serde_json::from_str(&self.answers)?;
        let mut flag = RiskFlag::of(
            id,
            &self.instrument,
            version(self.version)?,
            &answers,
            self.answered_at,
        )
        .with_context(|| format!("response {id} is stored as a risk but opens no flag"))?;
        flag.acknowledged = match (self.action, self.note, self.at) {
            (Some(action), Some(note), Some(at_ms)) => Some(Acknowledgement {
                action: RiskAction::parse(&action).context("stored risk action is unknown")?,
                note,
                at_ms,
                by: self.by_name.unwrap_or_default(),
            }),
            _ => None,
        };
        Ok((self.client_id, flag))
    }
}
