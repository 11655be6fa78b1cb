//! Sends the outbox. An item leaves it only on Ajar's receipt for that item; network
//! failures, 408, 429, 5xx and anything not from Ajar are retried with backoff (no
//! sooner than a `Retry-After`), at start and on the browser's `online` event. A refusal
//! ("these answers are wrong") puts the answers back in their draft with the reason, or
//! holds them aside if a newer draft is there: one refused item never blocks the rest.
//! Risk answers go first. One tab sends at a time (`offline::lock::SENDING`), and
//! nothing is sent before the server has said whose phone this is.

use crate::api::{self, ApiFailure};
use crate::messages::catalogue;
use crate::offline::{self, lock, space};
use ajar_core::api::OTHER_CLIENT;
use ajar_core::instruments;
use ajar_core::outbox::{Outgoing, Pending};
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
    /// Another tab signed the phone in with a different client's link: this page's
    /// answers wait, unsent, for their own link.
    OtherLink,
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
            Status::OtherLink => m.other_link_opened.into(),
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

    /// Moves a finished check-in or request from its draft into the outbox and starts
    /// sending. Returns false (and changes nothing) when the phone would not store it.
    pub async fn enqueue(&self, item: Outgoing, from: offline::DraftOf<'_>) -> bool {
        if !offline::enqueue(item, from).await {
            return false;
        }
        self.failures.set_value(0);
        self.flush();
        true
    }

    /// Sends what is in the outbox until it is empty or the server cannot be reached.
    /// Safe to call at any time: one send runs at once in this tab, and in one tab of
    /// the phone at a time (another tab already sending is tried again shortly).
    pub fn flush(&self) {
        // `try_`: a retry timer can outlive the page part that set it; it then stops.
        if self.flushing.try_get_value() != Some(false) {
            return;
        }
        if !space::confirmed() {
            // Not yet known whose phone this is (offline, or still connecting): say what
            // waits; the connection sends it once the server has answered.
            let waiting = offline::load_outbox().pending();
            let other_link = self.status.try_get_untracked() == Some(Status::OtherLink);
            if !waiting.is_empty() && !other_link {
                self.say(Status::Waiting(waiting));
            }
            return;
        }
        self.flushing.try_set_value(true);
        let this = *self;
        spawn_local(async move {
            let ran = lock::if_free(lock::SENDING, async move { this.flush_now().await }).await;
            this.flushing.try_set_value(false);
            if !ran {
                set_timeout(move || this.flush(), Duration::from_secs(3));
            }
        });
    }

    fn say(&self, status: Status) {
        self.status.try_set(status);
    }

    async fn flush_now(&self) {
        let mut sent_any = false;
        // A refusal is what the client must hear at the end, over "Sent" for the rest.
        let mut refusal = None;
        loop {
            // Asked again before each item: whose phone this is can change mid-send.
            let Some(written_for) = space::client_ref() else {
                return;
            };
            if self.flushing.try_get_value().is_none() {
                return;
            }
            let outbox = offline::load_outbox();
            let Some(next) = outbox.next_to_send().cloned() else {
                self.say(match refusal {
                    Some(reason) => Status::Refused(reason),
                    None if sent_any => Status::Sent,
                    None => self.resting(&outbox),
                });
                if sent_any {
                    // Once, when everything went: the page reads again what the server holds.
                    self.confirmed.try_update(|n| *n += 1);
                }
                return;
            };
            self.say(Status::Sending);
            match boxed(api::submit(&next, &written_for)).await {
                Ok(()) => {
                    let id = next.id();
                    boxed(offline::change_outbox(move |o| o.take(id))).await;
                    self.failures.try_set_value(0);
                    sent_any = true;
                    if next.shows_risk() {
                        self.risk_sent.try_set(true);
                    }
                }
                Err(ApiFailure::SignedOut { .. }) => {
                    self.say(Status::SignedOut);
                    return;
                }
                Err(f) if f.code() == Some(OTHER_CLIENT) => {
                    // Kept as it is, for when its own link is opened again in a tab.
                    space::unconfirm();
                    self.say(Status::OtherLink);
                    return;
                }
                Err(failure) if failure.is_retryable() => {
                    self.say(Status::Waiting(outbox.pending()));
                    let wait = match failure {
                        ApiFailure::Busy {
                            retry_after_s: Some(s),
                            ..
                        } => Some(Duration::from_secs(u64::from(s).min(3600))),
                        _ => None,
                    };
                    self.retry_later(wait);
                    return;
                }
                Err(failure) => refusal = Some(boxed(self.refused(next, failure)).await),
            }
        }
    }

    /// What to say when nothing is being sent: refused answers waiting for the client,
    /// or nothing at all.
    fn resting(&self, outbox: &ajar_core::outbox::Outbox) -> Status {
        match outbox.held().first() {
            Some(h) => Status::Refused(h.reason.clone()),
            None => Status::Idle,
        }
    }

    /// A refused item returns to its draft with the server's reason (returned, to say once
    /// the send is over), so nothing the
    /// client wrote is dropped and they can change it and send again. A draft the client
    /// started meanwhile is not overwritten: the refused item is then held aside (kept,
    /// not sent) and the rest of the outbox goes on.
    async fn refused(&self, item: Outgoing, failure: ApiFailure) -> String {
        let reason = failure.message();
        self.say(Status::Refused(reason.clone()));
        let said = reason.clone();
        // A 409 means the id is taken by something else: only a new id can ever succeed.
        let keep_id = !matches!(failure, ApiFailure::Refused { status: 409, .. });
        let id = item.id();
        let what = match &item {
            Outgoing::Response(r) => r.instrument.clone(),
            Outgoing::Request(_) => "request".into(),
        };
        // The draft is read, filled and saved, and the item leaves the outbox, in one
        // hold of the lock: a draft another tab begins meanwhile is never overwritten.
        let back = offline::under_lock(move || {
            let back = back_to_draft(&item, keep_id, &reason);
            offline::change_outbox_now(|o| {
                if back {
                    o.take(id);
                } else {
                    o.hold(id, reason);
                }
            });
            back
        })
        .await;
        if back {
            self.refused.try_set(Some(what));
        }
        said
    }

    fn retry_later(&self, at_least: Option<Duration>) {
        let failures = self.failures.try_get_value().unwrap_or(0).saturating_add(1);
        self.failures.try_set_value(failures);
        let backoff = Duration::from_secs(1 << failures.min(6)).min(MAX_BACKOFF);
        let delay = at_least.map_or(backoff, |w| w.max(backoff));
        let this = *self;
        set_timeout(move || this.flush(), delay);
    }
}

