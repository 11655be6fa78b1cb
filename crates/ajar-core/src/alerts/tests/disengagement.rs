//! The disengagement rules, on both sides of every edge.

use super::*;

fn weekly_with(since: u8, helping: u8, next: u8, days_ago: i64) -> ResponseView {
    response(
        &BETWEEN,
        values(&[("since", since), ("helping", helping), ("next", next)]),
        days_ago,
    )
}

fn facts_for<'a>(
    history: &'a [ResponseView],
    requests: &'a [RequestView],
    added_days_ago: i64,
    plan: &'a Plan,
) -> Vec<Alert> {
    alerts(&Facts {
        history,
        risk_flags: &[],
        unloaded_open_risks: 0,
        open_requests: requests,
        active: true,
        started_at_ms: at(added_days_ago),
        restarted: false,
        now_ms: NOW,
        plan,
    })
}

#[test]
fn never_engaged_after_7_days_without_a_check_in_but_not_at_6() {
    let usual = Plan::usual();
    let a = facts_for(&[], &[], 7, &usual);
    assert_eq!(
        a,
        [Alert {
            kind: AlertKind::Silence,
            reason: "no check-in yet since they were added on 6 Nov (7 days ago)".into()
        }]
    );
    assert!(facts_for(&[], &[], 6, &usual).is_empty());
    // Once anything has been sent, this rule is done (silence takes over).
    assert!(facts_for(&[weekly(0, 1)], &[], 30, &usual).is_empty());
    // A client whose therapy is closed is not chased.
    let closed = alerts(&Facts {
        history: &[],
        risk_flags: &[],
        unloaded_open_risks: 0,
        open_requests: &[],
        active: false,
        started_at_ms: at(30),
        restarted: false,
        now_ms: NOW,
        plan: &usual,
    });
    assert!(closed.is_empty());
}

#[test]
fn silence_counts_only_when_something_was_due() {
    let h = [weekly(0, 20)];
    // The usual plan has the session check-in after each session: 20 quiet days is silence.
    assert_eq!(
        facts_for(&h, &[], 100, &Plan::usual())
            .iter()
            .map(|a| a.kind)
            .collect::<Vec<_>>(),
        [AlertKind::Silence]
    );
    // Only a PHQ-9 every 28 days: 20 quiet days is not silence; 28 would be.
    let monthly = Plan::parse(&[Planned {
        instrument: "phq-9".into(),
        every_days: Some(28),
    }])
    .unwrap();
    assert!(facts_for(&h, &[], 100, &monthly).is_empty());
    let h = [weekly(0, 28)];
    assert!(
        facts_for(&h, &[], 100, &monthly)
            .iter()
            .any(|a| a.kind == AlertKind::Silence)
    );
    // Nothing offered at all: nothing is due, so nothing is missed.
    let nothing = Plan::parse(&[]).unwrap();
    assert!(facts_for(&[weekly(0, 60)], &[], 100, &nothing).is_empty());
}

#[test]
fn choosing_to_wrap_up_without_asking_for_an_ending_is_flagged_until_a_request_comes() {
    let usual = Plan::usual();
    let h = [weekly_with(7, 0, 2, 2)];
    let a = facts_for(&h, &[], 100, &usual);
    assert_eq!(
        a,
        [Alert {
            kind: AlertKind::Ending,
            reason: "chose \"Think about wrapping up\" in the weekly check-in on 11 Nov (2 days ago) but has not asked for an ending".into()
        }]
    );
    // With a request waiting, that request is the alert instead.
    let requests = [request(Wish::FinalSession, 1)];
    let a = facts_for(&h, &requests, 100, &usual);
    assert_eq!(a.len(), 1);
    assert!(a[0].reason.starts_with("asks for a last session"));
    // Only the latest weekly counts: wrapping up, then keeping going, raises nothing.
    let h = [weekly_with(7, 0, 2, 9), weekly_with(7, 0, 0, 2)];
    assert!(facts_for(&h, &[], 100, &usual).is_empty());
}

#[test]
fn not_helping_twice_running_but_not_once_or_with_a_yes_between() {
    let usual = Plan::usual();
    const NOT_REALLY: u8 = 2;
    let twice = [
        weekly_with(7, NOT_REALLY, 0, 9),
        weekly_with(7, NOT_REALLY, 0, 2),
    ];
    assert_eq!(
        facts_for(&twice, &[], 100, &usual),
        [Alert {
            kind: AlertKind::NotOnTrack,
            reason: "answered \"Not really\" to \"Is therapy helping?\" in the last 2 weekly check-ins (since 4 Nov)".into()
        }]
    );
    assert!(facts_for(&[weekly_with(7, NOT_REALLY, 0, 2)], &[], 100, &usual).is_empty());
    let broken = [
        weekly_with(7, NOT_REALLY, 0, 16),
        weekly_with(7, 0, 0, 9),
        weekly_with(7, NOT_REALLY, 0, 2),
    ];
    assert!(facts_for(&broken, &[], 100, &usual).is_empty());
    // "Not sure" (3) is not "Not really".
    let unsure = [weekly_with(7, 3, 0, 9), weekly_with(7, 3, 0, 2)];
    assert!(facts_for(&unsure, &[], 100, &usual).is_empty());
}

#[test]
fn a_weekly_rating_of_3_is_low_and_4_is_not() {
    let usual = Plan::usual();
    assert_eq!(
        facts_for(&[weekly_with(3, 0, 0, 2)], &[], 100, &usual)[0].reason,
        "rated how things have been 3/10 in the weekly check-in on 11 Nov (2 days ago)"
    );
    assert!(facts_for(&[weekly_with(4, 0, 0, 2)], &[], 100, &usual).is_empty());
}

#[test]
fn a_weekly_rating_falling_by_3_is_flagged_and_by_2_is_not() {
    let usual = Plan::usual();
    let fell = [weekly_with(8, 0, 0, 9), weekly_with(5, 0, 0, 2)];
    assert_eq!(
        facts_for(&fell, &[], 100, &usual)[0].reason,
        "weekly rating of how things have been fell from 8 to 5 since 4 Nov"
    );
    let dipped = [weekly_with(8, 0, 0, 9), weekly_with(6, 0, 0, 2)];
    assert!(facts_for(&dipped, &[], 100, &usual).is_empty());
}
