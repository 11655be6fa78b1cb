//! Every rule, on both sides of every threshold.

use super::*;
use crate::CheckInId;
use crate::ending::RequestStatus;
use crate::instruments;
use crate::plan::Planned;
use crate::response::{Answer, Answers, validate};

const NOW: i64 = 1_794_528_000_000; // 13 Nov 2026, 00:00 UTC

fn at(days_ago: i64) -> i64 {
    NOW - days_ago * DAY_MS
}

fn response(instrument: &Instrument, answers: Answers, days_ago: i64) -> ResponseView {
    let scored = validate(instrument, &answers)
        .expect("valid test answers")
        .scored();
    ResponseView {
        id: CheckInId::from_random_bytes([days_ago as u8; 16]),
        instrument: instrument.id.into(),
        version: instrument.version,
        answers,
        total: scored.total,
        band: scored.band.map(Into::into),
        risk: scored.risk,
        received_at_ms: at(days_ago),
        answered_at_ms: at(days_ago),
    }
}

fn values(pairs: &[(&str, u8)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Answer::Value(*v)))
        .collect()
}

/// A version 1 session check-in (four 0–10 items, "overall" last).
fn session(scales: [u8; 4], pace: u8, days_ago: i64) -> ResponseView {
    let [a, b, c, d] = scales;
    response(
        &instruments::SESSION_V1,
        values(&[
            ("heard", a),
            ("goals", b),
            ("approach", c),
            ("overall", d),
            ("pace", pace),
        ]),
        days_ago,
    )
}

/// A version 2 session check-in: the rating, where the time went, the pace.
fn session_v2(understood: u8, focus: u8, pace: u8, days_ago: i64) -> ResponseView {
    response(
        &SESSION,
        values(&[("understood", understood), ("focus", focus), ("pace", pace)]),
        days_ago,
    )
}

fn weekly(next: u8, days_ago: i64) -> ResponseView {
    response(
        &BETWEEN,
        values(&[("since", 7), ("helping", 0), ("next", next)]),
        days_ago,
    )
}

/// PHQ-9 or GAD-7 adding up to `total`, with PHQ-9 item 9 at `item9`.
fn scored(instrument: &Instrument, total: u8, item9: u8, days_ago: i64) -> ResponseView {
    response(
        instrument,
        instruments::answers_totalling(instrument, total, Some(item9)),
        days_ago,
    )
}

fn request(wish: Wish, days_ago: i64) -> RequestView {
    RequestView {
        id: CheckInId::from_random_bytes([9; 16]),
        wish,
        reasons: vec![],
        message: String::new(),
        preferred_times: String::new(),
        check_back_on: None,
        status: RequestStatus::Sent,
        reply: None,
        proposed_time: None,
        time_answer: None,
        time_suggestion: None,
        created_at_ms: at(days_ago),
        updated_at_ms: at(days_ago),
    }
}

/// The flags these responses open, none acknowledged (as the store builds them).
fn flags(history: &[ResponseView]) -> Vec<RiskFlag> {
    history
        .iter()
        .filter_map(|r| RiskFlag::of(r.id, &r.instrument, r.version, &r.answers, r.received_at_ms))
        .collect()
}

fn run(history: &[ResponseView]) -> Vec<Alert> {
    alerts(&Facts {
        history,
        risk_flags: &flags(history),
        unloaded_open_risks: 0,
        open_requests: &[],
        active: true,
        started_at_ms: NOW,
        restarted: false,
        now_ms: NOW,
        plan: &Plan::usual(),
    })
}

fn kinds(history: &[ResponseView]) -> Vec<AlertKind> {
    run(history).into_iter().map(|a| a.kind).collect()
}

/// An answer from last year says its year; a therapist back from a long absence must
/// not read "20 Dec" as last month.
#[test]
fn an_alert_about_last_year_says_the_year() {
    let a = run(&[scored(&PHQ9, 12, 1, 330)]);
    assert!(
        a[0].reason
            .contains(" on 18 Dec 2025 (11 months ago), not yet acknowledged"),
        "{}",
        a[0].reason
    );
    let a = run(&[scored(&PHQ9, 8, 0, 330), scored(&PHQ9, 14, 0, 2)]);
    assert!(
        a[0].reason
            .starts_with("PHQ-9 up from 8 to 14 since 18 Dec 2025:"),
        "{}",
        a[0].reason
    );
}

