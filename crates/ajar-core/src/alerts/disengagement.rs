//! The early signs of a client drifting away (Ajar exists to catch them): never starting,
//! going quiet while check-ins are due, choosing to wrap up without asking for an ending,
//! saying therapy is not helping, and a low or falling weekly rating.

use super::{Alert, AlertKind, Facts, of};
use crate::dates::{date, when};
use crate::due::DAY_MS;
use crate::instruments::{BETWEEN, WRAP_UP};
use crate::plan::Cadence;
use crate::thresholds::*;

/// Added (or started again) a while ago, and nothing sent since.
pub(super) fn never_engaged(f: &Facts) -> Option<Alert> {
    if !f.active || !f.history.is_empty() {
        return None;
    }
    let days = (f.now_ms - f.started_at_ms) / DAY_MS;
    let since = if f.restarted {
        "therapy started again"
    } else {
        "they were added"
    };
    (days >= NEVER_ENGAGED_DAYS).then(|| Alert {
        kind: AlertKind::Silence,
        reason: format!(
            "no check-in yet since {since} on {}",
            when(f.now_ms, f.started_at_ms)
        ),
    })
}

/// True when something in the plan came due in the `days` since the last check-in: a
/// check-in after each session always (sessions go on), one every N days once N days
/// have passed. A plan with nothing due in that time is not silence.
pub(super) fn something_was_due(f: &Facts, days: i64) -> bool {
    f.plan.items().any(|(_, cadence)| match cadence {
        Cadence::AfterEachSession => true,
        Cadence::EveryDays(every) => days >= i64::from(every),
    })
}

/// The weekly check-in's "Think about wrapping up", with no request from the ending
/// flow waiting: the client may be leaving without saying so.
pub(super) fn wrap_up_without_request(f: &Facts) -> Option<Alert> {
    let latest = of(f, &BETWEEN).next_back()?;
    let (item, value) = WRAP_UP;
    let chose = latest.value(item) == Some(value);
    (f.active && chose && f.open_requests.is_empty()).then(|| Alert {
        kind: AlertKind::Ending,
        reason: format!(
            "chose \"{}\" in the weekly check-in on {} but has not asked for an ending",
            latest
                .choice_label(item)
                .unwrap_or("Think about wrapping up"),
            when(f.now_ms, latest.answered_at_ms)
        ),
    })
}

/// "Is therapy helping?" answered "Not really" in the last few weekly check-ins running,
/// and a low or falling weekly rating.
pub(super) fn weekly_signs(f: &Facts) -> Vec<Alert> {
    const NOT_REALLY: u8 = 2;
    let mut found = Vec::new();
    let alert = |reason: String| Alert {
        kind: AlertKind::NotOnTrack,
        reason,
    };
    let recent: Vec<_> = of(f, &BETWEEN).rev().take(NOT_HELPING_IN_A_ROW).collect();
    if recent.len() == NOT_HELPING_IN_A_ROW
        && recent
            .iter()
            .all(|r| r.value("helping") == Some(NOT_REALLY))
    {
        let since = recent.last().map_or(0, |r| r.answered_at_ms);
        found.push(alert(format!(
            "answered \"Not really\" to \"Is therapy helping?\" in the last {NOT_HELPING_IN_A_ROW} weekly check-ins (since {})",
            date(f.now_ms, since)
        )));
    }
    let mut ratings = of(f, &BETWEEN)
        .rev()
        .filter_map(|r| r.value("since").map(|v| (v, r.answered_at_ms)));
    if let Some((now, at)) = ratings.next() {
        if now <= WEEKLY_LOW_AT_OR_BELOW {
            found.push(alert(format!(
                "rated how things have been {now}/10 in the weekly check-in on {}",
                when(f.now_ms, at)
            )));
        } else if let Some((before, since)) = ratings.next()
            && before >= now + WEEKLY_DROP
        {
            found.push(alert(format!(
                "weekly rating of how things have been fell from {before} to {now} since {}",
                date(f.now_ms, since)
            )));
        }
    }
    found
}
