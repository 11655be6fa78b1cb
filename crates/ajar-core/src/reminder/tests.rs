use super::*;
use crate::plan::Planned;

const HOUR: i64 = 3_600_000;
/// 2026-03-02 00:00 UTC, a Monday.
const MONDAY: i64 = 1_772_409_600_000;

fn plan(rows: &[(&str, Option<u16>)]) -> Plan {
    Plan::parse(
        &rows
            .iter()
            .map(|(i, d)| Planned {
                instrument: (*i).to_owned(),
                every_days: *d,
            })
            .collect::<Vec<_>>(),
    )
    .unwrap()
}

fn sent(instrument: &str, at: i64) -> LastSent {
    LastSent {
        instrument: instrument.to_owned(),
        received_at_ms: at,
    }
}

#[test]
fn nothing_is_due_while_every_interval_runs() {
    let p = plan(&[("phq-9", Some(14)), ("ajar-session", None)]);
    let last = [sent("phq-9", MONDAY)];
    assert_eq!(due_since(&p, &last, MONDAY + 13 * DAY_MS), None);
    assert_eq!(
        due_since(&p, &last, MONDAY + 14 * DAY_MS),
        Some(MONDAY + 14 * DAY_MS)
    );
}

#[test]
fn a_check_in_never_sent_is_due_since_the_beginning_and_the_newest_due_counts() {
    let p = plan(&[("phq-9", Some(14)), ("gad-7", Some(14))]);
    assert_eq!(due_since(&p, &[], MONDAY), Some(0));
    let last = [sent("phq-9", MONDAY)];
    assert_eq!(
        due_since(&p, &last, MONDAY + 20 * DAY_MS),
        Some(MONDAY + 14 * DAY_MS)
    );
}

#[test]
fn the_session_check_in_is_never_due_by_time() {
    let p = plan(&[("ajar-session", None)]);
    assert_eq!(due_since(&p, &[], MONDAY), None);
}

#[test]
fn a_reminder_goes_at_the_practice_hour_in_the_clients_own_time() {
    let due = Some(MONDAY - DAY_MS);
    let none = Sent::default();
    // 17:59 UTC, offset 0: before the hour.
    assert_eq!(decide(due, none, MONDAY + 18 * HOUR - 60_000, 0, 18), None);
    assert_eq!(decide(due, none, MONDAY + 18 * HOUR, 0, 18), due);
    // 12:00 UTC is 18:00 in UTC+6 and 07:00 in UTC−5.
    assert_eq!(decide(due, none, MONDAY + 12 * HOUR, 360, 18), due);
    assert_eq!(decide(due, none, MONDAY + 12 * HOUR, -300, 18), None);
}

#[test]
fn never_at_night_in_the_clients_time() {
    let due = Some(0);
    let none = Sent::default();
    for hour in [21, 22, 23, 0, 3, 7] {
        let at = MONDAY + DAY_MS + hour * HOUR;
        assert_eq!(decide(due, none, at, 0, 8), None, "{hour}:00");
    }
    // 22:00 UTC is 08:00 the next day in UTC+10.
    assert_eq!(decide(due, none, MONDAY + 22 * HOUR, 600, 8), due);
    // An hour the practice chose in the night is held to the night's end.
    assert_eq!(decide(due, none, MONDAY + 5 * HOUR, 0, 3), None);
}

#[test]
fn one_reminder_for_each_check_in_falling_due() {
    let due = MONDAY - DAY_MS;
    let at = MONDAY + 19 * HOUR;
    let reminded = Sent {
        reminded_for_ms: Some(due),
        at_ms: Some(at - 3 * DAY_MS),
    };
    assert_eq!(decide(Some(due), reminded, at, 0, 18), None);
    assert_eq!(
        decide(Some(due + DAY_MS), reminded, at, 0, 18),
        Some(due + DAY_MS)
    );
}

#[test]
fn at_most_one_a_day_in_the_clients_own_day() {
    let at = MONDAY + 18 * HOUR;
    let earlier_today = Sent {
        reminded_for_ms: Some(0),
        at_ms: Some(MONDAY + 8 * HOUR),
    };
    assert_eq!(decide(Some(HOUR), earlier_today, at, 0, 18), None);
    // Yesterday in the client's day, though the same UTC date: UTC−10, 07:00 UTC is
    // 21:00 the day before.
    let yesterday_there = Sent {
        reminded_for_ms: Some(0),
        at_ms: Some(MONDAY + 7 * HOUR),
    };
    assert_eq!(
        decide(Some(HOUR), yesterday_there, MONDAY + 28 * HOUR, -600, 18),
        Some(HOUR)
    );
}

#[test]
fn the_words_say_nothing_about_therapy() {
    for text in [TITLE, BODY] {
        assert!(!text.to_lowercase().contains("therap"), "{text}");
    }
    assert!(valid_hour(8) && valid_hour(20));
    assert!(!valid_hour(21) && !valid_hour(7));
}

#[test]
fn reminders_go_only_to_a_push_service_named_by_its_host() {
    for (url, ok) in [
        ("https://fcm.googleapis.com/fcm/send/abc:def", true),
        (
            "https://updates.push.services.mozilla.com/wpush/v2/gAAA",
            true,
        ),
        ("https://web.push.apple.com:443/QO", true),
        ("https://push.example.org", true),
        ("https://push.example.org:65536/x", false),
        ("https://push.example.org:/x", false),
        ("http://push.example.org/x", false),
        ("https://127.0.0.1/x", false),
        ("https://localhost/x", false),
        ("https://[::1]/x", false),
        ("https://push..example.org/x", false),
        ("https://push.example.org/a b", false),
        ("https://push.example.org?x", false),
        ("https://user@push.example.org/x", false),
        ("https://push.exämple.org/x", false),
    ] {
        assert_eq!(is_push_endpoint(url), ok, "{url}");
    }
    assert!(!is_push_endpoint(&format!(
        "https://push.example.org/{}",
        "a".repeat(MAX_ENDPOINT)
    )));
}
