//! Every type the phone reads or writes, held to one JSON by both libraries: what serde
//! writes miniserde reads back equal, and the other way round, and both write the same
//! value. An outbox saved by an older app (serde) must still send.

use crate::api::{
    ClientHome, Ended, ErrorBody, LastSent, LinkExchange, NewResponse, Receipt, RequestView,
};
use crate::draft::Draft;
use crate::ending::{NewRequest, Reason, RequestDraft, RequestStatus, TimeAnswer, Wish};
use crate::instruments::{PHQ9, SESSION};
use crate::outbox::{Outbox, Outgoing};
use crate::plan::{Plan, Planned};
use crate::response::Answer;
use crate::{CheckInId, Secret};
use serde_json::Value;
use std::fmt::Debug;

fn id(n: u8) -> CheckInId {
    CheckInId::from_random_bytes([n; 16])
}

/// Both libraries write the same JSON for `v` and read each other's back to `v`.
fn same<T>(v: &T)
where
    T: serde::Serialize
        + serde::de::DeserializeOwned
        + miniserde::Serialize
        + miniserde::Deserialize
        + PartialEq
        + Debug,
{
    let by_serde = serde_json::to_string(v).unwrap();
    let by_mini = miniserde::json::to_string(v);
    assert_eq!(
        serde_json::from_str::<Value>(&by_mini).unwrap(),
        serde_json::from_str::<Value>(&by_serde).unwrap(),
        "the two libraries write different JSON"
    );
    assert_eq!(&miniserde::json::from_str::<T>(&by_serde).unwrap(), v);
    assert_eq!(&serde_json::from_str::<T>(&by_mini).unwrap(), v);
}

fn request() -> NewRequest {
    NewRequest {
        answered_at_ms: Some(1_700_000_000_000),
        id: id(2),
        wish: Wish::Break,
        reasons: vec![Reason::Cost, Reason::SomethingInASession],
        message: "Quotes \" and \\ and a line\nbreak, ünïcödé, \u{1F331}, control \u{1}".into(),
        preferred_times: "Tuesdays".into(),
        check_back_on: Some("2026-12-01".into()),
    }
}

fn response() -> NewResponse {
    let mut draft = Draft::new(&PHQ9, id(1), 1_700_000_000_000);
    draft.set("phq9_1", Answer::Value(3), 1);
    draft.set("note", Answer::Text("Ça va \"bien\"".into()), 2);
    NewResponse {
        id: draft.id,
        instrument: draft.instrument.clone(),
        version: draft.version,
        answers: draft.answers,
        answered_at_ms: None,
    }
}

#[test]
fn what_the_phone_stores_reads_the_same_in_both() {
    let mut draft = Draft::new(&SESSION, id(3), 1_700_000_000_000);
    draft.set("heard", Answer::Value(10), 1_700_000_000_500);
    draft.step = 4;
    same(&draft);

    let mut outbox = Outbox::default();
    same(&outbox);
    outbox.push(Outgoing::Response(response()));
    outbox.push(Outgoing::Request(request()));
    same(&outbox);

    same(&RequestDraft {
        id: id(4),
        wish: None,
        reasons: vec![],
        message: String::new(),
        preferred_times: String::new(),
        check_back_on: String::new(),
        updated_at_ms: -1,
    });
    same(&RequestDraft {
        wish: Some(Wish::TalkAboutIt),
        ..RequestDraft::new(id(5), 9)
    });
    same(&Plan::usual());
    same(
        &Plan::parse(&[Planned {
            instrument: "phq-9".into(),
            every_days: Some(28),
        }])
        .unwrap(),
    );
}

#[test]
fn what_the_server_sends_the_phone_reads_the_same_in_both() {
    let view = RequestView {
        id: id(6),
        wish: Wish::Resume,
        reasons: Reason::ALL.to_vec(),
        message: "m".into(),
        preferred_times: String::new(),
        check_back_on: None,
        status: RequestStatus::Withdrawn,
        reply: Some("r".into()),
        proposed_time: None,
        time_answer: None,
        time_suggestion: None,
        created_at_ms: 1,
        updated_at_ms: i64::MAX,
    };
    same(&view);
    same(&RequestView {
        time_answer: Some(TimeAnswer::Another),
        time_suggestion: Some("Thursday mornings".into()),
        ..view.clone()
    });
    for wish in [Wish::FinalSession, Wish::StopWithoutSession, Wish::Referral] {
        same(&RequestView {
            wish,
            ..view.clone()
        });
    }
    for status in [
        RequestStatus::Sent,
        RequestStatus::Seen,
        RequestStatus::Answered,
        RequestStatus::Closed,
    ] {
        same(&RequestView {
            status,
            ..view.clone()
        });
    }
    let home = ClientHome {
        phone_ref: "0123456789abcdef0123456789abcdef".into(),
        therapist_name: "Dr. Sam Rivera".into(),
        last_sent: vec![LastSent {
            instrument: "phq-9".into(),
            received_at_ms: 5,
        }],
        recent: vec![Receipt {
            id: id(7),
            instrument: "gad-7".into(),
            version: 1,
            received_at_ms: 6,
        }],
        requests: vec![view],
        ended: Some(Ended {
            at_ms: 8,
            message: "The door is open.".into(),
        }),
        crisis_text: Some("Call 112.".into()),
        plan: Plan::usual(),
    };
    same(&home);
    same(&ClientHome {
        phone_ref: "ff".into(),
        ended: None,
        crisis_text: None,
        requests: vec![],
        ..home
    });
    same(&ErrorBody::new("Nope."));
    same(&ErrorBody {
        error: "Your link changed.".into(),
        code: Some(crate::api::LINK_CHANGED.into()),
    });
}