#[test]
fn risk_is_any_risk_answer_not_yet_acknowledged() {
    let h = [scored(&PHQ9, 12, 1, 3)];
    let a = run(&h);
    assert_eq!(a[0].kind, AlertKind::Risk);
    assert_eq!(
        a[0].reason,
        format!(
            "PHQ-9: \"Several days\" to \"{}\" on 10 Nov (3 days ago), not yet acknowledged",
            PHQ9.item(instruments::RISK_ITEM).unwrap().text
        )
    );
    // A later answer at 0 closes nothing: the flag stays until a person acknowledges it.
    let h = [scored(&PHQ9, 12, 2, 10), scored(&PHQ9, 12, 0, 3)];
    let a = run(&h);
    assert_eq!(a[0].kind, AlertKind::Risk);
    assert!(a[0].reason.contains("\"More than half the days\""));
    assert!(a[0].reason.contains("on 3 Nov (10 days ago)"));
    // Two open: the newest is named, the other counted.
    let h = [scored(&PHQ9, 12, 1, 20), scored(&PHQ9, 12, 3, 3)];
    let a = run(&h);
    assert!(a[0].reason.contains("\"Nearly every day\""));
    assert!(
        a[0].reason
            .ends_with("; 1 earlier risk answer also not acknowledged")
    );
    assert!(!kinds(&[scored(&PHQ9, 12, 0, 3)]).contains(&AlertKind::Risk));
}

#[test]
fn an_acknowledged_flag_raises_nothing_and_an_open_one_still_does() {
    let h = [scored(&PHQ9, 12, 1, 20), scored(&PHQ9, 12, 2, 3)];
    let mut risk_flags = flags(&h);
    let facts = |risk_flags: &[RiskFlag]| {
        alerts(&Facts {
            history: &h,
            risk_flags,
            unloaded_open_risks: 0,
            open_requests: &[],
            active: true,
            started_at_ms: NOW,
            restarted: false,
            now_ms: NOW,
            plan: &Plan::usual(),
        })
        .into_iter()
        .filter(|a| a.kind == AlertKind::Risk)
        .collect::<Vec<_>>()
    };
    risk_flags[1].acknowledged = Some(crate::risk::Acknowledgement {
        action: crate::risk::RiskAction::ContactedClient,
        note: String::new(),
        at_ms: at(1),
        by: "Sam".into(),
    });
    let open = facts(&risk_flags);
    assert_eq!(open.len(), 1);
    assert!(
        open[0].reason.contains("\"Several days\""),
        "the older one is still open"
    );
    risk_flags[0].acknowledged = risk_flags[1].acknowledged.clone();
    assert!(facts(&risk_flags).is_empty());
}

#[test]
fn ending_is_any_open_request() {
    let requests = [request(Wish::FinalSession, 2)];
    let a = alerts(&Facts {
        history: &[],
        risk_flags: &[],
        unloaded_open_risks: 0,
        open_requests: &requests,
        active: true,
        started_at_ms: NOW,
        restarted: false,
        now_ms: NOW,
        plan: &Plan::usual(),
    });
    assert_eq!(
        a,
        [Alert {
            kind: AlertKind::Ending,
            reason: "asks for a last session to wrap up: sent 11 Nov (2 days ago)".into()
        }]
    );
    assert!(run(&[]).is_empty());
}

#[test]
fn rupture_at_an_item_of_6_but_not_7() {
    let a = run(&[session([9, 9, 6, 9], PACE_ABOUT_RIGHT, 1)]);
    assert_eq!(a.len(), 1);
    assert_eq!(
        a[0].reason,
        "rated 6/10 \"The way we worked suited me\" on 12 Nov (yesterday)"
    );
    assert!(run(&[session([7, 7, 7, 7], PACE_ABOUT_RIGHT, 1)]).is_empty());
}

