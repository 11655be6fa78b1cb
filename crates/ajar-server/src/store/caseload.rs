//! A caseload assembled from the rows a backend read, the same for every engine: each
//! client's record, then their episodes, counts, history, risk flags and open requests
//! filed under it. (What the records mean is `ajar_core::caseload`.)

use super::rows::{CaseloadClient, EpisodeRow, ResponseRow, SeqRow};
use super::{Archived, ClientId, StoreResult, TherapistId};
use ajar_core::api::RequestView;
use ajar_core::caseload::{ClientRecord, Reading, Window};
use ajar_core::episodes;
use ajar_core::risk::RiskFlag;
use anyhow::Context;

/// Whose caseload is read: a therapist's clients, perhaps only one of them (`only`),
/// archived ones too or not (one named client always counts).
#[derive(Clone, Copy)]
pub struct Whose {
    pub therapist: TherapistId,
    pub only: Option<i64>,
    pub archived: bool,
}

/// The reads a caseload is made of, each a statement of one backend (SQL and row
/// decoding only); [`read`] decides which are needed and puts the rows together.
pub trait CaseloadReads: Sync {
    /// The clients, in the caseload's order.
    fn clients(
        &self,
        whose: Whose,
    ) -> impl Future<Output = StoreResult<Vec<CaseloadClient>>> + Send;
    /// Their episodes, each client's oldest first.
    fn episodes(&self, whose: Whose) -> impl Future<Output = StoreResult<Vec<EpisodeRow>>> + Send;
    /// `(client, how many responses)`, counted.
    fn counts(&self, whose: Whose) -> impl Future<Output = StoreResult<Vec<(i64, i64)>>> + Send;
    /// Every response, by client, each client's oldest answered first.
    fn every_response(
        &self,
        whose: Whose,
    ) -> impl Future<Output = StoreResult<Vec<ResponseRow>>> + Send;
    /// The window's picks for these clients (with when their episode began), in order
    /// of client, answered time and `seq`, each response once.
    fn window(
        &self,
        therapist: TherapistId,
        starts: &[(i64, i64)],
        window: &Window,
    ) -> impl Future<Output = StoreResult<Vec<ResponseRow>>> + Send;
    /// Each of these clients' newest open risk flags, at most `newest` each.
    fn newest_open_flags(
        &self,
        therapist: TherapistId,
        clients: &[i64],
        newest: u32,
    ) -> impl Future<Output = StoreResult<Vec<(i64, RiskFlag)>>> + Send;
    /// Every risk flag, open or acknowledged.
    fn all_flags(
        &self,
        therapist: TherapistId,
        only: Option<i64>,
    ) -> impl Future<Output = StoreResult<Vec<(i64, RiskFlag)>>> + Send;
    /// The therapist's open requests.
    fn open_requests(
        &self,
        therapist: TherapistId,
    ) -> impl Future<Output = StoreResult<Vec<(i64, RequestView)>>> + Send;
}

/// A therapist's caseload (or one client's record) as `reading` names it, the same on
/// every engine. The clients and their episodes first (a window needs the episodes'
/// starts); then the responses, the risk flags and the open requests, which need
/// nothing of each other, at once on connections of their own.
pub async fn read(
    db: &impl CaseloadReads,
    therapist: TherapistId,
    only: Option<ClientId>,
    reading: Reading,
    archived: Archived,
) -> StoreResult<Vec<ClientRecord>> {
    let whose = Whose {
        therapist,
        only: only.map(|c| c.0),
        archived: archived == Archived::Include,
    };
    let (clients, episodes) = tokio::try_join!(db.clients(whose), db.episodes(whose))?;
    let mut caseload = Assembly::new(clients)?;
    caseload.episodes(episodes)?;
    let (starts, ids) = (caseload.episode_starts(), caseload.client_ids());
    let responses = async {
        Ok(match reading {
            // Counted rather than read from the kept counts (which
            // tests/caseload_window.rs holds equal to these).
            Reading::Everything => {
                let (counts, rows) = tokio::try_join!(db.counts(whose), db.every_response(whose))?;
                Responses {
                    counted: Some(counts),
                    rows,
                }
            }
            Reading::Recent(window) => Responses {
                counted: None,
                rows: db.window(therapist, &starts, &window).await?,
            },
        })
    };
    let flags = async {
        Ok(match reading {
            Reading::Recent(Window {
                open_flags: Some(newest),
                ..
            }) => Flags::NewestOpen(db.newest_open_flags(therapist, &ids, newest).await?),
            _ => Flags::All(db.all_flags(therapist, whose.only).await?),
        })
    };
    let (responses, flags, requests) =
        tokio::try_join!(responses, flags, db.open_requests(therapist))?;
    caseload.responses(responses)?;
    caseload.flags(flags)?;
    caseload.open_requests(requests);
    Ok(caseload.done())
}

/// A caseload's responses as a backend read them: with `Reading::Everything` counted
/// too (`counted`), with a window not (the kept counts stand).
struct Responses {
    counted: Option<Vec<(i64, i64)>>,
    rows: Vec<ResponseRow>,
}

/// A caseload's risk flags as a backend read them.
enum Flags {
    /// Every flag, open or acknowledged.
    All(Vec<(i64, RiskFlag)>),
    /// Only each client's newest open ones: the rest are counted, not loaded.
    NewestOpen(Vec<(i64, RiskFlag)>),
}

struct Assembly {
    records: Vec<ClientRecord>,
    /// Each record's open risk flags as the database counts them.
    open_risks: Vec<i64>,
}

