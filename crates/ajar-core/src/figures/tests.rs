//! The figures by their written definitions, edge by edge.
use super::*;
use crate::CheckInId;
use crate::api::{EndedView, ResponseView};
use crate::episodes::Episode;
use crate::instrument::Instrument;
use crate::instruments::{GAD7, PHQ9, SESSION};
use crate::response::Answer;

const NOW: i64 = 1_794_528_000_000; // Friday 13 Nov 2026

fn r(
    instrument: &Instrument,
    total: Option<u8>,
    overall: Option<u8>,
    days_ago: i64,
) -> ResponseView {
    ResponseView {
        id: CheckInId::from_random_bytes([0; 16]),
        instrument: instrument.id.into(),
        version: 1,
        answers: overall
            .map(|v| ("overall".to_owned(), Answer::Value(v)))
            .into_iter()
            .collect(),
        total,
        band: None,
        risk: false,
        received_at_ms: NOW - days_ago * DAY_MS,
        answered_at_ms: NOW - days_ago * DAY_MS,
    }
}

fn client(history: Vec<ResponseView>, ended: Option<EndingType>) -> ClientRecord {
    let ended = ended.map(|ending_type| EndedView {
        at_ms: NOW,
        ending_type,
    });
    ClientRecord {
        client_id: 1,
        added_at_ms: 0,
        label: "x".into(),
        ended,
        episodes: vec![Episode {
            started_at_ms: 0,
            ended,
        }],
        response_count: history.len() as u32,
        history,
        risk_flags: vec![],
        unloaded_open_risks: 0,
        open_requests: vec![],
        plan: crate::plan::Plan::usual(),
        archived_at_ms: None,
    }
}

#[test]
fn weeks_start_on_monday_utc() {
    assert_eq!(crate::dates::iso_date(week_start(NOW)), "2026-11-09");
    assert_eq!(week_start(week_start(NOW)), week_start(NOW));
    assert_eq!(crate::dates::iso_date(week_start(0)), "1969-12-29");
}

#[test]
fn figures_count_what_their_definitions_say() {
    let records = vec![
        // Improved on PHQ-9 by exactly 6, answered 10 days ago.
        client(
            vec![r(&PHQ9, Some(15), None, 60), r(&PHQ9, Some(9), None, 10)],
            None,
        ),
        // Worse on GAD-7 by exactly 4 (and improved on PHQ-9): neither, as NHS
        // Talking Therapies counts it.
        client(
            vec![
                r(&PHQ9, Some(15), None, 60),
                r(&PHQ9, Some(5), None, 40),
                r(&GAD7, Some(5), None, 60),
                r(&GAD7, Some(9), None, 40),
            ],
            None,
        ),
        // Changed by less than reliable; silent for 31 days.
        client(
            vec![r(&PHQ9, Some(15), None, 60), r(&PHQ9, Some(10), None, 31)],
            None,
        ),
        // One score only: not measured. Two session ratings in this week.
        client(
            vec![
                r(&GAD7, Some(10), None, 1),
                r(&SESSION, Some(30), Some(8), 1),
                r(&SESSION, Some(30), Some(5), 2),
            ],
            None,
        ),
        client(vec![], Some(EndingType::Planned)),
        client(vec![], Some(EndingType::Unplanned)),
        client(vec![], Some(EndingType::Referred)),
        // Archived without a recorded ending: no longer active, still in the outcomes.
        ClientRecord {
            archived_at_ms: Some(NOW),
            ..client(vec![r(&SESSION, Some(40), Some(9), 1)], None)
        },
    ];
    let f = figures(&records, NOW);
    assert_eq!(f.active_clients, 4);
    assert_eq!(f.responded_30_days, 2);
    assert_eq!(f.measured_episodes, 3);
    assert_eq!(f.reliably_improved, 1);
    assert_eq!(f.reliably_worse, 0);
    // 8 and 5 from an active client, 9 from the archived one.
    assert_eq!(f.weekly_mean_session, [(week_start(NOW), 22.0 / 3.0)]);
    assert_eq!(
        (
            f.endings.planned,
            f.endings.unplanned,
            f.endings.referred,
            f.endings.total()
        ),
        (1, 1, 1, 3)
    );
    assert!((f.endings.reported_rate - 0.197).abs() < 1e-9);
}

/// (measured, reliably improved, reliably worse) for one client's scores.
fn outcome(instrument: &Instrument, first: u8, last: u8) -> (u32, u32, u32) {
    let history = vec![
        r(instrument, Some(first), None, 60),
        r(instrument, Some(last), None, 10),
    ];
    let f = figures(&[client(history, None)], NOW);
    (f.measured_episodes, f.reliably_improved, f.reliably_worse)
}