#[test]
fn rupture_when_the_session_rating_drops_by_3_but_not_2() {
    // Version 2: "understood".
    let dropped_3 = [session_v2(9, 0, 1, 8), session_v2(7, 0, 1, 1)];
    assert!(run(&dropped_3).is_empty(), "7 is not low, and 2 is no drop");
    let dropped_3 = [session_v2(10, 0, 1, 8), session_v2(7, 0, 1, 1)];
    assert_eq!(
        run(&dropped_3)[0].reason,
        "session rating dropped from 10 to 7 (of 10) since 5 Nov"
    );
    // Across versions: version 1's "overall", then version 2's "understood".
    let across = [session([10, 10, 10, 10], 1, 8), session_v2(7, 0, 1, 1)];
    assert_eq!(
        run(&across)[0].reason,
        "session rating dropped from 10 to 7 (of 10) since 5 Nov"
    );
    let v1_only = [session([9, 9, 9, 10], 1, 8), session([9, 9, 9, 8], 1, 1)];
    assert!(run(&v1_only).is_empty());
}

#[test]
fn rupture_when_understood_is_6_or_the_time_did_not_go_on_what_matters() {
    assert_eq!(
        run(&[session_v2(6, 0, 1, 1)])[0].reason,
        "rated 6/10 \"How understood did you feel today\" on 12 Nov (yesterday)"
    );
    assert!(run(&[session_v2(7, 0, 1, 1)]).is_empty());
    assert_eq!(
        run(&[session_v2(9, FOCUS_NOT_REALLY, 1, 1)])[0].reason,
        "said the session on 12 Nov (yesterday) did not really go on what matters most to them"
    );
    assert!(
        run(&[session_v2(9, 1, 1, 1)]).is_empty(),
        "\"Partly\" is not a rupture"
    );
}

#[test]
fn rupture_when_the_pace_is_not_about_right() {
    let a = run(&[session([9, 9, 9, 9], 2, 1)]);
    assert_eq!(
        a[0].reason,
        "pace \"Too fast (too much, too soon)\" on 12 Nov (yesterday)"
    );
    assert_eq!(
        run(&[session([9, 9, 9, 9], 0, 1)])[0].reason,
        "pace \"Too slow\" on 12 Nov (yesterday)"
    );
}

#[test]
fn rupture_when_the_client_wants_to_talk_about_how_it_is_going() {
    let a = run(&[weekly(1, 2)]);
    assert_eq!(
        a,
        [Alert {
            kind: AlertKind::Rupture,
            reason:
                "wants to talk about how therapy is going: weekly check-in on 11 Nov (2 days ago)"
                    .into()
        }]
    );
    assert!(run(&[weekly(0, 2)]).is_empty());
}

#[test]
fn reliable_worsening_is_6_on_phq9_and_4_on_gad7() {
    let a = run(&[scored(&PHQ9, 8, 0, 30), scored(&PHQ9, 14, 0, 2)]);
    assert_eq!(
        a,
        [Alert {
            kind: AlertKind::NotOnTrack,
            reason:
                "PHQ-9 up from 8 to 14 since 14 Oct: a rise of 6 or more is a reliable worsening"
                    .into()
        }]
    );
    assert!(run(&[scored(&PHQ9, 8, 0, 30), scored(&PHQ9, 13, 0, 2)]).is_empty());
    assert_eq!(
        kinds(&[scored(&GAD7, 3, 0, 30), scored(&GAD7, 7, 0, 2)]),
        [AlertKind::NotOnTrack]
    );
    assert!(run(&[scored(&GAD7, 3, 0, 30), scored(&GAD7, 6, 0, 2)]).is_empty());
}

#[test]
fn still_at_caseness_without_reliable_improvement_after_8_weeks() {
    let eight_weeks = 56;
    let a = run(&[
        scored(&PHQ9, 12, 0, eight_weeks + 1),
        scored(&PHQ9, 10, 0, 1),
    ]);
    assert_eq!(
        a[0].reason,
        "PHQ-9 at 10 after 8 weeks (12 on 17 Sep): still 10 or more, without the fall of 6 \
         that counts as reliable improvement"
    );
    // Below caseness (9), before 8 weeks, or reliably improved: on track.
    assert!(
        run(&[
            scored(&PHQ9, 12, 0, eight_weeks + 1),
            scored(&PHQ9, 9, 0, 1)
        ])
        .is_empty()
    );
    assert!(run(&[scored(&PHQ9, 12, 0, eight_weeks), scored(&PHQ9, 10, 0, 1)]).is_empty());
    assert!(
        run(&[
            scored(&PHQ9, 16, 0, eight_weeks + 1),
            scored(&PHQ9, 10, 0, 1)
        ])
        .is_empty()
    );
    // GAD-7 caseness is 8.
    assert_eq!(
        kinds(&[scored(&GAD7, 9, 0, eight_weeks + 1), scored(&GAD7, 8, 0, 1)]),
        [AlertKind::NotOnTrack]
    );
    assert!(run(&[scored(&GAD7, 9, 0, eight_weeks + 1), scored(&GAD7, 7, 0, 1)]).is_empty());
}

