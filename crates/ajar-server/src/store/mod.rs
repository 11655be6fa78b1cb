//! Storage behind one trait. Only the modules under `store/` run SQL; the rest of the
//! server talks to a `dyn Store`. `sqlite/` and `postgres/` hold only SQL, each with its
//! own migrations; what rows mean and how a caseload is assembled is here, shared.

mod audit_key;
mod caseload;
pub mod copy;
mod database;
mod home;
mod postgres;
pub mod push;
mod rows;
mod session_state;
mod sqlite;

pub use audit_key::path_for as audit_key_path;
pub use database::Database;
pub use postgres::PgStore;
pub use session_state::{EndedBecause, SessionLookup};
pub use sqlite::{SqliteStore, sqlite_code};

use crate::auth::TokenHash;
use ajar_core::CheckInId;
use ajar_core::api::{ClientHome, Receipt, RequestView, ResponseView, TherapistMe};
use ajar_core::caseload::{ClientRecord, Reading};
use ajar_core::ending::{Action, EndingType, InvalidTransition, NewRequest, TimeAnswer};
use ajar_core::plan::Plan;
use ajar_core::response::ValidResponse;
use ajar_core::risk::{AcknowledgeRisk, RiskFlag};
use async_trait::async_trait;

/// Any failure of the storage itself. Always a 5xx to the caller; never carries answer text.
pub type StoreResult<T> = Result<T, anyhow::Error>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TherapistId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Client,
    Therapist,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Therapist => "therapist",
        }
    }
}

/// One live therapist session, for the "Signed-in devices" list.
pub struct SessionInfo {
    /// The start of its token's hash, in hex: tells sessions apart, opens none.
    pub id: String,
    pub created_at_ms: i64,
    pub last_used_at_ms: i64,
    pub device: Option<String>,
}

/// A therapist's TOTP key as stored.
pub struct TotpRow {
    pub key: Vec<u8>,
    /// In force (asked for at every sign-in), not just being set up.
    pub confirmed: bool,
}

/// An audit-trail entry for a change: the store writes it in the change's own
/// transaction, so the trail never shows a change that did not happen, nor misses one
/// that did (a crash between two commits could do either).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audited {
    /// `therapist:<id>`, or `cli` / `demo` for changes made on the server machine.
    pub actor: String,
    pub action: String,
    /// For `add_client`, the store names the client it created.
    pub subject: String,
    pub at_ms: i64,
}

impl Audited {
    pub fn new(
        actor: impl Into<String>,
        action: impl Into<String>,
        subject: impl Into<String>,
        at_ms: i64,
    ) -> Self {
        Self {
            actor: actor.into(),
            action: action.into(),
            subject: subject.into(),
            at_ms,
        }
    }
}

/// What happened to something a phone submitted under its own id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded<T> {
    /// Stored now, and committed.
    New(T),
    /// This exact submission was stored before: the original receipt.
    Again(T),
    /// The id is taken by a different submission.
    Conflict,
}

/// Whose requests an action may touch: a client's own, or a therapist's clients'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Client(ClientId),
    Therapist(TherapistId),
}

/// An action on a request, with the therapist's reply when the action is `Reply`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestChange {
    pub action: Action,
    pub reply: Option<(String, String)>,
    /// The client's answer to a proposed time, set (`Some`) or cleared (`None`); left
    /// as it is when the outer `None`.
    pub time: Option<Option<(TimeAnswer, String)>>,
}

#[derive(Debug, Clone)]
pub struct ClientRow {
    pub id: ClientId,
    pub label: String,
    pub archived_at_ms: Option<i64>,
}

/// Whether a caseload read includes archived clients (exports and figures do; the
/// caseload a therapist works from does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Archived {
    Include,
    Exclude,
}

/// Where an export's stream of responses has got to: the last response it sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryCursor {
    pub client_id: i64,
    pub received_at_ms: i64,
    pub id: CheckInId,
}

/// Where a page of a client's words ended: the oldest response it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordsCursor {
    pub answered_at_ms: i64,
    pub id: CheckInId,
}

/// The outcome of acknowledging a risk flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskAcknowledged {
    Done,
    /// Acknowledged before, at this time; the first acknowledgement stands.
    Already {
        at_ms: i64,
    },
    /// No risk response of this therapist's client has this id.
    NoSuchFlag,
}

