//! The ending flow: requests tidied and checked, every transition, and the words each
//! side reads.

use super::*;
use RequestStatus::*;

#[test]
fn every_allowed_transition() {
    assert_eq!(transition(Sent, Action::MarkSeen), Ok(Seen));
    for from in [Sent, Seen, Answered] {
        assert_eq!(transition(from, Action::Reply), Ok(Answered));
        assert_eq!(transition(from, Action::Close), Ok(Closed));
        assert_eq!(transition(from, Action::Withdraw), Ok(Withdrawn));
    }
}

#[test]
fn every_refused_transition_says_why() {
    for from in [Seen, Answered] {
        assert!(transition(from, Action::MarkSeen).is_err());
    }
    for from in [Closed, Withdrawn] {
        for action in [
            Action::MarkSeen,
            Action::Reply,
            Action::Close,
            Action::Withdraw,
        ] {
            assert!(transition(from, action).is_err(), "{from:?} {action:?}");
        }
    }
    assert_eq!(
        transition(Withdrawn, Action::Reply)
            .unwrap_err()
            .to_string(),
        "This request is withdrawn and can no longer be answered."
    );
}

#[test]
fn requests_are_tidied_and_checked() {
    let r = NewRequest {
        id: CheckInId::from_random_bytes([1; 16]),
        wish: Wish::Break,
        reasons: vec![Reason::Cost, Reason::FeelingBetter, Reason::Cost],
        message: "  thank you \n".into(),
        preferred_times: String::new(),
        check_back_on: Some("2027-01-15".into()),
    };
    let n = r.clone().normalized().unwrap();
    assert_eq!(n.message, "thank you");
    assert_eq!(n.reasons, [Reason::FeelingBetter, Reason::Cost]);
    let mut bad = r.clone();
    bad.check_back_on = Some("15/01/2027".into());
    assert_eq!(
        bad.normalized().unwrap_err().to_string(),
        "check_back_on must be a date like 2026-12-31, got \"15/01/2027\""
    );
    let mut blank = r.clone();
    blank.check_back_on = Some(" ".into());
    assert_eq!(blank.normalized().unwrap().check_back_on, None);
    let mut long = r;
    long.message = "x".repeat(MAX_TEXT + 1);
    assert!(
        long.normalized()
            .unwrap_err()
            .to_string()
            .contains("message is 2001")
    );
}

#[test]
fn wire_names_are_kebab_case() {
    assert_eq!(
        serde_json::to_string(&Wish::FinalSession).unwrap(),
        "\"final-session\""
    );
    assert_eq!(
        serde_json::to_string(&Reason::SomethingInASession).unwrap(),
        "\"something-in-a-session\""
    );
    for e in EndingType::ALL {
        assert_eq!(EndingType::parse(e.as_str()), Some(e));
    }
    for s in [Sent, Seen, Answered, Closed, Withdrawn] {
        assert_eq!(RequestStatus::parse(s.as_str()), Some(s));
        // The stored name and the wire name are written twice (as_str and the
        // per-variant renames): they must not drift apart.
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            format!("\"{}\"", s.as_str())
        );
    }
}

#[test]
fn only_the_wish_is_required_and_the_date_only_goes_with_a_break() {
    let mut d = RequestDraft::new(CheckInId::from_random_bytes([3; 16]), 0);
    assert_eq!(d.to_request(), Err(DraftProblem::NoWish));
    d.wish = Some(Wish::FinalSession);
    d.check_back_on = "2027-02-01".into();
    let r = d.to_request().unwrap();
    assert_eq!(r.id, d.id);
    assert_eq!(r.check_back_on, None);
    d.wish = Some(Wish::Break);
    assert_eq!(
        d.to_request().unwrap().check_back_on.as_deref(),
        Some("2027-02-01")
    );
}

#[test]
fn reasons_toggle_on_and_off() {
    let mut d = RequestDraft::new(CheckInId::from_random_bytes([3; 16]), 0);
    d.toggle(Reason::Cost);
    d.toggle(Reason::FeelingBetter);
    d.toggle(Reason::Cost);
    assert_eq!(d.reasons, [Reason::FeelingBetter]);
}
