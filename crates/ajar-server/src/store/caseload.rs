//! A caseload assembled from the rows a backend read, the same for every engine: each
//! client's record, then their episodes, counts, history, risk flags and open requests
//! filed under it. (What the records mean is `ajar_core::caseload`.)

use super::StoreResult;
use super::rows::{CaseloadClient, EpisodeRow, ResponseRow};
use ajar_core::api::RequestView;
use ajar_core::caseload::ClientRecord;
use ajar_core::episodes;
use ajar_core::risk::RiskFlag;
use anyhow::Context;

pub struct Assembly {
    records: Vec<ClientRecord>,
}

impl Assembly {
    pub fn new(clients: Vec<CaseloadClient>) -> StoreResult<Self> {
        Ok(Self {
            records: clients
                .into_iter()
                .map(CaseloadClient::record)
                .collect::<StoreResult<_>>()?,
        })
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

    /// `(client, how many responses)`.
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

    pub fn risk_flags(&mut self, flags: Vec<(i64, RiskFlag)>) {
        for (client_id, flag) in flags {
            if let Some(i) = self.at(client_id) {
                self.records[i].risk_flags.push(flag);
            }
        }
    }

    /// `(client, how many risk flags are open)`, after [`Self::risk_flags`] loaded the
    /// newest open ones: the rest are counted, not loaded.
    pub fn open_risks(&mut self, open: Vec<(i64, i64)>) -> StoreResult<()> {
        for (client, count) in open {
            if let Some(i) = self.at(client) {
                let loaded = self.records[i].risk_flags.len();
                self.records[i].unloaded_open_risks = u32::try_from(count)?
                    .checked_sub(u32::try_from(loaded)?)
                    .context("more open risk flags loaded than counted")?;
            }
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