/// How long a key must still wait, given its attempts' times (oldest first), in ms.
pub type WaitRule = dyn Fn(&str, &[i64]) -> i64 + Send + Sync;

/// What several servers on one database count together: a store whose servers can be
/// several (PostgreSQL) keeps the sign-in throttle's attempts and phones' request counts
/// in the database. The rules are `throttle.rs` and `rate_limit.rs`; a store for one
/// server (SQLite) has none of this, and those counts stay in the server's memory.
#[async_trait]
pub trait SharedLimits: Send + Sync {
    /// Under one lock per key: forgets the attempts of `keys` made at `since_ms` or
    /// before, asks `wait` how long each key must still wait given its remaining attempt
    /// times (oldest first), and when none must, records an attempt at `now_ms` for every
    /// key and returns their ids; otherwise the longest wait, in milliseconds.
    async fn reserve_sign_in(
        &self,
        keys: &[String],
        since_ms: i64,
        now_ms: i64,
        wait: &WaitRule,
    ) -> StoreResult<Result<Vec<i64>, i64>>;
    /// The attempts with these ids do not count after all.
    async fn release_sign_in(&self, ids: &[i64]) -> StoreResult<()>;
    /// Every attempt of this key is forgotten (a sign-in succeeded).
    async fn clear_sign_ins(&self, key: &str) -> StoreResult<()>;
    /// Counts one request against each key in the minute that starts at `window_ms`;
    /// each key's count so far in it, in the keys' order.
    async fn count_request(&self, keys: &[String], window_ms: i64) -> StoreResult<Vec<i64>>;
}