#[test]
fn reliable_change_counts_from_exactly_the_threshold() {
    // PHQ-9: 6 points either way.
    assert_eq!(outcome(&PHQ9, 15, 9), (1, 1, 0));
    assert_eq!(outcome(&PHQ9, 15, 10), (1, 0, 0));
    assert_eq!(outcome(&PHQ9, 15, 21), (1, 0, 1));
    assert_eq!(outcome(&PHQ9, 15, 20), (1, 0, 0));
    // GAD-7: 4 points either way.
    assert_eq!(outcome(&GAD7, 10, 6), (1, 1, 0));
    assert_eq!(outcome(&GAD7, 10, 7), (1, 0, 0));
    assert_eq!(outcome(&GAD7, 10, 14), (1, 0, 1));
    assert_eq!(outcome(&GAD7, 10, 13), (1, 0, 0));
}

#[test]
fn the_30_days_are_the_30_days_before_now() {
    let sent_at = |ms: i64| {
        let mut h = r(&SESSION, None, None, 0);
        h.received_at_ms = ms;
        h.answered_at_ms = ms;
        client(vec![h], None)
    };
    let responded = |ms| figures(&[sent_at(ms)], NOW).responded_30_days;
    assert_eq!(responded(NOW - 30 * DAY_MS + 1), 1);
    assert_eq!(
        responded(NOW - 30 * DAY_MS),
        0,
        "exactly 30 days ago is outside"
    );
    assert_eq!(responded(NOW), 1);
}

#[test]
fn every_ending_type_is_counted_in_its_own_place_and_in_the_total() {
    let mut records = Vec::new();
    for (n, ending) in (1..).zip(EndingType::ALL) {
        records.extend((0..n).map(|_| client(vec![], Some(ending))));
    }
    let e = figures(&records, NOW).endings;
    assert_eq!(
        (
            e.planned,
            e.client_stopped,
            e.paused,
            e.referred,
            e.unplanned
        ),
        (1, 2, 3, 4, 5)
    );
    assert_eq!(e.total(), 15);
}

/// A client who finished, started again, and is in their second episode now.
fn two_episodes() -> ClientRecord {
    let first_end = NOW - 100 * DAY_MS;
    let second_start = NOW - 90 * DAY_MS;
    let ended = EndedView {
        at_ms: first_end,
        ending_type: EndingType::Planned,
    };
    ClientRecord {
        episodes: vec![
            Episode {
                started_at_ms: 0,
                ended: Some(ended),
            },
            Episode {
                started_at_ms: second_start,
                ended: None,
            },
        ],
        ended: None,
        ..client(
            vec![
                // First episode: 18 -> 7, reliable recovery.
                r(&PHQ9, Some(18), None, 200),
                r(&PHQ9, Some(7), None, 110),
                // Second: 14 -> 16, from its own baseline: neither.
                r(&PHQ9, Some(14), None, 80),
                r(&PHQ9, Some(16), None, 10),
            ],
            None,
        )
    }
}

#[test]
fn each_episode_counts_once_from_its_own_baseline() {
    let f = figures(&[two_episodes()], NOW);
    // Two measured episodes: the finished one improved, the current one did not.
    assert_eq!(
        (f.measured_episodes, f.reliably_improved, f.reliably_worse),
        (2, 1, 0)
    );
    // Recovery counts the finished episode only.
    let r = f.recovery;
    assert_eq!(
        (
            r.finished_measured,
            r.at_caseness,
            r.recovered,
            r.reliably_recovered
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(f.endings.planned, 1);
    assert_eq!(f.active_clients, 1);
    // Judged as one episode, 18 -> 16 would be neither: the split is what counts.
    let mut one = two_episodes();
    one.episodes.remove(0);
    one.episodes[0].started_at_ms = 0;
    let f = figures(&[one], NOW);
    assert_eq!((f.measured_episodes, f.reliably_improved), (1, 0));
    assert_eq!(f.recovery.finished_measured, 0);
}

#[test]
fn recovery_is_out_of_finished_episodes_at_caseness() {
    let finished = |phq: [u8; 2], gad: [u8; 2]| {
        client(
            vec![
                r(&PHQ9, Some(phq[0]), None, 60),
                r(&GAD7, Some(gad[0]), None, 60),
                r(&PHQ9, Some(phq[1]), None, 10),
                r(&GAD7, Some(gad[1]), None, 10),
            ],
            Some(EndingType::Planned),
        )
    };
    let records = [
        finished([15, 8], [10, 6]), // recovered, reliably (7 and 4)
        finished([11, 9], [9, 7]),  // recovered, not reliably
        finished([15, 8], [10, 9]), // GAD-7 still 9: not recovered
        finished([9, 3], [7, 2]),   // not at caseness: not counted for recovery
        // Going on: not in the recovery figures at all.
        client(
            vec![r(&PHQ9, Some(20), None, 60), r(&PHQ9, Some(2), None, 10)],
            None,
        ),
    ];
    let r = figures(&records, NOW).recovery;
    assert_eq!(r.finished_measured, 4);
    assert_eq!(r.at_caseness, 3);
    assert_eq!(r.recovered, 2);
    assert_eq!(r.reliably_recovered, 1);
    // 15->8 with 10->6, 15->8 with 10->9, 9->3 with 7->2.
    assert_eq!(r.reliably_improved, 3);
    assert!((r.standard_rate - 0.5).abs() < 1e-9);
}
