//! What the client has sent but the server has not yet confirmed: check-ins and requests.
//!
//! An item leaves the outbox only on the server's 2xx. Because each item keeps the id its
//! draft was given, sending it any number of times stores it once.

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
    items: Vec<Outgoing>,
}

impl Outbox {
    /// Adds an item; a second push of the same id replaces the first instead of queueing
    /// a duplicate.
    pub fn push(&mut self, item: Outgoing) {
        match self.items.iter_mut().find(|c| c.id() == item.id()) {
            Some(existing) => *existing = item,
            None => self.items.push(item),
        }
    }

    /// Removes and returns the item with this id.
    pub fn take(&mut self, id: CheckInId) -> Option<Outgoing> {
        let at = self.items.iter().position(|c| c.id() == id)?;
        Some(self.items.remove(at))
    }

    /// The oldest unconfirmed item: sent first, so the server sees them in order.
    pub fn first(&self) -> Option<&Outgoing> {
        self.items.first()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
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
}
