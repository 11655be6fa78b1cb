//! From each client's full record to the caseload row a therapist reads: counts, the
//! newest response of each instrument, a trend, and the alerts, sorted by attention.

use crate::alerts::{self, Alert, Facts};
use crate::api::{CaseloadEntry, EndedView, RequestView, ResponseView};

use crate::episodes::{self, Episode};
use crate::plan::Plan;
use crate::risk::RiskFlag;

/// How many recent session ratings the caseload's small trend line shows.
pub const TREND_POINTS: usize = 12;

/// How many of each check-in's newest answers a client's page charts: ten years of
/// weekly check-ins, so a real therapy is drawn whole, and a phone that sent thousands
/// cannot make the page slow (the count says how many there are in all).
pub const CHART_POINTS: u32 = 520;

/// The newest answers of an instrument other than the session check-in that the rules
/// read (two weekly check-ins running, the newest score): the caseload reads no more.
pub const RULES_READ_NEWEST: u32 = 2;
const _: () = assert!(crate::thresholds::NOT_HELPING_IN_A_ROW as u32 <= RULES_READ_NEWEST);

/// How much of each client's history a caseload read brings back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Every response and every risk flag (figures, exports).
    Everything,
    Recent(Window),
}

/// A window on each client's history: per instrument, the first since the current
/// episode began (its baseline), the newest ones, and (with `first_ever`) the very
/// first; risk flags all, or (with `open_flags`) only the newest that many not yet
/// acknowledged, with how many are open in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// How many of the session check-in's newest answers.
    pub session: u32,
    /// How many of every other instrument's.
    pub others: u32,
    pub first_ever: bool,
    pub open_flags: Option<u32>,
}

/// What the caseload reads: all that its rules and its row need, and no more, so its
/// cost does not grow with years of history.
pub const FOR_CASELOAD: Reading = Reading::Recent(Window {
    session: TREND_POINTS as u32,
    others: RULES_READ_NEWEST,
    first_ever: false,
    open_flags: Some(3),
});

/// What a client's page reads: the charts' points (with each chart's first, whose
/// score the reliable-change band is drawn around when this therapy has none yet) and
/// every risk flag.
pub const FOR_CLIENT_PAGE: Reading = Reading::Recent(Window {
    session: CHART_POINTS,
    others: CHART_POINTS,
    first_ever: true,
    open_flags: None,
});

/// Everything storage knows about one client, before any judgement.
pub struct ClientRecord {
    pub client_id: i64,
    pub label: String,
    /// When the therapist added the client.
    pub added_at_ms: i64,
    /// How the current episode ended, if it has: the last of `episodes`' ends.
    pub ended: Option<EndedView>,
    /// Every episode of care, oldest first; the last is the current one.
    pub episodes: Vec<Episode>,
    /// Responses oldest first: every one, or (for the caseload) at least the first of
    /// each instrument, the first of each since the current episode began, and the
    /// newest of each that [`FOR_CASELOAD`] names, which is all the rules read.
    pub history: Vec<ResponseView>,
    /// Risk flags oldest first: every one, open or acknowledged, however old; or (for
    /// the caseload) only the newest open ones, with `unloaded_open_risks` counting the
    /// open ones left out.
    pub risk_flags: Vec<RiskFlag>,
    /// Open risk flags not in `risk_flags`.
    pub unloaded_open_risks: u32,
    /// How many responses the client has sent in all.
    pub response_count: u32,
    pub open_requests: Vec<RequestView>,
    /// The check-ins this client is offered, and how often.
    pub plan: Plan,
    /// Set once the therapist archived the client: off the caseload, link revoked.
    pub archived_at_ms: Option<i64>,
}

impl ClientRecord {
    /// Therapy is going on: neither closed nor archived. Only then is silence news.
    pub fn is_active(&self) -> bool {
        self.ended.is_none() && self.archived_at_ms.is_none()
    }
}