#[test]
fn silence_after_14_days_for_active_clients_only() {
    let a = run(&[session([9, 9, 9, 9], 1, 14)]);
    assert_eq!(
        a,
        [Alert {
            kind: AlertKind::Silence,
            reason: "no check-in for 14 days (last on 30 Oct)".into()
        }]
    );
    assert!(run(&[session([9, 9, 9, 9], 1, 13)]).is_empty());
    let ended = alerts(&Facts {
        history: &[session([9, 9, 9, 9], 1, 40)],
        risk_flags: &[],
        unloaded_open_risks: 0,
        open_requests: &[],
        active: false,
        started_at_ms: NOW,
        restarted: false,
        now_ms: NOW,
        plan: &Plan::usual(),
    });
    assert!(ended.is_empty());
}

#[test]
fn silence_when_two_due_check_ins_are_missed_in_a_row() {
    // Session check-ins keep coming, but the weekly one stopped 14 days ago.
    let h = [weekly(0, 14), session([9, 9, 9, 9], 1, 1)];
    assert_eq!(
        run(&h)[0].reason,
        "missed 2 Weekly check-ins in a row (last on 30 Oct)"
    );
    let h = [weekly(0, 13), session([9, 9, 9, 9], 1, 1)];
    assert!(run(&h).is_empty());
}

#[test]
fn a_check_in_is_missed_only_at_the_cadence_the_client_was_given() {
    let h = [weekly(0, 20), session([9, 9, 9, 9], 1, 1)];
    let facts = |plan| Facts {
        history: &h,
        risk_flags: &[],
        unloaded_open_risks: 0,
        open_requests: &[],
        active: true,
        started_at_ms: NOW,
        restarted: false,
        now_ms: NOW,
        plan,
    };
    let every = |days| Planned {
        instrument: BETWEEN.id.into(),
        every_days: Some(days),
    };
    let fortnightly = Plan::parse(&[every(14)]).unwrap();
    assert!(alerts(&facts(&fortnightly)).is_empty());
    let weekly_plan = Plan::parse(&[every(7)]).unwrap();
    assert_eq!(
        alerts(&facts(&weekly_plan))[0].reason,
        "missed 2 Weekly check-ins in a row (last on 24 Oct)"
    );
    // Taken out of the plan: no longer expected, so never missed.
    assert!(alerts(&facts(&Plan::parse(&[]).unwrap())).is_empty());
}

#[test]
fn alerts_come_most_urgent_first() {
    // One client with every kind of alert at once, so any two rules asked out of order
    // show up in the result.
    let history = [
        scored(&PHQ9, 5, 0, 60),
        session([5, 5, 5, 5], 1, 30),
        scored(&PHQ9, 20, 2, 20),
    ];
    let requests = [request(Wish::TalkAboutIt, 3)];
    let a = alerts(&Facts {
        history: &history,
        risk_flags: &flags(&history),
        unloaded_open_risks: 0,
        open_requests: &requests,
        active: true,
        started_at_ms: NOW,
        restarted: false,
        now_ms: NOW,
        plan: &Plan::usual(),
    });
    let order: Vec<_> = a.iter().map(|x| x.kind).collect();
    assert_eq!(
        order,
        [
            AlertKind::Risk,
            AlertKind::Ending,
            AlertKind::Rupture,
            AlertKind::NotOnTrack,
            AlertKind::Silence
        ]
    );
    assert!(order.is_sorted(), "AlertKind's order is urgency");
}

#[test]
fn each_kind_has_the_badge_text_the_therapist_reads() {
    // The caseload and the client page print these words as the alert's badge, and a
    // serde name ("not-on-track") is not a label: each must read as a person would say it.
    let labels = [
        AlertKind::Risk,
        AlertKind::Ending,
        AlertKind::Rupture,
        AlertKind::NotOnTrack,
        AlertKind::Silence,
    ]
    .map(AlertKind::label);
    assert_eq!(
        labels,
        ["Risk", "Ending", "Rupture", "Not on track", "Silence"]
    );
}

mod disengagement;
