//! Where the client's check-in meets storage and the network: the draft is saved on every
//! change, "Send" moves it to the outbox, and the outbox is sent until the server says 2xx.

use crate::api::{self, ApiFailure};
use crate::offline;
use ajar_core::api::{CheckInReceipt, NewCheckIn};
use ajar_core::draft::{Draft, NotReady};
use ajar_core::{CheckInId, Rating};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// What the page tells the client about their answers, always in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Nothing typed yet.
    Blank,
    SavedOnPhone,
    Sending,
    Sent,
    /// Check-ins in the outbox and no answer from the server.
    Waiting(usize),
    /// The server refused; the answers are back in the form.
    Refused(String),
    /// Not signed in: the outbox waits until the link is opened again.
    SignedOut(String),
}

impl Status {
    pub fn words(&self) -> String {
        match self {
            Status::Blank => String::new(),
            Status::SavedOnPhone => "Saved on this phone".into(),
            Status::Sending => "Sending…".into(),
            Status::Sent => "Sent".into(),
            Status::Waiting(1) => "Waiting for a connection — 1 check-in will be sent".into(),
            Status::Waiting(n) => format!("Waiting for a connection — {n} check-ins will be sent"),
            Status::Refused(m) | Status::SignedOut(m) => m.clone(),
        }
    }
}

/// Longest pause between two tries; short enough that a client who gets signal back
/// sees "Sent" soon even if the browser never fires `online`.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

#[derive(Clone, Copy)]
pub struct CheckInFlow {
    pub draft: RwSignal<Draft>,
    pub status: RwSignal<Status>,
    pub last_sent: RwSignal<Option<CheckInReceipt>>,
    flushing: StoredValue<bool>,
    failures: StoredValue<u32>,
}

impl CheckInFlow {
    pub fn new() -> Self {
        let draft = RwSignal::new(offline::load_or_start_draft());
        let waiting = offline::load_outbox().len();
        let status = if waiting > 0 {
            Status::Waiting(waiting)
        } else if draft.get_untracked().is_blank() {
            Status::Blank
        } else {
            Status::SavedOnPhone
        };
        // Every change to the draft reaches the phone's storage.
        Effect::new(move |_| offline::save_draft(&draft.get()));
        Self {
            draft,
            status: RwSignal::new(status),
            last_sent: RwSignal::new(None),
            flushing: StoredValue::new(false),
            failures: StoredValue::new(0),
        }
    }

    pub fn set_rating(&self, rating: Rating) {
        self.edit(|d| d.rating = Some(rating));
    }

    pub fn set_note(&self, note: String) {
        self.edit(|d| d.note = note);
    }

    fn edit(&self, change: impl FnOnce(&mut Draft)) {
        self.draft.update(|d| {
            change(d);
            d.updated_at_ms = offline::now_ms();
        });
        if !matches!(
            self.status.get_untracked(),
            Status::Waiting(_) | Status::Sending
        ) {
            self.status.set(Status::SavedOnPhone);
        }
    }

    /// Moves the draft to the outbox and starts sending. The draft is only replaced once
    /// the outbox holding its answers is safely stored.
    pub fn send(&self) -> Result<(), NotReady> {
        let submission = self.draft.get_untracked().to_submission()?;
        let mut outbox = offline::load_outbox();
        outbox.push(submission);
        if !offline::save_outbox(&outbox) {
            self.status.set(Status::Refused(
                "This phone would not store your answers, so they are still here. Please try Send again."
                    .into(),
            ));
            return Ok(());
        }
        self.draft.set(offline::new_draft());
        self.failures.set_value(0);
        self.flush();
        Ok(())
    }

    /// Sends what is in the outbox, oldest first, until it is empty or the server cannot
    /// be reached. Safe to call at any time: only one send runs at once.
    pub fn flush(&self) {
        if self.flushing.get_value() {
            return;
        }
        self.flushing.set_value(true);
        let this = *self;
        spawn_local(async move {
            this.flush_now().await;
            this.flushing.set_value(false);
        });
    }

    async fn flush_now(&self) {
        loop {
            let outbox = offline::load_outbox();
            let Some(next) = outbox.first().cloned() else {
                return;
            };
            self.status.set(Status::Sending);
            match api::submit_checkin(&next).await {
                Ok(receipt) => {
                    self.confirmed(next.id);
                    self.failures.set_value(0);
                    self.last_sent.set(Some(receipt));
                    let left = offline::load_outbox().len();
                    self.status.set(if left == 0 {
                        Status::Sent
                    } else {
                        Status::Waiting(left)
                    });
                }
                Err(failure) if failure.is_retryable() => {
                    self.status.set(Status::Waiting(outbox.len()));
                    self.retry_later();
                    return;
                }
                Err(ApiFailure::SignedOut(message)) => {
                    self.status.set(Status::SignedOut(message));
                    return;
                }
                Err(failure) => {
                    self.back_to_draft(next, failure);
                }
            }
        }
    }

    fn confirmed(&self, id: CheckInId) {
        let mut outbox = offline::load_outbox();
        outbox.take(id);
        offline::save_outbox(&outbox);
    }

    /// A refused check-in returns to the form with the server's reason, so nothing the
    /// client wrote is dropped and they can change it and send again.
    fn back_to_draft(&self, refused: NewCheckIn, failure: ApiFailure) {
        let mut draft = offline::new_draft();
        // A 409 means the id is taken by other answers: only a new id can ever succeed.
        if !matches!(failure, ApiFailure::Refused { status: 409, .. }) {
            draft.id = refused.id;
        }
        draft.rating = Some(refused.rating);
        draft.note = refused.note.as_str().to_owned();
        self.draft.set(draft);
        self.confirmed(refused.id);
        self.status.set(Status::Refused(failure.message()));
    }

    fn retry_later(&self) {
        let failures = self.failures.get_value().saturating_add(1);
        self.failures.set_value(failures);
        let delay = Duration::from_secs(1 << failures.min(6)).min(MAX_BACKOFF);
        let this = *self;
        set_timeout(move || this.flush(), delay);
    }
}

impl Default for CheckInFlow {
    fn default() -> Self {
        Self::new()
    }
}