pub fn summarize(record: ClientRecord, now_ms: i64) -> CaseloadEntry {
    // The rules judge the current episode on its own answers; risk flags stay from any.
    let started_at_ms = episodes::current_start(&record.episodes).unwrap_or(record.added_at_ms);
    let alerts: Vec<Alert> = alerts::alerts(&Facts {
        history: episodes::since(&record.history, started_at_ms, |r| r.answered_at_ms),
        risk_flags: &record.risk_flags,
        unloaded_open_risks: record.unloaded_open_risks,
        open_requests: &record.open_requests,
        active: record.is_active(),
        started_at_ms,
        restarted: record.episodes.len() > 1,
        plan: &record.plan,
        now_ms,
    });
    let trend: Vec<u8> = record
        .history
        .iter()
        .filter_map(ResponseView::session_rating)
        .collect();
    let trend = trend[trend.len().saturating_sub(TREND_POINTS)..].to_vec();
    let mut latest: Vec<ResponseView> = Vec::new();
    for r in record.history.iter().rev() {
        if !latest.iter().any(|l| l.instrument == r.instrument) {
            latest.push(r.clone());
        }
    }
    latest.sort_by(|a, b| a.instrument.cmp(&b.instrument));
    CaseloadEntry {
        client_id: record.client_id,
        label: record.label,
        response_count: record.response_count,
        last_at_ms: record.history.last().map(|r| r.answered_at_ms),
        latest,
        open_requests: record.open_requests,
        ended: record.ended,
        episodes: record.episodes,
        alerts,
        open_risks: record.risk_flags.iter().filter(|f| f.is_open()).count() as u32
            + record.unloaded_open_risks,
        risk_flags: record
            .risk_flags
            .into_iter()
            .filter(RiskFlag::is_open)
            .collect(),
        trend,
        plan: record.plan,
        archived_at_ms: record.archived_at_ms,
    }
}

