//! A served export: the head, then the responses a page at a time straight from the
//! store (with the risk flags of that page's responses), then the tail, so memory holds
//! one page whatever the caseload's size.
//!
//! The status line goes out before the last page is read. A store failure midway
//! therefore ends the body without its tail: the download fails (and, for FHIR, is not
//! valid JSON) rather than looking complete with rows missing.

use super::{Client, Clients, Format, Writer};
use crate::store::{ClientId, HistoryCursor, Store, StoreResult, TherapistId};
use ajar_core::CheckInId;
use ajar_core::instrument::Instrument;
use ajar_core::instruments;
use ajar_core::risk::RiskFlag;
use axum::body::{Body, Bytes};
use futures::stream::{self, TryStreamExt};
use std::sync::Arc;

/// Responses per page: a few hundred kilobytes of output at most.
pub const PAGE: u32 = 500;

enum Stage {
    Head,
    Pages(Option<HistoryCursor>),
    Done,
}

struct State {
    store: Arc<dyn Store>,
    therapist: TherapistId,
    only: Option<ClientId>,
    clients: Clients,
    used: Vec<&'static Instrument>,
    page: u32,
    writer: Writer,
    now_ms: i64,
    stage: Stage,
}

/// What one export covers.
pub struct Scope {
    pub therapist: TherapistId,
    /// One client, or the whole caseload.
    pub only: Option<ClientId>,
    /// The clients it covers.
    pub clients: Vec<Client>,
    /// Every instrument version their responses use.
    pub used: Vec<&'static Instrument>,
}

impl Scope {
    /// The therapist's clients (all, or `only` if it is theirs) and the instrument
    /// versions they answered; `None` when `only` is not one of the therapist's clients.
    pub async fn read(
        store: &dyn Store,
        therapist: TherapistId,
        only: Option<ClientId>,
    ) -> StoreResult<Option<Self>> {
        let clients: Vec<Client> = store
            .clients_of(therapist)
            .await?
            .into_iter()
            .filter(|c| only.is_none_or(|o| o == c.id))
            .map(|c| Client {
                id: c.id.0,
                label: c.label,
            })
            .collect();
        if only.is_some() && clients.is_empty() {
            return Ok(None);
        }
        let used = store
            .instruments_used(therapist, only)
            .await?
            .iter()
            .filter_map(|(id, version)| instruments::find(id, *version))
            .collect();
        Ok(Some(Self {
            therapist,
            only,
            clients,
            used,
        }))
    }
}

/// The body of one export, read from the store `page` responses at a time.
pub fn body(store: Arc<dyn Store>, scope: Scope, format: Format, page: u32, now_ms: i64) -> Body {
    let state = State {
        store,
        therapist: scope.therapist,
        only: scope.only,
        clients: Clients::new(scope.clients),
        used: scope.used,
        page,
        writer: Writer::new(format),
        now_ms,
        stage: Stage::Head,
    };
    let chunks = stream::try_unfold(state, |mut s| async move {
        let chunk = match std::mem::replace(&mut s.stage, Stage::Done) {
            Stage::Head => {
                s.stage = Stage::Pages(None);
                s.writer.head(&s.clients, &s.used, s.now_ms)?
            }
            Stage::Pages(after) => {
                let page = s
                    .store
                    .history_page(s.therapist, s.only, after.as_ref(), s.page)
                    .await?;
                match page.last() {
                    None => s.writer.tail().to_vec(),
                    Some((client_id, last)) => {
                        s.stage = Stage::Pages(Some(HistoryCursor {
                            client_id: *client_id,
                            received_at_ms: last.received_at_ms,
                            id: last.id,
                        }));
                        let risks: Vec<CheckInId> = page
                            .iter()
                            .filter(|(_, r)| r.risk)
                            .map(|(_, r)| r.id)
                            .collect();
                        let flags = if s.writer.wants_flags() && !risks.is_empty() {
                            s.store.risk_flags_of(s.therapist, &risks).await?
                        } else {
                            Vec::new()
                        };
                        let flags: Vec<RiskFlag> = flags.into_iter().map(|(_, f)| f).collect();
                        s.writer.page(&s.clients, &page, &flags)?
                    }
                }
            }
            Stage::Done => return Ok(None),
        };
        Ok::<_, anyhow::Error>(Some((Bytes::from(chunk), s)))
    })
    .inspect_err(|e| tracing::error!(error = %e, "an export stopped midway"));
    Body::from_stream(chunks.map_err(std::io::Error::other))
}