impl Assembly {
    pub fn new(clients: Vec<CaseloadClient>) -> StoreResult<Self> {
        let open_risks = clients.iter().map(|c| c.open_risk_count).collect();
        Ok(Self {
            records: clients
                .into_iter()
                .map(CaseloadClient::record)
                .collect::<StoreResult<_>>()?,
            open_risks,
        })
    }

    /// The clients' ids, in the caseload's order.
    pub fn client_ids(&self) -> Vec<i64> {
        self.records.iter().map(|r| r.client_id).collect()
    }

    fn at(&self, client: i64) -> Option<usize> {
        self.records.iter().position(|r| r.client_id == client)
    }

    /// Episodes in order, oldest first: the last one's ending is the client's.
    pub fn episodes(&mut self, rows: Vec<EpisodeRow>) -> StoreResult<()> {
        for row in rows {
            let (client, episode) = row.episode()?;
            if let Some(i) = self.at(client) {
                self.records[i].ended = episode.ended;
                self.records[i].episodes.push(episode);
            }
        }
        Ok(())
    }

    /// `(client, how many responses)`, counted: replaces the kept count.
    pub fn counts(&mut self, counts: Vec<(i64, i64)>) -> StoreResult<()> {
        for (client, count) in counts {
            if let Some(i) = self.at(client) {
                self.records[i].response_count = u32::try_from(count)?;
            }
        }
        Ok(())
    }

    /// Each client with when their current episode began (or when they were added).
    pub fn episode_starts(&self) -> Vec<(i64, i64)> {
        self.records
            .iter()
            .map(|r| {
                let start = episodes::current_start(&r.episodes).unwrap_or(r.added_at_ms);
                (r.client_id, start)
            })
            .collect()
    }

    /// Responses grouped by client, each client's oldest first.
    pub fn history(&mut self, rows: Vec<ResponseRow>) -> StoreResult<()> {
        let mut current: Option<(i64, usize)> = None;
        for row in rows {
            let (client_id, response) = row.view()?;
            let index = match current {
                Some((c, i)) if c == client_id => i,
                _ => {
                    let i = self
                        .at(client_id)
                        .context("response of an unknown client")?;
                    current = Some((client_id, i));
                    i
                }
            };
            self.records[index].history.push(response);
        }
        Ok(())
    }

    /// The responses, and their counts if they were counted.
    fn responses(&mut self, responses: Responses) -> StoreResult<()> {
        if let Some(counts) = responses.counted {
            self.counts(counts)?;
        }
        self.history(responses.rows)
    }

    fn flags(&mut self, flags: Flags) -> StoreResult<()> {
        match flags {
            Flags::All(flags) => {
                self.risk_flags(flags);
                Ok(())
            }
            Flags::NewestOpen(flags) => self.newest_open_flags(flags),
        }
    }

    pub fn risk_flags(&mut self, flags: Vec<(i64, RiskFlag)>) {
        for (client_id, flag) in flags {
            if let Some(i) = self.at(client_id) {
                self.records[i].risk_flags.push(flag);
            }
        }
    }

    /// Only the newest open flags of each client: the rest are counted (by the
    /// database), not loaded. The count and the flags are two reads: a risk answer
    /// that arrives between them is loaded but not yet counted, and counts as loaded
    /// (never as a failed caseload).
    pub fn newest_open_flags(&mut self, flags: Vec<(i64, RiskFlag)>) -> StoreResult<()> {
        self.risk_flags(flags);
        for (record, open) in self.records.iter_mut().zip(&self.open_risks) {
            let loaded = i64::try_from(record.risk_flags.len())?;
            record.unloaded_open_risks = u32::try_from((open - loaded).max(0))?;
        }
        Ok(())
    }

    pub fn open_requests(&mut self, requests: Vec<(i64, RequestView)>) {
        for (client_id, request) in requests {
            if let Some(i) = self.at(client_id) {
                self.records[i].open_requests.push(request);
            }
        }
    }

    pub fn done(self) -> Vec<ClientRecord> {
        self.records
    }
}

/// A window's picks in order (client, answered, `seq`), each response once: a response
/// picked twice (the first that is also among the newest) comes twice in a row.
pub fn distinct(mut picked: Vec<SeqRow>) -> Vec<ResponseRow> {
    picked.dedup_by_key(|p| p.seq);
    picked.into_iter().map(|p| p.row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ajar_core::CheckInId;

    fn client(open_risk_count: i64) -> CaseloadClient {
        CaseloadClient {
            id: 1,
            label: "A".into(),
            created_at: 0,
            plan: None,
            archived_at: None,
            response_count: 1,
            open_risk_count,
        }
    }

    fn flag() -> (i64, RiskFlag) {
        let flag = RiskFlag {
            response_id: CheckInId::from_random_bytes([7; 16]),
            instrument: "phq-9".into(),
            title: "PHQ-9".into(),
            answered_at_ms: 1,
            answers: Vec::new(),
            acknowledged: None,
        };
        (1, flag)
    }

    /// A risk answer that arrived after the clients were read but before their flags:
    /// loaded, not yet counted. The caseload still comes back, with the flag.
    #[test]
    fn a_flag_loaded_but_not_yet_counted_does_not_fail_the_caseload() {
        let mut caseload = Assembly::new(vec![client(0)]).unwrap();
        caseload.newest_open_flags(vec![flag()]).unwrap();
        let records = caseload.done();
        assert_eq!(records[0].risk_flags.len(), 1);
        assert_eq!(records[0].unloaded_open_risks, 0);
    }

    #[test]
    fn open_flags_counted_but_not_loaded_are_told() {
        let mut caseload = Assembly::new(vec![client(4)]).unwrap();
        caseload.newest_open_flags(vec![flag()]).unwrap();
        assert_eq!(caseload.done()[0].unloaded_open_risks, 3);
    }
}
