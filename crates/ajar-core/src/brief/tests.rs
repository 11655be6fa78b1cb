use super::*;
use crate::CheckInId;
use crate::instrument::Instrument;
use crate::instruments::{GAD7, PHQ9};
use crate::response::Answer;

const DAY: i64 = 86_400_000;

fn response(n: u8, instrument: &Instrument, day: i64) -> ResponseView {
    ResponseView {
        id: CheckInId::from_random_bytes([n; 16]),
        instrument: instrument.id.into(),
        version: instrument.version,
        answers: Default::default(),
        total: None,
        band: None,
        risk: false,
        received_at_ms: day * DAY,
        answered_at_ms: day * DAY,
    }
}

fn note(n: u8, day: i64, text: &str) -> ResponseView {
    let mut r = response(n, &BETWEEN, day);
    r.answers.insert("agenda".into(), Answer::Text(text.into()));
    r
}

fn score(n: u8, instrument: &Instrument, day: i64, total: u8) -> ResponseView {
    ResponseView {
        total: Some(total),
        ..response(n, instrument, day)
    }
}

fn therapy_from(day: i64) -> Vec<Episode> {
    vec![Episode {
        started_at_ms: day * DAY,
        ended: None,
    }]
}

#[test]
fn what_to_bring_is_the_notes_since_the_last_session_of_this_therapy() {
    let history = vec![
        note(1, 1, "from the therapy before"),
        note(2, 11, "before the last session"),
        response(3, &SESSION, 12),
        note(4, 14, "my sister"),
        note(5, 15, ""),
        note(6, 16, "sleep"),
    ];
    let b = brief(&history, &therapy_from(10));
    assert_eq!(
        b.last_session.map(|s| s.id),
        Some(CheckInId::from_random_bytes([3; 16]))
    );
    assert_eq!(
        b.to_bring,
        vec![
            (14 * DAY, "my sister".to_owned()),
            (16 * DAY, "sleep".to_owned())
        ]
    );

    // No session yet in this therapy: every note of it.
    let b = brief(&history[..2], &therapy_from(10));
    assert_eq!(b.last_session, None);
    assert_eq!(
        b.to_bring,
        vec![(11 * DAY, "before the last session".to_owned())]
    );
}

#[test]
fn each_measure_moves_against_the_score_before_and_the_first_by_reliable_change() {
    let history = vec![
        score(1, &PHQ9, 1, 27), // an earlier therapy: not this one's first
        score(2, &PHQ9, 11, 14),
        score(3, &GAD7, 11, 9),
        score(4, &PHQ9, 12, 16),
        score(5, &PHQ9, 13, 8),
    ];
    let b = brief(&history, &therapy_from(10));
    let phq = &b.measures[0];
    assert_eq!(
        (phq.title, phq.max, phq.latest, phq.before),
        ("PHQ-9", 27, 8, Some(16))
    );
    assert_eq!(phq.since_first, SinceFirst::ReliablyBetter, "14 to 8 is 6");
    assert_eq!(b.measures[1].since_first, SinceFirst::OnlyOne);
    assert_eq!(b.measures[1].before, None);

    let by = |scores: &[u8]| {
        let h: Vec<ResponseView> = scores
            .iter()
            .enumerate()
            .map(|(i, t)| score(i as u8, &GAD7, 11 + i as i64, *t))
            .collect();
        brief(&h, &therapy_from(10)).measures[0].since_first
    };
    assert_eq!(
        by(&[9, 6]),
        SinceFirst::NoReliableChange,
        "GAD-7's reliable change is 4"
    );
    assert_eq!(by(&[9, 5]), SinceFirst::ReliablyBetter);
    assert_eq!(by(&[5, 9]), SinceFirst::ReliablyWorse);
    assert_eq!(by(&[5, 8]), SinceFirst::NoReliableChange);
}