/// Puts a refused item's answers back into its draft; false when a begun draft is there.
fn back_to_draft(item: &Outgoing, keep_id: bool, reason: &str) -> bool {
    match item {
        Outgoing::Request(r) => {
            let form = offline::RequestForm::of(r.wish);
            let mut draft = offline::load_or_start_request(form);
            if draft.wish.is_some() {
                return false;
            }
            if keep_id {
                draft.id = r.id;
            }
            draft.wish = Some(r.wish);
            draft.reasons = r.reasons.clone();
            draft.message = r.message.clone();
            draft.preferred_times = r.preferred_times.clone();
            draft.check_back_on = r.check_back_on.clone().unwrap_or_default();
            offline::save_request(form, &draft)
        }
        Outgoing::Response(r) => {
            let Some(instrument) = instruments::find(&r.instrument, r.version) else {
                return false;
            };
            if offline::load_draft(instrument).is_some_and(|d| !d.is_blank()) {
                return false;
            }
            let mut draft = offline::load_or_start_draft(instrument);
            if keep_id {
                draft.id = r.id;
            }
            draft.answers = r.answers.clone();
            draft.refused = Some(reason.to_owned());
            offline::save_draft(&draft)
        }
    }
}

/// Awaited through a pointer, so the send loop's state machine does not grow by a copy of
/// each step's own (the phone downloads every byte of it).
fn boxed<'a, T>(
    f: impl Future<Output = T> + 'a,
) -> std::pin::Pin<Box<dyn Future<Output = T> + 'a>> {
    Box::pin(f)
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
        assert!(Status::OtherLink.words().contains("kept on this phone"));
    }
}