#[async_trait]
pub trait Store: push::PushStore + Send + Sync + 'static {
    /// Waits for open work and closes every connection.
    async fn close(&self);
    /// The counts every server of this database shares, if it can have several.
    fn shared_limits(&self) -> Option<Box<dyn SharedLimits + '_>> {
        None
    }
    async fn therapist_count(&self) -> StoreResult<i64>;
    async fn add_therapist(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        now_ms: i64,
    ) -> StoreResult<TherapistId>;
    /// The id and password hash of the therapist with this email (case-insensitive).
    async fn therapist_credentials(
        &self,
        email: &str,
    ) -> StoreResult<Option<(TherapistId, String)>>;
    /// Sets the password and ends every session of the account but `keep` (the browser
    /// that changed it, if it was changed in the app), with its audit entry, in one commit.
    async fn set_therapist_password(
        &self,
        email: &str,
        password_hash: &str,
        keep: Option<&TokenHash>,
        audit: &Audited,
    ) -> StoreResult<Option<TherapistId>>;
    /// Disables (ending every session) or enables the account, with its audit entry.
    async fn set_therapist_disabled(
        &self,
        email: &str,
        disabled: bool,
        audit: &Audited,
    ) -> StoreResult<Option<TherapistId>>;
    async fn therapist_disabled(&self, therapist: TherapistId) -> StoreResult<bool>;
    async fn therapist(&self, id: TherapistId) -> StoreResult<Option<TherapistMe>>;

    async fn add_client(
        &self,
        therapist: TherapistId,
        label: &str,
        link: &TokenHash,
        now_ms: i64,
        audit: &Audited,
    ) -> StoreResult<ClientId>;
    /// Replaces the client's link: the old one stops working at once, and every phone
    /// signed in with it is signed out in the same commit.
    async fn set_client_link(
        &self,
        client: ClientId,
        link: &TokenHash,
        audit: &Audited,
    ) -> StoreResult<()>;
    /// This therapist's client, if it is theirs.
    async fn client(
        &self,
        therapist: TherapistId,
        client: ClientId,
    ) -> StoreResult<Option<ClientRow>>;
    /// Revokes the client's link; every phone signed in with it is signed out, in the same
    /// commit (told why when it comes back).
    async fn revoke_client_link(&self, client: ClientId, audit: &Audited) -> StoreResult<()>;
    async fn client_by_link(&self, link: &TokenHash) -> StoreResult<Option<ClientId>>;
    /// Every client of the therapist, archived ones too, by label.
    async fn clients_of(&self, therapist: TherapistId) -> StoreResult<Vec<ClientRow>>;
    async fn set_plan(&self, client: ClientId, plan: &Plan, audit: &Audited) -> StoreResult<()>;
    /// Takes the client off the caseload, revokes their link and signs out their phones,
    /// all in one commit. Their answers stay, for the record and for exports.
    async fn archive_client(
        &self,
        client: ClientId,
        now_ms: i64,
        audit: &Audited,
    ) -> StoreResult<()>;
    /// Back on the caseload; the link stays revoked until the therapist makes a new one.
    async fn restore_client(&self, client: ClientId, audit: &Audited) -> StoreResult<()>;

    /// `device`: the therapist's browser, for the "Signed-in devices" list.
    async fn create_session(
        &self,
        token: &TokenHash,
        kind: SessionKind,
        subject: i64,
        now_ms: i64,
        expires_ms: i64,
        device: Option<&str>,
    ) -> StoreResult<()>;
    /// The therapist's live sessions, newest use first.
    async fn therapist_sessions(
        &self,
        therapist: TherapistId,
        now_ms: i64,
    ) -> StoreResult<Vec<SessionInfo>>;
    /// Ends every live session of the therapist but `keep`, with its audit entry; how many.
    async fn end_other_sessions(
        &self,
        therapist: TherapistId,
        keep: &TokenHash,
        audit: &Audited,
    ) -> StoreResult<u64>;
    /// Deletes sessions past their expiry (an ended one is kept until then, to say why).
    async fn purge_expired_sessions(&self, now_ms: i64) -> StoreResult<u64>;
    /// The subject of a live session of this kind: not past its absolute expiry, not
    /// ended early and, with `idle_ms`, used within that long. Using it keeps it alive.
    /// One ended early (and not yet past its expiry) says why.
    async fn session_subject(
        &self,
        token: &TokenHash,
        kind: SessionKind,
        now_ms: i64,
        idle_ms: Option<i64>,
    ) -> StoreResult<SessionLookup>;
    async fn delete_session(&self, token: &TokenHash) -> StoreResult<()>;

    async fn client_home(&self, client: ClientId) -> StoreResult<ClientHome>;
    /// Whether the therapist has closed this client's therapy.
    async fn therapy_ended(&self, client: ClientId) -> StoreResult<bool>;
    /// The name the client's phone files their answers under (`ClientHome::phone_ref`).
    async fn phone_ref(&self, client: ClientId) -> StoreResult<String>;
    /// Stores a validated, normalized response with its score, and returns only after it
    /// is committed to disk.
    async fn record_response(
        &self,
        client: ClientId,
        response: &ValidResponse,
        now_ms: i64,
    ) -> StoreResult<Recorded<Receipt>>;
    /// Every client of the therapist (or only `only`, if it is theirs, archived or not)
    /// with their episodes, open requests, risk flags and history: as much of it as
    /// `reading` asks for.
    async fn caseload(
        &self,
        therapist: TherapistId,
        only: Option<ClientId>,
        reading: Reading,
        archived: Archived,
    ) -> StoreResult<Vec<ClientRecord>>;
    /// Up to `limit` responses of the therapist's clients (or of `only`), archived ones
    /// included, after `after` in export order: client, then time received, then id.
    /// An export reads page by page, so its memory does not grow with the caseload.
    async fn history_page(
        &self,
        therapist: TherapistId,
        only: Option<ClientId>,
        after: Option<&HistoryCursor>,
        limit: u32,
    ) -> StoreResult<Vec<(i64, ResponseView)>>;
    /// Up to `limit` of one client's responses that hold words (a text answer), newest
    /// answered first, older than `before`: a client's page shows their words a page at
    /// a time, however many they wrote. Another therapist's client has none.
    async fn words_page(
        &self,
        therapist: TherapistId,
        client: ClientId,
        before: Option<&WordsCursor>,
        limit: u32,
    ) -> StoreResult<Vec<ResponseView>>;
    /// The risk flags (open or acknowledged) of those of `responses` that are risk answers
    /// of the therapist's clients, each with its client's id.
    async fn risk_flags_of(
        &self,
        therapist: TherapistId,
        responses: &[CheckInId],
    ) -> StoreResult<Vec<(i64, RiskFlag)>>;
    /// Each (instrument, version) the therapist's clients (or `only`) ever answered.
    async fn instruments_used(
        &self,
        therapist: TherapistId,
        only: Option<ClientId>,
    ) -> StoreResult<Vec<(String, u32)>>;

    /// Stores a validated, normalized request; committed before it returns.
    async fn record_request(
        &self,
        client: ClientId,
        request: &NewRequest,
        now_ms: i64,
    ) -> StoreResult<Recorded<RequestView>>;
    /// A therapist's client's requests, every status, newest first (at most 20): empty
    /// for anyone else's client.
    async fn requests_of_client(
        &self,
        therapist: TherapistId,
        client: ClientId,
    ) -> StoreResult<Vec<RequestView>>;
    /// Applies `change` to a request within `scope`. `None` when no such request is in
    /// scope (so other people's requests are indistinguishable from missing ones).
    async fn change_request(
        &self,
        scope: Scope,
        id: CheckInId,
        change: RequestChange,
        now_ms: i64,
        audit: Option<&Audited>,
    ) -> StoreResult<Option<Result<RequestView, InvalidTransition>>>;
    /// Records how therapy ended and closes the client's open requests. False when the
    /// client is not this therapist's.
    async fn close_therapy(
        &self,
        therapist: TherapistId,
        client: ClientId,
        ending: EndingType,
        now_ms: i64,
        audit: &Audited,
    ) -> StoreResult<bool>;
    /// Starts therapy again after an ending. False when the client is not this therapist's.
    async fn reopen_therapy(
        &self,
        therapist: TherapistId,
        client: ClientId,
        audit: &Audited,
    ) -> StoreResult<bool>;
    /// The therapist's own door-open message, if they wrote one.
    /// Records what the therapist did about one of their client's risk flags, with its
    /// audit entry.
    async fn acknowledge_risk(
        &self,
        therapist: TherapistId,
        client: ClientId,
        response: CheckInId,
        ack: &AcknowledgeRisk,
        audit: &Audited,
    ) -> StoreResult<RiskAcknowledged>;

    async fn door_open(&self, therapist: TherapistId) -> StoreResult<Option<String>>;
    /// Sets the door-open message, with its audit entry, in one commit.
    async fn set_door_open(
        &self,
        therapist: TherapistId,
        message: &str,
        audit: &Audited,
    ) -> StoreResult<()>;
    /// The practice's crisis text, if the therapist wrote one.
    async fn crisis_text(&self, therapist: TherapistId) -> StoreResult<Option<String>>;
    /// `None` returns to the shipped default.
    async fn set_crisis_text(
        &self,
        therapist: TherapistId,
        text: Option<&str>,
        audit: &Audited,
    ) -> StoreResult<()>;

    /// The therapist's TOTP key, confirmed or still being set up.
    async fn totp(&self, therapist: TherapistId) -> StoreResult<Option<TotpRow>>;
    /// Starts setting up a key (replacing one not yet confirmed). False, and nothing
    /// changed, when a confirmed key is already in force.
    async fn begin_totp(
        &self,
        therapist: TherapistId,
        key: &[u8],
        now_ms: i64,
    ) -> StoreResult<bool>;
    /// Puts the key being set up in force, with the step of the code that confirmed it
    /// and the recovery codes' hashes, in one commit with its audit entry. False when no
    /// key was being set up.
    async fn confirm_totp(
        &self,
        therapist: TherapistId,
        step: i64,
        recovery_hashes: &[[u8; 32]],
        audit: &Audited,
    ) -> StoreResult<bool>;
    /// Takes the code's step if it is newer than the last one taken: false for a code
    /// already used (or older), so no code signs in twice, even two at once.
    async fn take_totp_step(&self, therapist: TherapistId, step: i64) -> StoreResult<bool>;
    /// Uses up a recovery code: false for one unknown or already used.
    async fn take_recovery_code(
        &self,
        therapist: TherapistId,
        hash: &[u8; 32],
        audit: &Audited,
    ) -> StoreResult<bool>;
    /// Turns two-step sign-in off: the key and the recovery codes go.
    async fn remove_totp(&self, therapist: TherapistId, audit: &Audited) -> StoreResult<()>;

    /// Appends to the hash-chained audit trail on its own (a read, a sign-in);
    /// committed before it returns. Changes carry their entry instead.
    async fn audit(&self, entry: &Audited) -> StoreResult<()>;
    /// Entries by this actor, or done to it (`ajar therapist passwd`…), newest first.
    async fn audit_trail(&self, actor: &str, limit: u32) -> StoreResult<Vec<crate::audit::Entry>>;
    /// Checks the whole chain (and, given a head saved earlier, that the trail still holds
    /// that entry unchanged); the chain's head when intact.
    async fn verify_audit(
        &self,
        saved_head: Option<&str>,
    ) -> StoreResult<Result<crate::audit::Head, String>>;
}
