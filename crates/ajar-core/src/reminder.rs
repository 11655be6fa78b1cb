//! When a phone that asked for reminders gets one: a check-in has fallen due since the
//! last reminder, it is the practice's hour or later in the client's own day but not
//! night there, and this phone has had none today. What the reminder says, too: words
//! that tell someone looking over a shoulder nothing.

use crate::api::LastSent;
use crate::due::{DAY_MS, falls_due_at};
use crate::plan::Plan;
use serde::{Deserialize, Serialize};

/// The reminder's only words: no answer, no therapist's name, nothing about therapy, so a
/// lock screen seen by someone else says nothing about the client.
pub const TITLE: &str = "Ajar";
pub const BODY: &str = "You have a check-in waiting";

/// Night in the client's own time: no reminder from 21:00 until 08:00.
pub const QUIET_FROM_HOUR: u8 = 21;
pub const QUIET_UNTIL_HOUR: u8 = 8;
/// The practice's hour when it sets none.
pub const DEFAULT_HOUR: u8 = 18;

/// The hours a practice may choose: any hour outside the night.
pub fn valid_hour(hour: u8) -> bool {
    (QUIET_UNTIL_HOUR..QUIET_FROM_HOUR).contains(&hour)
}

/// The most a phone's clock can differ from UTC, in minutes (UTC−12:00 to UTC+14:00).
pub const MIN_UTC_OFFSET: i32 = -12 * 60;
pub const MAX_UTC_OFFSET: i32 = 14 * 60;

/// `PUT /client/reminders`: what `PushManager.subscribe()` gave the phone, and how far its
/// clock is from UTC (east positive, the opposite sign of `getTimezoneOffset()`).
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subscribe {
    /// The push service's URL for this phone (https).
    pub endpoint: String,
    /// The phone's public key for this subscription (P-256, base64url).
    pub p256dh: String,
    /// The subscription's authentication secret (16 bytes, base64url).
    pub auth: String,
    pub utc_offset_minutes: i32,
}

/// `GET /client/reminders`: whether this phone gets reminders, and the server's public key
/// a subscription must be made with.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reminders {
    pub on: bool,
    /// The VAPID public key (uncompressed P-256 point, base64url), for
    /// `applicationServerKey`.
    pub public_key: String,
}

/// The longest push-service URL kept.
pub const MAX_ENDPOINT: usize = 1000;
/// A P-256 public key (65 bytes) and an authentication secret (16 bytes) in base64url.
pub const P256DH_CHARS: usize = 87;
pub const AUTH_CHARS: usize = 22;

/// Where a reminder may be posted: an https URL with a host name ending in letters (so
/// never an IP address, `localhost` or a name inside the server's own network), perhaps
/// a port up to 65535, then a path of visible ASCII. The server posts to this URL, so a
/// phone must not be able to aim it at the machine it runs on.
pub fn is_push_endpoint(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    if url.len() > MAX_ENDPOINT {
        return false;
    }
    let (host, rest) = rest.split_at(rest.find([':', '/']).unwrap_or(rest.len()));
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok =
        |l: &&str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let top = labels.last().copied().unwrap_or_default();
    if labels.len() < 2
        || !labels.iter().all(label_ok)
        || !(2..=63).contains(&top.len())
        || !top.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return false;
    }
    let path = match rest.strip_prefix(':') {
        Some(after) => {
            let (port, path) = after.split_at(after.find('/').unwrap_or(after.len()));
            let port_ok = (1..=5).contains(&port.len())
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u32>().is_ok_and(|p| p <= 65535);
            if !port_ok {
                return false;
            }
            path
        }
        None => rest,
    };
    path.is_empty() || (path.starts_with('/') && path.bytes().all(|b| (b'!'..=b'~').contains(&b)))
}

/// `chars` characters of base64url, as a subscription's keys come.
pub fn is_key(text: &str, chars: usize) -> bool {
    text.len() == chars
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What was sent to one phone before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sent {
    /// The time the check-in last reminded of fell due.
    pub reminded_for_ms: Option<i64>,
    /// When the last reminder went.
    pub at_ms: Option<i64>,
}

/// When the newest of the check-ins due now fell due (0 for one never sent); `None` when
/// nothing is due. A session check-in is answered after sessions, never "due" by time.
pub fn due_since(plan: &Plan, last_sent: &[LastSent], now_ms: i64) -> Option<i64> {
    plan.items()
        .filter_map(|(instrument, cadence)| {
            let last = last_sent
                .iter()
                .filter(|l| l.instrument == instrument.id)
                .map(|l| l.received_at_ms)
                .max();
            falls_due_at(cadence, last).filter(|at| *at <= now_ms)
        })
        .max()
}

/// The day number and hour in the client's own time.
fn local(now_ms: i64, utc_offset_minutes: i32) -> (i64, u8) {
    let at = now_ms + i64::from(utc_offset_minutes) * 60_000;
    let hour = at.rem_euclid(DAY_MS) / 3_600_000;
    (at.div_euclid(DAY_MS), u8::try_from(hour).unwrap_or(0))
}

/// Whether this phone may be reminded at all at `now_ms`: the practice's hour or later in
/// the client's own day, not night there, and no reminder yet today. Asked before
/// anything is read about the client, so a night's rounds read nothing.
pub fn may_send_now(sent: Sent, now_ms: i64, utc_offset_minutes: i32, practice_hour: u8) -> bool {
    let (today, hour) = local(now_ms, utc_offset_minutes);
    let in_hours = hour >= practice_hour.max(QUIET_UNTIL_HOUR) && hour < QUIET_FROM_HOUR;
    let sent_today = sent
        .at_ms
        .is_some_and(|at| local(at, utc_offset_minutes).0 == today);
    in_hours && !sent_today
}

/// `Some(due)` when this phone should be reminded now of the check-in that fell due at
/// `due`; record it as `Sent { reminded_for_ms: Some(due), at_ms: Some(now_ms) }`.
pub fn decide(
    due_since: Option<i64>,
    sent: Sent,
    now_ms: i64,
    utc_offset_minutes: i32,
    practice_hour: u8,
) -> Option<i64> {
    let due = due_since?;
    if sent.reminded_for_ms.is_some_and(|r| r >= due) {
        return None;
    }
    may_send_now(sent, now_ms, utc_offset_minutes, practice_hour).then_some(due)
}

#[cfg(test)]
mod tests;
