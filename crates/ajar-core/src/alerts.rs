//! Who needs attention, and why, in words a therapist reads at a glance.
//!
//! Each rule is a plain function of a client's history; thresholds live in
//! [`crate::thresholds`] with their sources. Kinds are ordered by urgency, so sorting a
//! caseload by its clients' first alert puts risk first and silence last.

use crate::api::{RequestView, ResponseView};
use crate::dates::{date, when};
use crate::due::DAY_MS;
use crate::ending::Wish;
use crate::instrument::Instrument;
use crate::instrument::ItemKind;
use crate::instruments::{BETWEEN, FOCUS_NOT_REALLY, GAD7, PACE_ABOUT_RIGHT, PHQ9, SESSION};
use crate::plan::{Cadence, Plan};
use crate::risk::RiskFlag;
use crate::thresholds::*;

pub use crate::attention::{Alert, AlertKind};

/// What the rules read about one client. `history` is every response of the current
/// episode of care, oldest first.
pub struct Facts<'a> {
    pub history: &'a [ResponseView],
    /// The client's risk flags, open or acknowledged, oldest first: every one, or only
    /// the newest open ones and `unloaded_open_risks` the number left out.
    pub risk_flags: &'a [RiskFlag],
    pub unloaded_open_risks: u32,
    pub open_requests: &'a [RequestView],
    /// Therapy is going on (not closed).
    pub active: bool,
    /// When the current episode of care began: when the therapist added the client, or
    /// when therapy started again. `history` holds only what came since.
    pub started_at_ms: i64,
    /// The current episode is not the client's first.
    pub restarted: bool,
    /// What the client is offered, and how often: a check-in not offered is never missed.
    pub plan: &'a Plan,
    pub now_ms: i64,
}

/// Every alert for this client, most urgent first: the rules are asked in the order of
/// [`AlertKind`], so the list is built sorted (a sort after it would change nothing, and
/// a test that only checked the result could not tell it was gone).
pub fn alerts(f: &Facts) -> Vec<Alert> {
    [
        risk(f),
        ending(f),
        disengagement::wrap_up_without_request(f),
    ]
    .into_iter()
    .flatten()
    .chain(rupture(f))
    .chain(not_on_track(f))
    .chain(disengagement::weekly_signs(f))
    .chain(silence(f))
    .chain(disengagement::never_engaged(f))
    .collect()
}

fn of<'a>(
    f: &'a Facts,
    instrument: &Instrument,
) -> impl DoubleEndedIterator<Item = &'a ResponseView> {
    let id = instrument.id;
    f.history.iter().filter(move |r| r.instrument == id)
}

/// Any risk flag not yet acknowledged, however old and whatever came after it: only
/// the therapist's acknowledgement closes a flag.
pub fn risk(f: &Facts) -> Option<Alert> {
    let open: Vec<&RiskFlag> = f.risk_flags.iter().filter(|r| r.is_open()).collect();
    let newest = open.iter().max_by_key(|r| r.answered_at_ms)?;
    let answers: Vec<String> = newest
        .answers
        .iter()
        .map(|a| format!("\"{}\" to \"{}\"", a.answer, a.question))
        .collect();
    let earlier = match open.len() - 1 + f.unloaded_open_risks as usize {
        0 => String::new(),
        1 => "; 1 earlier risk answer also not acknowledged".to_owned(),
        n => format!("; {n} earlier risk answers also not acknowledged"),
    };
    Some(Alert {
        kind: AlertKind::Risk,
        reason: format!(
            "{}: {} on {}, not yet acknowledged{earlier}",
            newest.title,
            answers.join(", "),
            when(f.now_ms, newest.answered_at_ms),
        ),
    })
}

/// An open request from the ending flow, a missed session, or to start again.
pub fn ending(f: &Facts) -> Option<Alert> {
    let newest = f.open_requests.iter().max_by_key(|r| r.created_at_ms)?;
    let wish = match newest.wish {
        Wish::FinalSession => "asks for a last session to wrap up",
        Wish::Break => "asks for a break",
        Wish::StopWithoutSession => "wants to stop without a final session",
        Wish::Referral => "asks for a referral",
        Wish::TalkAboutIt => "is not sure therapy is working and wants to talk",
        Wish::Resume => "asks to start again",
        Wish::MissedRebook => "missed a session and would like to rebook",
        Wish::MissedBreak => "missed a session and needs a break",
        Wish::MissedUnsure => "missed a session and is not sure they want to continue",
    };
    Some(Alert {
        kind: AlertKind::Ending,
        reason: format!("{wish}: sent {}", when(f.now_ms, newest.created_at_ms)),
    })
}

