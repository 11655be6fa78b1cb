//! A caseload assembled from the rows a backend read, the same for every engine: each
//! client's record, then their episodes, counts, history, risk flags and open requests
//! filed under it. (What the records mean is `ajar_core::caseload`.)

use super::StoreResult;
use super::rows::{CaseloadClient, EpisodeRow, ResponseRow, SeqRow};
use ajar_core::api::RequestView;
use ajar_core::caseload::ClientRecord;
use ajar_core::episodes;
use ajar_core::risk::RiskFlag;
use anyhow::Context;

/// A caseload's responses as a backend read them: with `Reading::Everything` counted
/// too (`counted`), with a window not (the kept counts stand).
pub struct Responses {
    pub counted: Option<Vec<(i64, i64)>>,
    pub rows: Vec<ResponseRow>,
}

/// A caseload's risk flags as a backend read them.
pub enum Flags {
    /// Every flag, open or acknowledged.
    All(Vec<(i64, RiskFlag)>),
    /// Only each client's newest open ones: the rest are counted, not loaded.
    NewestOpen(Vec<(i64, RiskFlag)>),
}

pub struct Assembly {
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
    pub fn responses(&mut self, responses: Responses) -> StoreResult<()> {
        if let Some(counts) = responses.counted {
            self.counts(counts)?;
        }
        self.history(responses.rows)
    }

    pub fn flags(&mut self, flags: Flags) -> StoreResult<()> {
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