/// Most urgent first (risk, ending, rupture, not on track, silence), then everyone else;
/// ties by label, so the order is stable from one visit to the next.
pub fn by_attention(entries: &mut [CaseloadEntry]) {
    entries.sort_by(|a, b| {
        let urgency = |e: &CaseloadEntry| e.alerts.first().map(|x| x.kind);
        match (urgency(a), urgency(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::AlertKind;
    use crate::instruments::SESSION;

    fn entry(label: &str, kinds: &[AlertKind]) -> CaseloadEntry {
        CaseloadEntry {
            client_id: 0,
            label: label.into(),
            response_count: 0,
            last_at_ms: None,
            latest: vec![],
            open_requests: vec![],
            risk_flags: vec![],
            open_risks: 0,
            ended: None,
            episodes: vec![],
            plan: Plan::usual(),
            archived_at_ms: None,
            alerts: kinds
                .iter()
                .map(|k| Alert {
                    kind: *k,
                    reason: String::new(),
                })
                .collect(),
            trend: vec![],
        }
    }

    #[test]
    fn an_archived_client_is_never_silent() {
        let day = crate::due::DAY_MS;
        let old = ResponseView {
            id: crate::CheckInId::from_random_bytes([7; 16]),
            instrument: SESSION.id.into(),
            version: SESSION.version,
            answers: Default::default(),
            total: None,
            band: None,
            risk: false,
            received_at_ms: 0,
            answered_at_ms: 0,
        };
        let record = |archived_at_ms| ClientRecord {
            client_id: 1,
            added_at_ms: 0,
            label: "K".into(),
            ended: None,
            episodes: vec![],
            history: vec![old.clone()],
            risk_flags: vec![],
            unloaded_open_risks: 0,
            response_count: 1,
            open_requests: vec![],
            plan: Plan::usual(),
            archived_at_ms,
        };
        let kinds = |r| -> Vec<AlertKind> {
            summarize(r, 60 * day)
                .alerts
                .iter()
                .map(|a| a.kind)
                .collect()
        };
        assert_eq!(kinds(record(None)), [AlertKind::Silence]);
        assert!(kinds(record(Some(day))).is_empty());
    }

    fn sent(instrument: &str, overall: Option<u8>, byte: u8, at_ms: i64) -> ResponseView {
        ResponseView {
            id: crate::CheckInId::from_random_bytes([byte; 16]),
            instrument: instrument.into(),
            version: 1,
            answers: overall
                .map(|v| ("overall".to_owned(), crate::response::Answer::Value(v)))
                .into_iter()
                .collect(),
            total: None,
            band: None,
            risk: false,
            received_at_ms: at_ms,
            answered_at_ms: at_ms,
        }
    }

    #[test]
    fn a_row_holds_the_newest_of_each_instrument_and_the_last_twelve_session_ratings() {
        // Oldest first, as storage gives it: 14 session check-ins rated 1, 2, … 14 (one
        // without a rating), with PHQ-9s and a weekly check-in among them.
        let mut history = vec![sent("phq-9", None, 100, 0)];
        for n in 1..=14u8 {
            let overall = (n != 7).then_some(n);
            history.push(sent(SESSION.id, overall, n, i64::from(n) * 1_000));
        }
        history.push(sent("phq-9", None, 101, 20_000));
        history.push(sent("ajar-between", Some(0), 102, 21_000));
        let row = summarize(
            ClientRecord {
                client_id: 9,
                added_at_ms: 0,
                label: "M".into(),
                ended: None,
                episodes: vec![],
                response_count: 40,
                history,
                risk_flags: vec![],
                unloaded_open_risks: 0,
                open_requests: vec![],
                plan: Plan::usual(),
                archived_at_ms: None,
            },
            30_000,
        );
        // Only session ratings (the weekly check-in's "overall" is not one), and the 13
        // there are cut to the newest 12.
        assert_eq!(row.trend, [2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14]);
        let latest: Vec<(&str, i64)> = row
            .latest
            .iter()
            .map(|r| (r.instrument.as_str(), r.received_at_ms))
            .collect();
        assert_eq!(
            latest,
            [
                ("ajar-between", 21_000),
                ("ajar-session", 14_000),
                ("phq-9", 20_000)
            ],
            "one each, the newest, by instrument id"
        );
        assert_eq!(
            row.response_count, 40,
            "the count storage gave, not the rows read"
        );
        assert_eq!(row.last_at_ms, Some(21_000));
    }

    #[test]
    fn the_caseload_is_sorted_by_the_most_urgent_alert_then_label() {
        let mut rows = vec![
            entry("quiet", &[]),
            entry("Silent", &[AlertKind::Silence]),
            entry("b-ending", &[AlertKind::Ending, AlertKind::Silence]),
            entry("a-rupture", &[AlertKind::Rupture]),
            entry("risky", &[AlertKind::Risk, AlertKind::Rupture]),
            entry("also quiet", &[]),
        ];
        by_attention(&mut rows);
        let order: Vec<_> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            order,
            [
                "risky",
                "b-ending",
                "a-rupture",
                "Silent",
                "also quiet",
                "quiet"
            ]
        );
    }

    /// Started again 20 days ago after a finished episode: the rules read only what came
    /// since, so the old PHQ-9 baseline (8) does not make today's 14 a "worsening", and a
    /// first check-in not yet sent is news again. An old unacknowledged risk flag stays.
    #[test]
    fn a_new_episode_is_judged_on_its_own_answers() {
        use crate::ending::EndingType;
        use crate::instruments::PHQ9;
        let day = crate::due::DAY_MS;
        let now = 400 * day;
        let scored = |total: u8, byte: u8, at_ms: i64| ResponseView {
            total: Some(total),
            ..sent(PHQ9.id, None, byte, at_ms)
        };
        let record = |history: Vec<ResponseView>| ClientRecord {
            client_id: 3,
            added_at_ms: 0,
            label: "E".into(),
            ended: None,
            episodes: vec![
                Episode {
                    started_at_ms: 0,
                    ended: Some(crate::api::EndedView {
                        at_ms: 300 * day,
                        ending_type: EndingType::Planned,
                    }),
                },
                Episode {
                    started_at_ms: now - 20 * day,
                    ended: None,
                },
            ],
            response_count: history.len() as u32,
            history,
            risk_flags: vec![],
            unloaded_open_risks: 0,
            open_requests: vec![],
            plan: Plan::usual(),
            archived_at_ms: None,
        };
        let alerts = |r| summarize(r, now).alerts;
        let old = scored(8, 1, 100 * day);
        let a = alerts(record(vec![old.clone()]));
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(
            a[0].reason,
            "no check-in yet since therapy started again on 16 Jan (2 weeks ago)"
        );
        // Across episodes 8 -> 14 would be a reliable worsening; within the new one,
        // 14 is the baseline.
        let a = alerts(record(vec![old.clone(), scored(14, 2, now - 2 * day)]));
        assert!(a.is_empty(), "{a:?}");
        let a = alerts(record(vec![
            old,
            scored(14, 2, now - 19 * day),
            scored(20, 3, now - 2 * day),
        ]));
        assert_eq!(a[0].kind, AlertKind::NotOnTrack);
        assert!(a[0].reason.starts_with("PHQ-9 up from 14 to 20"), "{a:?}");
    }
}
