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
        answered_at_ms: None,
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

fn request(message: String, preferred_times: String) -> NewRequest {
    NewRequest {
        answered_at_ms: None,
        id: CheckInId::from_random_bytes([1; 16]),
        wish: Wish::FinalSession,
        reasons: vec![],
        message,
        preferred_times,
        check_back_on: None,
    }
}

#[test]
fn texts_may_be_exactly_the_limit_in_characters_as_sent() {
    let at_limit = "é".repeat(MAX_TEXT); // 4000 bytes: the limit counts characters
    let n = request(at_limit.clone(), at_limit.clone())
        .normalized()
        .unwrap();
    assert_eq!(n.message, at_limit);
    assert_eq!(n.preferred_times, at_limit);
    // Counted as sent, spaces too (as the API description's maxLength counts), then trimmed.
    let padded = format!(" {}\n", "é".repeat(MAX_TEXT - 2));
    let n = request(padded.clone(), String::new()).normalized().unwrap();
    assert_eq!(n.message, "é".repeat(MAX_TEXT - 2));
    assert_eq!(
        request(format!(" {at_limit}"), String::new()).normalized(),
        Err(RequestError::TooLong {
            field: "message",
            chars: MAX_TEXT + 1
        })
    );
    let over = "x".repeat(MAX_TEXT + 1);
    assert_eq!(
        request(String::new(), over.clone()).normalized(),
        Err(RequestError::TooLong {
            field: "preferred_times",
            chars: MAX_TEXT + 1
        })
    );
    assert_eq!(
        request(over, String::new())
            .normalized()
            .unwrap_err()
            .to_string(),
        "message is 2001 characters long; the limit is 2000"
    );
}

#[test]
fn a_check_back_date_is_year_month_day_in_digits() {
    let check = |d: &str| {
        NewRequest {
            check_back_on: Some(d.into()),
            ..request(String::new(), String::new())
        }
        .normalized()
        .map(|r| r.check_back_on)
    };
    for good in ["2027-01-15", "2026-12-31", "2027-01-01", " 2027-06-30 "] {
        assert_eq!(check(good), Ok(Some(good.trim().into())), "{good}");
    }
    for bad in [
        "27-01-15", // two-digit year
        "02027-01-15",
        "2027-1-15",  // month without its zero
        "2027-01-5",  // day without its zero
        "+027-01-15", // a sign is not a digit, though u32 parses it
        "2027-+1-15",
        "2027-00-10",
        "2027-13-01",
        "2027-01-00",
        "2027-01-32",
        "2027-01-15-01",
        "2027-01",
        "2027/01/15",
        "yyyy-mm-dd",
    ] {
        assert_eq!(check(bad), Err(RequestError::BadDate(bad.into())), "{bad}");
    }
}

#[test]
fn sent_seen_and_answered_requests_are_still_open() {
    for s in [Sent, Seen, Answered] {
        assert!(s.is_open(), "{s:?}");
    }
    for s in [Closed, Withdrawn] {
        assert!(!s.is_open(), "{s:?}");
    }
}

#[test]
fn each_ending_type_reads_as_the_therapist_chose_it() {
    assert_eq!(
        EndingType::ALL.map(EndingType::label),
        [
            "Planned, with a final session",
            "Client chose to stop without a final session",
            "Paused",
            "Referred elsewhere",
            "Ended without contact (unplanned)",
        ]
    );
    // Only an ending without contact counts as unplanned: a client who chose to stop
    // said so.
    let unplanned: Vec<_> = EndingType::ALL
        .into_iter()
        .filter(|e| e.is_unplanned())
        .collect();
    assert_eq!(unplanned, [EndingType::Unplanned]);
}

#[test]
fn a_draft_that_cannot_be_sent_says_what_to_do_in_the_clients_words() {
    assert_eq!(
        DraftProblem::NoWish.to_string(),
        "Please choose what you would like"
    );
    let bad_date = RequestError::BadDate("soon".into());
    assert_eq!(
        DraftProblem::Invalid(bad_date.clone()).to_string(),
        bad_date.to_string()
    );
}