/// Low or falling session ratings, time not spent on what matters, a pace that is not
/// right, or a wish to talk about how therapy is going. Read from whichever version of
/// the session check-in was answered.
pub fn rupture(f: &Facts) -> Vec<Alert> {
    let mut found = Vec::new();
    let alert = |reason: String| Alert {
        kind: AlertKind::Rupture,
        reason,
    };
    let mut sessions = of(f, &SESSION).rev();
    if let Some(latest) = sessions.next() {
        let on = when(f.now_ms, latest.answered_at_ms);
        let asked = crate::instruments::find(&latest.instrument, latest.version);
        // The lowest of the version's 0–10 items, if it is low.
        if let Some((text, v)) = asked
            .into_iter()
            .flat_map(|i| i.items)
            .filter(|item| matches!(item.kind, ItemKind::Scale { .. }))
            .filter_map(|item| latest.value(item.id).map(|v| (item.text, v)))
            .filter(|(_, v)| *v <= RUPTURE_ITEM_AT_OR_BELOW)
            .min_by_key(|(_, v)| *v)
        {
            found.push(alert(format!(
                "rated {v}/10 \"{}\" on {on}",
                text.trim_end_matches(['.', '?'])
            )));
        }
        let previous = sessions
            .next()
            .and_then(|p| p.session_rating().map(|r| (r, p.answered_at_ms)));
        if let (Some(now), Some((before, since))) = (latest.session_rating(), previous)
            && before >= now + RUPTURE_RATING_DROP
        {
            found.push(alert(format!(
                "session rating dropped from {before} to {now} (of 10) since {}",
                date(f.now_ms, since)
            )));
        }
        if latest.value("focus") == Some(FOCUS_NOT_REALLY) {
            found.push(alert(format!(
                "said the session on {on} did not really go on what matters most to them"
            )));
        }
        if latest.value("pace").is_some_and(|p| p != PACE_ABOUT_RIGHT) {
            let pace = latest.choice_label("pace").unwrap_or("not about right");
            found.push(alert(format!("pace \"{pace}\" on {on}")));
        }
    }
    if let Some(weekly) = of(f, &BETWEEN).next_back()
        && weekly.value("next") == Some(1)
    {
        found.push(alert(format!(
            "wants to talk about how therapy is going: weekly check-in on {}",
            when(f.now_ms, weekly.answered_at_ms)
        )));
    }
    found
}

/// Reliable worsening since the episode's first score, or still at caseness with no
/// reliable improvement after the allowed weeks (`NOT_ON_TRACK_WEEKS`, with its source).
/// `f.history` holds the current episode only, so a new episode has a new baseline.
pub fn not_on_track(f: &Facts) -> Vec<Alert> {
    let mut found = Vec::new();
    for (instrument, reliable, caseness) in [
        (&PHQ9, PHQ9_RELIABLE_CHANGE, PHQ9_CASENESS),
        (&GAD7, GAD7_RELIABLE_CHANGE, GAD7_CASENESS),
    ] {
        let mut scores = of(f, instrument).filter_map(|r| r.total.map(|t| (t, r.answered_at_ms)));
        let Some(first) = scores.next() else { continue };
        let Some(latest) = scores.next_back() else {
            continue;
        };
        let title = instrument.title;
        if latest.0 >= first.0 + reliable {
            found.push(Alert {
                kind: AlertKind::NotOnTrack,
                reason: format!(
                    "{title} up from {} to {} since {}: a rise of {reliable} or more is a \
                     reliable worsening",
                    first.0,
                    latest.0,
                    date(f.now_ms, first.1)
                ),
            });
        } else {
            let weeks = (latest.1 - first.1) / (7 * DAY_MS);
            let improved = first.0 >= latest.0 + reliable;
            if latest.0 >= caseness && !improved && weeks >= NOT_ON_TRACK_WEEKS {
                found.push(Alert {
                    kind: AlertKind::NotOnTrack,
                    reason: format!(
                        "{title} at {} after {weeks} weeks ({} on {}): still {caseness} or \
                         more, without the fall of {reliable} that counts as reliable \
                         improvement",
                        latest.0,
                        first.0,
                        date(f.now_ms, first.1)
                    ),
                });
            }
        }
    }
    found
}

/// An active client quiet for too long, or missing due check-ins in a row.
pub fn silence(f: &Facts) -> Option<Alert> {
    if !f.active {
        return None;
    }
    let last = f.history.iter().map(|r| r.answered_at_ms).max()?;
    let days = (f.now_ms - last) / DAY_MS;
    if days >= SILENCE_DAYS && disengagement::something_was_due(f, days) {
        return Some(Alert {
            kind: AlertKind::Silence,
            reason: format!(
                "no check-in for {days} days (last on {})",
                date(f.now_ms, last)
            ),
        });
    }
    // Still sending something, but not what is due.
    f.plan
        .items()
        .filter_map(|(i, cadence)| match cadence {
            Cadence::EveryDays(every) => Some((i, every, of(f, i).next_back()?.answered_at_ms)),
            Cadence::AfterEachSession => None,
        })
        .find_map(|(i, every, last)| {
            let missed = (f.now_ms - last) / (i64::from(every) * DAY_MS);
            (missed >= MISSED_IN_A_ROW).then(|| Alert {
                kind: AlertKind::Silence,
                reason: format!(
                    "missed {missed} {}s in a row (last on {})",
                    i.title,
                    date(f.now_ms, last)
                ),
            })
        })
}

mod disengagement;
#[cfg(test)]
mod tests;
