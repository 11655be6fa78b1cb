//! What the client has sent but the server has not yet confirmed: check-ins and requests.
//!
//! An item leaves the outbox only on the server's receipt for that item. Because each
//! item keeps the id its draft was given, sending it any number of times stores it once.

use crate::CheckInId;
use crate::api::NewResponse;
use crate::ending::NewRequest;
use serde::{Deserialize, Serialize};

/// One thing waiting to be sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "kebab-case")]
pub enum Outgoing {
    Response(NewResponse),
    Request(NewRequest),
}

impl Outgoing {
    pub fn id(&self) -> CheckInId {
        match self {
            Outgoing::Response(r) => r.id,
            Outgoing::Request(r) => r.id,
        }
    }
}

/// How much is waiting, by kind, so the phone can say it in words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pending {
    pub check_ins: usize,
    pub requests: usize,
}

impl Pending {
    pub fn is_empty(self) -> bool {
        self.check_ins == 0 && self.requests == 0
    }
}

/// Bump when the stored shape changes; an outbox of an older shape is read by a
/// migration (or kept aside, unread), never taken for an empty one.
pub const SCHEMA: u32 = 2;

/// An item the server refused that could not go back to its draft (the client had
/// started a new one): kept, with the reason, and not sent again until it can.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, miniserde::Serialize, miniserde::Deserialize,
)]
pub struct Held {
    pub item: Outgoing,
    pub reason: String,
}

#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
pub struct Outbox {
    /// [`SCHEMA`]; absent in the first shape, which had only `items`.
    schema: Option<u32>,
    items: Vec<Outgoing>,
    /// Absent in the first shape.
    held: Option<Vec<Held>>,
}

impl Outbox {
    /// Adds an item; a second push of the same id replaces the first instead of queueing
    /// a duplicate.
    pub fn push(&mut self, item: Outgoing) {
        self.schema = Some(SCHEMA);
        match self.items.iter_mut().find(|c| c.id() == item.id()) {
            Some(existing) => *existing = item,
            None => self.items.push(item),
        }
    }

    /// Removes and returns the item with this id, waiting or held.
    pub fn take(&mut self, id: CheckInId) -> Option<Outgoing> {
        if let Some(at) = self.items.iter().position(|c| c.id() == id) {
            return Some(self.items.remove(at));
        }
        let held = self.held.as_mut()?;
        let at = held.iter().position(|h| h.item.id() == id)?;
        Some(held.remove(at).item)
    }

    /// Moves a waiting item aside with the server's reason: it is kept, but no longer
    /// sent, so it never blocks what comes after it.
    pub fn hold(&mut self, id: CheckInId, reason: String) {
        if let Some(item) = self.take(id) {
            self.schema = Some(SCHEMA);
            self.held
                .get_or_insert_with(Vec::new)
                .push(Held { item, reason });
        }
    }

    /// Adds what another outbox holds that this one does not (by id): two copies of the
    /// same phone's outbox become one, losing nothing and doubling nothing.
    pub fn merge(&mut self, other: Outbox) {
        for item in other.items {
            if !self.has(item.id()) {
                self.push(item);
            }
        }
        for held in other.held.unwrap_or_default() {
            if !self.has(held.item.id()) {
                self.held.get_or_insert_with(Vec::new).push(held);
            }
        }
    }

    fn has(&self, id: CheckInId) -> bool {
        self.items.iter().any(|i| i.id() == id) || self.held().iter().any(|h| h.item.id() == id)
    }

    /// The shape it was stored in (1 for the first, which had no number).
    pub fn schema(&self) -> u32 {
        self.schema.unwrap_or(1)
    }

    /// Items the server refused that wait for the client.
    pub fn held(&self) -> &[Held] {
        self.held.as_deref().unwrap_or_default()
    }

    /// What to send next: the oldest risk answer if there is one (the therapist should
    /// see it first), else the oldest item. Held items are never sent.
    pub fn next_to_send(&self) -> Option<&Outgoing> {
        self.items
            .iter()
            .find(|i| i.shows_risk())
            .or_else(|| self.items.first())
    }

    /// The oldest item waiting to be sent.
    pub fn first(&self) -> Option<&Outgoing> {
        self.items.first()
    }

    /// Items waiting to be sent (held ones not counted).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Nothing at all: neither waiting nor held.
    pub fn is_clear(&self) -> bool {
        self.items.is_empty() && self.held().is_empty()
    }

    pub fn pending(&self) -> Pending {
        let requests = self
            .items
            .iter()
            .filter(|i| matches!(i, Outgoing::Request(_)))
            .count();
        Pending {
            check_ins: self.items.len() - requests,
            requests,
        }
    }
}