#[test]
fn what_the_phone_sends_is_what_the_server_reads() {
    let exchange = LinkExchange {
        token: Secret::new("tok"),
    };
    assert_eq!(
        miniserde::json::to_string(&exchange),
        serde_json::to_string(&exchange).unwrap()
    );
    for item in [Outgoing::Response(response()), Outgoing::Request(request())] {
        let body = match &item {
            Outgoing::Response(r) => (
                miniserde::json::to_string(r),
                serde_json::to_string(r).unwrap(),
            ),
            Outgoing::Request(r) => (
                miniserde::json::to_string(r),
                serde_json::to_string(r).unwrap(),
            ),
        };
        assert_eq!(
            body.0, body.1,
            "byte for byte, so a resend is the same body"
        );
    }
}

#[test]
fn a_request_may_leave_out_what_the_server_lets_it_leave_out() {
    let json = format!(r#"{{"id":"{}","wish":"resume","ignored":[1,{{}}]}}"#, id(9));
    let mini: NewRequest = miniserde::json::from_str(&json).unwrap();
    assert_eq!(mini, serde_json::from_str::<NewRequest>(&json).unwrap());
    assert!(mini.reasons.is_empty() && mini.check_back_on.is_none());
    assert!(miniserde::json::from_str::<NewRequest>(r#"{"wish":"resume"}"#).is_err());
}

#[test]
fn what_serde_refuses_miniserde_refuses_too() {
    for (json, what) in [
        ("300", "an answer above 255"),
        ("-1", "a negative answer"),
        ("true", "an answer that is neither number nor text"),
    ] {
        assert!(serde_json::from_str::<Answer>(json).is_err(), "{what}");
        assert!(miniserde::json::from_str::<Answer>(json).is_err(), "{what}");
    }
    for (json, what) in [
        (
            r#"[{"instrument":"phq-9","every_days":3}]"#,
            "a plan too frequent",
        ),
        (
            r#"[{"instrument":"nope","every_days":7}]"#,
            "a plan with an unknown check-in",
        ),
        (r#""not-an-id""#, "a malformed id"),
    ] {
        let plan_or_id = json.starts_with('[');
        if plan_or_id {
            assert!(serde_json::from_str::<Plan>(json).is_err(), "{what}");
            assert!(miniserde::json::from_str::<Plan>(json).is_err(), "{what}");
        } else {
            assert!(serde_json::from_str::<CheckInId>(json).is_err(), "{what}");
            assert!(
                miniserde::json::from_str::<CheckInId>(json).is_err(),
                "{what}"
            );
        }
    }
    let body_first = format!(
        r#"{{"body":{},"kind":"request"}}"#,
        serde_json::to_string(&request()).unwrap()
    );
    // serde reads an item whose body comes first (re-sorted keys), so the phone must too:
    // refusing it would drop a whole outbox the server would have accepted.
    let by_serde: Outgoing = serde_json::from_str(&body_first).unwrap();
    let by_mini: Outgoing = miniserde::json::from_str(&body_first).unwrap();
    assert_eq!(by_mini, by_serde);
    assert_eq!(by_mini, Outgoing::Request(request()));
    let unknown_kind = r#"{"kind":"letter","body":{}}"#;
    assert!(serde_json::from_str::<Outgoing>(unknown_kind).is_err());
    assert!(miniserde::json::from_str::<Outgoing>(unknown_kind).is_err());
}

#[test]
fn a_check_in_whose_body_comes_before_its_kind_reads_the_same_in_both() {
    // The same re-sorted item as a request's above, for the kind every outbox holds most.
    let body_first = format!(
        r#"{{"body":{},"kind":"response"}}"#,
        serde_json::to_string(&response()).unwrap()
    );
    let by_serde: Outgoing = serde_json::from_str(&body_first).unwrap();
    let by_mini: Outgoing = miniserde::json::from_str(&body_first).unwrap();
    assert_eq!(by_mini, by_serde);
    assert_eq!(by_mini, Outgoing::Response(response()));
}

#[test]
fn a_body_given_twice_before_its_kind_is_refused_by_both() {
    // Which of the two would be sent is anyone's guess: serde refuses a duplicate field,
    // and the phone must not quietly keep the second.
    let request = serde_json::to_string(&request()).unwrap();
    let twice = format!(r#"{{"body":{request},"body":{request},"kind":"request"}}"#);
    assert!(serde_json::from_str::<Outgoing>(&twice).is_err());
    assert!(miniserde::json::from_str::<Outgoing>(&twice).is_err());
}
