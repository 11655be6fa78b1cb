//! From each client's full record to the caseload row a therapist reads: counts, the
//! newest response of each instrument, a trend, and the alerts, sorted by attention.

use crate::alerts::{self, Alert, Facts};
use crate::api::{CaseloadEntry, EndedView, RequestView, ResponseView};
use crate::instruments::SESSION;
use crate::plan::Plan;

/// How many recent session ratings the caseload's small trend line shows.
pub const TREND_POINTS: usize = 12;

/// Everything storage knows about one client, before any judgement.
pub struct ClientRecord {
    pub client_id: i64,
    pub label: String,
    pub ended: Option<EndedView>,
    /// Responses oldest first: every one, or (for the caseload) at least the first and
    /// the [`RECENT_PER_INSTRUMENT`] newest of each instrument, which is all the rules read.
    pub history: Vec<ResponseView>,
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

/// The newest responses per instrument the caseload needs: the trend line's points
/// (the rules read at most the two newest).
pub const RECENT_PER_INSTRUMENT: u32 = TREND_POINTS as u32;

pub fn summarize(record: ClientRecord, now_ms: i64) -> CaseloadEntry {
    let alerts: Vec<Alert> = alerts::alerts(&Facts {
        history: &record.history,
        open_requests: &record.open_requests,
        active: record.is_active(),
        plan: &record.plan,
        now_ms,
    });
    let trend: Vec<u8> = record
        .history
        .iter()
        .filter(|r| r.instrument == SESSION.id)
        .filter_map(|r| r.value("overall"))
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
        last_at_ms: record.history.last().map(|r| r.received_at_ms),
        latest,
        open_requests: record.open_requests,
        ended: record.ended,
        alerts,
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

    fn entry(label: &str, kinds: &[AlertKind]) -> CaseloadEntry {
        CaseloadEntry {
            client_id: 0,
            label: label.into(),
            response_count: 0,
            last_at_ms: None,
            latest: vec![],
            open_requests: vec![],
            ended: None,
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
        };
        let record = |archived_at_ms| ClientRecord {
            client_id: 1,
            label: "K".into(),
            ended: None,
            history: vec![old.clone()],
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
}
