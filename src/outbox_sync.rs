//! Sends the outbox. A check-in leaves the outbox only on the server's 2xx; network
//! failures and 5xx are retried with backoff, at start and on the browser's `online` event.

use crate::api::{self, ApiFailure};
use crate::messages::catalogue;
use crate::offline;
use ajar_core::outbox::{Outgoing, Pending};
use ajar_core::{CheckInId, instruments, response};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// Where the client's answers are, always said in words by [`Status::words`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Idle,
    Sending,
    Sent,
    /// Check-ins or requests in the outbox and no answer from the server.
    Waiting(Pending),
    /// The server refused a check-in; its answers are back in a draft.
    Refused(String),
    /// Not signed in: the outbox waits until the link is opened again.
    SignedOut,
}

impl Status {
    pub fn words(&self) -> String {
        let m = catalogue();
        match self {
            Status::Idle => String::new(),
            Status::Sending => m.sending.into(),
            Status::Sent => m.sent.into(),
            Status::Waiting(p) => (m.waiting)(*p),
            Status::Refused(reason) => reason.clone(),
            Status::SignedOut => m.signed_out.into(),
        }
    }
}

/// Longest pause between two tries; short enough that a client who gets signal back
/// sees "Sent" soon even if the browser never fires `online`.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

#[derive(Clone, Copy)]
pub struct OutboxSync {
    pub status: RwSignal<Status>,
    /// Counts confirmed sends, so pages can re-read what the server now holds.
    pub confirmed: RwSignal<u32>,
    /// Set when a sent check-in answered PHQ-9 item 9 above 0.
    pub risk_sent: RwSignal<bool>,
    /// What a refusal put back into a draft (an instrument id, or "request").
    pub refused: RwSignal<Option<String>>,
    flushing: StoredValue<bool>,
    failures: StoredValue<u32>,
}

impl OutboxSync {
    pub fn new() -> Self {
        let waiting = offline::load_outbox().pending();
        Self {
            status: RwSignal::new(if waiting.is_empty() {
                Status::Idle
            } else {
                Status::Waiting(waiting)
            }),
            confirmed: RwSignal::new(0),
            risk_sent: RwSignal::new(false),
            refused: RwSignal::new(None),
            flushing: StoredValue::new(false),
            failures: StoredValue::new(0),
        }
    }

    /// Puts a finished check-in or request in the outbox and starts sending. Returns
    /// false (and changes nothing) when the phone would not store it.
    pub fn enqueue(&self, item: Outgoing) -> bool {
        let mut outbox = offline::load_outbox();
        outbox.push(item);
        if !offline::save_outbox(&outbox) {
            return false;
        }
        self.failures.set_value(0);
        self.flush();
        true
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
            match api::submit(&next).await {
                Ok(()) => {
                    self.remove(next.id());
                    self.failures.set_value(0);
                    if let Outgoing::Response(r) = &next {
                        let risky = instruments::find(&r.instrument, r.version)
                            .is_some_and(|i| response::shows_risk(i, &r.answers));
                        if risky {
                            self.risk_sent.set(true);
                        }
                    }
                    self.confirmed.update(|n| *n += 1);
                    let left = offline::load_outbox().pending();
                    self.status.set(if left.is_empty() {
                        Status::Sent
                    } else {
                        Status::Waiting(left)
                    });
                }
                Err(failure) if failure.is_retryable() => {
                    self.status.set(Status::Waiting(outbox.pending()));
                    self.retry_later();
                    return;
                }
                Err(ApiFailure::SignedOut(_)) => {
                    self.status.set(Status::SignedOut);
                    return;
                }
                Err(failure) => {
                    if !self.back_to_draft(next, failure) {
                        // Still at the head of the outbox: stop rather than resend it now.
                        return;
                    }
                }
            }
        }
    }

    fn remove(&self, id: CheckInId) {
        let mut outbox = offline::load_outbox();
        outbox.take(id);
        offline::save_outbox(&outbox);
    }

    /// A refused item returns to its draft with the server's reason, so nothing the
    /// client wrote is dropped and they can change it and send again. A draft the client
    /// started meanwhile is not overwritten: the refused item then stays in the outbox
    /// until that draft is sent or dropped. Returns whether the item left the outbox.
    fn back_to_draft(&self, refused: Outgoing, failure: ApiFailure) -> bool {
        self.status.set(Status::Refused(failure.message()));
        // A 409 means the id is taken by something else: only a new id can ever succeed.
        let keep_id = !matches!(failure, ApiFailure::Refused { status: 409, .. });
        let refused = match refused {
            Outgoing::Response(r) => r,
            Outgoing::Request(r) => {
                let mut draft = offline::load_or_start_request();
                if draft.wish.is_some() {
                    return false;
                }
                if keep_id {
                    draft.id = r.id;
                }
                draft.wish = Some(r.wish);
                draft.reasons = r.reasons;
                draft.message = r.message;
                draft.preferred_times = r.preferred_times;
                draft.check_back_on = r.check_back_on.unwrap_or_default();
                if !offline::save_request(&draft) {
                    return false;
                }
                self.remove(r.id);
                self.refused.set(Some("request".into()));
                return true;
            }
        };
        let Some(instrument) = instruments::find(&refused.instrument, refused.version) else {
            return false;
        };
        if offline::load_draft(instrument).is_some_and(|d| !d.is_blank()) {
            return false;
        }
        let mut draft = offline::load_or_start_draft(instrument);
        if keep_id {
            draft.id = refused.id;
        }
        draft.answers = refused.answers;
        if !offline::save_draft(&draft) {
            return false;
        }
        self.remove(refused.id);
        self.refused.set(Some(refused.instrument));
        true
    }

    fn retry_later(&self) {
        let failures = self.failures.get_value().saturating_add(1);
        self.failures.set_value(failures);
        let delay = Duration::from_secs(1 << failures.min(6)).min(MAX_BACKOFF);
        let this = *self;
        set_timeout(move || this.flush(), delay);
    }
}

impl Default for OutboxSync {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_is_said_in_words() {
        assert_eq!(Status::Idle.words(), "");
        assert_eq!(Status::Sending.words(), "Sending…");
        assert_eq!(Status::Sent.words(), "Sent");
        let one = Pending {
            check_ins: 1,
            requests: 0,
        };
        assert_eq!(
            Status::Waiting(one).words(),
            "Waiting for a connection — 1 check-in will be sent"
        );
        assert!(Status::SignedOut.words().contains("personal link"));
    }
}
