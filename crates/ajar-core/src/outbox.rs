//! Check-ins the client has sent but the server has not yet confirmed.
//!
//! An item leaves the outbox only on the server's 2xx. Because each item keeps the id its
//! draft was given, sending it any number of times stores it once.

use crate::CheckInId;
use crate::api::NewResponse;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    items: Vec<NewResponse>,
}

impl Outbox {
    /// Adds a check-in; a second push of the same id replaces the first instead of queueing
    /// a duplicate.
    pub fn push(&mut self, checkin: NewResponse) {
        match self.items.iter_mut().find(|c| c.id == checkin.id) {
            Some(existing) => *existing = checkin,
            None => self.items.push(checkin),
        }
    }

    /// Removes and returns the check-in with this id.
    pub fn take(&mut self, id: CheckInId) -> Option<NewResponse> {
        let at = self.items.iter().position(|c| c.id == id)?;
        Some(self.items.remove(at))
    }

    /// The oldest unconfirmed check-in: sent first, so the server sees them in order.
    pub fn first(&self) -> Option<&NewResponse> {
        self.items.first()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::Answer;

    fn checkin(byte: u8, rating: u8) -> NewResponse {
        NewResponse {
            id: CheckInId::from_random_bytes([byte; 16]),
            instrument: "ajar-between".into(),
            version: 1,
            answers: [("since".to_owned(), Answer::Value(rating))].into(),
        }
    }

    fn rating(r: &NewResponse) -> &Answer {
        &r.answers["since"]
    }

    #[test]
    fn items_leave_in_the_order_they_came() {
        let mut o = Outbox::default();
        o.push(checkin(1, 5));
        o.push(checkin(2, 6));
        assert_eq!(o.len(), 2);
        assert_eq!(rating(o.first().unwrap()), &Answer::Value(5));
        let first = o.first().unwrap().id;
        assert!(o.take(first).is_some());
        assert_eq!(rating(o.first().unwrap()), &Answer::Value(6));
    }

    #[test]
    fn pushing_the_same_id_twice_never_duplicates() {
        let mut o = Outbox::default();
        o.push(checkin(1, 5));
        o.push(checkin(1, 7));
        assert_eq!(o.len(), 1);
        assert_eq!(rating(o.first().unwrap()), &Answer::Value(7));
    }

    #[test]
    fn taking_an_unknown_id_changes_nothing() {
        let mut o = Outbox::default();
        o.push(checkin(1, 5));
        assert!(o.take(CheckInId::from_random_bytes([9; 16])).is_none());
        assert_eq!(o.len(), 1);
    }
}