impl Outgoing {
    /// A check-in with a risk answer above 0 (PHQ-9 item 9, or any future risk item).
    pub fn shows_risk(&self) -> bool {
        match self {
            Outgoing::Response(r) => crate::instruments::find(&r.instrument, r.version)
                .is_some_and(|i| crate::response::shows_risk(i, &r.answers)),
            Outgoing::Request(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ending::Wish;
    use crate::response::Answer;

    fn checkin(byte: u8, rating: u8) -> Outgoing {
        Outgoing::Response(NewResponse {
            id: CheckInId::from_random_bytes([byte; 16]),
            instrument: "ajar-between".into(),
            version: 1,
            answers: [("since".to_owned(), Answer::Value(rating))].into(),
            answered_at_ms: None,
        })
    }

    fn rating(o: &Outbox) -> Answer {
        match o.first().unwrap() {
            Outgoing::Response(r) => r.answers["since"].clone(),
            Outgoing::Request(_) => panic!("a request"),
        }
    }

    #[test]
    fn items_leave_in_the_order_they_came() {
        let mut o = Outbox::default();
        o.push(checkin(1, 5));
        o.push(checkin(2, 6));
        assert_eq!(o.len(), 2);
        assert_eq!(rating(&o), Answer::Value(5));
        let first = o.first().unwrap().id();
        assert!(o.take(first).is_some());
        assert_eq!(rating(&o), Answer::Value(6));
    }

    #[test]
    fn pushing_the_same_id_twice_never_duplicates() {
        let mut o = Outbox::default();
        o.push(checkin(1, 5));
        o.push(checkin(1, 7));
        assert_eq!(o.len(), 1);
        assert_eq!(rating(&o), Answer::Value(7));
    }

    #[test]
    fn taking_an_unknown_id_changes_nothing() {
        let mut o = Outbox::default();
        o.push(checkin(1, 5));
        assert!(o.take(CheckInId::from_random_bytes([9; 16])).is_none());
        assert_eq!(o.len(), 1);
    }

    #[test]
    fn requests_wait_beside_check_ins() {
        let mut o = Outbox::default();
        o.push(checkin(1, 5));
        let request = NewRequest {
            answered_at_ms: None,
            id: CheckInId::from_random_bytes([2; 16]),
            wish: Wish::FinalSession,
            reasons: vec![],
            message: String::new(),
            preferred_times: String::new(),
            check_back_on: None,
        };
        o.push(Outgoing::Request(request.clone()));
        let json = serde_json::to_string(&o).unwrap();
        let back: Outbox = serde_json::from_str(&json).unwrap();
        assert_eq!(back, o);
        assert_eq!(back.len(), 2);
        assert_eq!(
            back.pending(),
            Pending {
                check_ins: 1,
                requests: 1
            }
        );
        assert!(json.contains("\"kind\":\"request\""));
    }

    #[test]
    fn an_outbox_is_empty_only_with_nothing_of_either_kind_waiting() {
        // The phone says "all sent" on an empty one: a request alone is still waiting.
        let mut o = Outbox::default();
        assert!(o.is_empty());
        assert!(o.pending().is_empty());
        o.push(checkin(1, 5));
        assert!(!o.is_empty());
        assert!(!o.pending().is_empty());
        for (check_ins, requests, empty) in
            [(0, 0, true), (1, 0, false), (0, 1, false), (2, 3, false)]
        {
            assert_eq!(
                Pending {
                    check_ins,
                    requests
                }
                .is_empty(),
                empty,
                "{check_ins} {requests}"
            );
        }
        o.take(CheckInId::from_random_bytes([1; 16]));
        assert!(o.is_empty());
    }

    fn risky(byte: u8) -> Outgoing {
        let mut answers =
            crate::instruments::answers_totalling(&crate::instruments::PHQ9, 5, Some(1));
        answers.insert("phq9-9".into(), Answer::Value(1));
        Outgoing::Response(NewResponse {
            id: CheckInId::from_random_bytes([byte; 16]),
            instrument: "phq-9".into(),
            version: 1,
            answers,
            answered_at_ms: None,
        })
    }

    #[test]
    fn a_risk_answer_goes_first_and_a_held_item_blocks_nothing() {
        let mut o = Outbox::default();
        o.push(checkin(1, 5));
        o.push(checkin(2, 6));
        o.push(risky(3));
        assert_eq!(o.next_to_send().unwrap().id(), risky(3).id());
        o.take(risky(3).id());
        assert_eq!(o.next_to_send().unwrap().id(), checkin(1, 5).id());
        // Refused and kept: the next one goes.
        o.hold(checkin(1, 5).id(), "too long".into());
        assert_eq!(o.next_to_send().unwrap().id(), checkin(2, 6).id());
        assert_eq!(o.held().len(), 1);
        assert_eq!(o.held()[0].reason, "too long");
        assert_eq!(o.pending().check_ins, 1);
        assert!(!o.is_clear());
        // A held item can still be taken (back to its draft).
        assert!(o.take(checkin(1, 5).id()).is_some());
        o.take(checkin(2, 6).id());
        assert!(o.is_clear());
    }

    #[test]
    fn the_first_stored_shape_still_reads() {
        let first = r#"{"items":[{"kind":"response","body":{"id":"01010101-0101-4101-8101-010101010101","instrument":"ajar-between","version":1,"answers":{"since":5}}}]}"#;
        let mini: Outbox = miniserde::json::from_str(first).unwrap();
        let serde: Outbox = serde_json::from_str(first).unwrap();
        assert_eq!(mini, serde);
        assert_eq!(mini.len(), 1);
        assert!(mini.held().is_empty());
        let mut again = mini.clone();
        again.push(checkin(2, 6));
        let text = miniserde::json::to_string(&again);
        assert!(text.contains("\"schema\":2"), "{text}");
    }
}
