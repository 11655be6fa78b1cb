//! A generated caseload for the benchmarks: one therapist, `clients` clients, each with
//! `weeks` weeks of answers (the session and weekly check-ins every week, PHQ-9 and
//! GAD-7 every other week), from a fixed seed so every run measures the same data.

use ajar_core::CheckInId;
use ajar_core::due::DAY_MS;
use ajar_core::instrument::{Instrument, ItemKind};
use ajar_core::instruments::{BETWEEN, GAD7, PHQ9, SESSION};
use ajar_core::response::{Answer, Answers, ValidResponse};
use ajar_server::auth::Token;
use ajar_server::store::{Audited, ClientId, Store, TherapistId};

/// Responses one client has over `weeks` weeks.
pub fn per_client(weeks: i64) -> usize {
    (weeks * 2 + (weeks + 1) / 2 * 2) as usize
}

/// A small deterministic generator.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, below: u8) -> u8 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(below)) as u8
    }
}

fn answers(instrument: &Instrument, rng: &mut Lcg) -> Answers {
    instrument
        .items
        .iter()
        .filter_map(|item| {
            let a = match item.kind {
                ItemKind::Scale { .. } => Answer::Value(4 + rng.next(7)),
                ItemKind::Choice { options } => {
                    Answer::Value(options[rng.next(options.len() as u8) as usize].value)
                }
                ItemKind::Text { .. } if rng.next(4) == 0 => {
                    Answer::Text("A few words about this week.".into())
                }
                ItemKind::Text { .. } => return None,
            };
            Some((item.id.to_owned(), a))
        })
        .collect()
}

/// Fills an empty store; returns the therapist, the clients and how many responses.
pub async fn generate(
    store: &dyn Store,
    clients: usize,
    weeks: i64,
    now: i64,
) -> anyhow::Result<(TherapistId, Vec<ClientId>, usize)> {
    let spec = Spec {
        email: "bench@ajar.invalid",
        clients,
        weeks,
        week_ms: 7 * DAY_MS,
        first_row: 0,
    };
    generate_with(store, &spec, now).await
}

/// One therapist's caseload to generate.
pub struct Spec<'a> {
    pub email: &'a str,
    pub clients: usize,
    /// "Weeks" of answers per client, each `week_ms` long (shorter to pack a long
    /// history into a few years).
    pub weeks: i64,
    pub week_ms: i64,
    /// Response ids count up from here: a second caseload in the same store starts
    /// where the first ended.
    pub first_row: usize,
}

/// Adds one therapist and their caseload; returns the therapist, the clients and how
/// many responses.
pub async fn generate_with(
    store: &dyn Store,
    spec: &Spec<'_>,
    now: i64,
) -> anyhow::Result<(TherapistId, Vec<ClientId>, usize)> {
    let (clients, weeks) = (spec.clients, spec.weeks);
    let therapist = store
        .add_therapist(spec.email, "Bench", "not-a-hash", now)
        .await?;
    let mut rng = Lcg(42);
    let mut made = Vec::new();
    let mut rows = spec.first_row;
    // Added before their first answer, as a real client is: a history older than the
    // link would leave the caseload's baseline picks (the first answer of this therapy)
    // empty, and the bench would read less than a real caseload does.
    let added = now - (weeks + 1) * spec.week_ms;
    for c in 0..clients {
        let client = store
            .add_client(
                therapist,
                &format!("Client {c:03}"),
                &Token::generate().hash(),
                added,
                &Audited::new("bench", "client.add", "", added),
            )
            .await?;
        made.push(client);
        for week in 0..weeks {
            let at = now - (weeks - week) * spec.week_ms;
            let mut due = vec![&SESSION, &BETWEEN];
            if week % 2 == 0 {
                due.extend([&PHQ9, &GAD7]);
            }
            for (n, instrument) in due.into_iter().enumerate() {
                let answers = answers(instrument, &mut rng);
                let mut id = [0u8; 16];
                id[..8].copy_from_slice(&(rows as u64).to_le_bytes());
                let valid =
                    ValidResponse::new(CheckInId::from_random_bytes(id), instrument, &answers)?;
                store.record_response(client, &valid, at + n as i64).await?;
                rows += 1;
            }
        }
    }
    Ok((therapist, made, rows - spec.first_row))
}
