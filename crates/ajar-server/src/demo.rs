//! The demo practice `ajar serve --demo` seeds into an empty database: one therapist and
//! three clients with a few weeks of check-ins, so every screen has something to show.

use crate::auth::{self, Token};
use crate::clock::DAY_MS;
use crate::store::{Store, TherapistId};
use ajar_core::api::NewCheckIn;
use ajar_core::{CheckInId, Note, Rating, Secret};
use anyhow::Context;

pub const EMAIL: &str = "demo@ajar.invalid";
const NAME: &str = "Sam Rivera";

/// (days ago, rating, note)
type SeedCheckIn = (i64, u8, &'static str);

/// (label, check-ins): a client doing well, one whose ratings slide, and one who has
/// gone quiet.
const CLIENTS: &[(&str, &[SeedCheckIn])] = &[
    (
        "River",
        &[
            (29, 7, ""),
            (22, 8, "The breathing exercise helped on Tuesday."),
            (15, 8, ""),
            (8, 9, ""),
            (1, 9, "Feeling more like myself."),
        ],
    ),
    (
        "Alex",
        &[
            (28, 8, ""),
            (21, 7, ""),
            (14, 6, "We ran out of time again."),
            (7, 5, ""),
            (2, 4, "I'm not sure we're talking about the right things."),
        ],
    ),
    (
        "Jo",
        &[(33, 8, ""), (26, 7, "Work is heavy at the moment.")],
    ),
];

/// What a person needs to try the demo: fresh at every start.
pub struct DemoAccess {
    pub email: &'static str,
    pub password: Secret,
    /// (label, link token) for each demo client.
    pub links: Vec<(String, Token)>,
}

/// Seeds the demo practice into an empty database, then gives the demo therapist a new
/// password and every demo client a new link (the old ones stop working): passwords and
/// tokens are stored only as hashes, so this is the only way to print working ones.
/// Returns `None` when the database holds real accounts and no demo therapist.
pub async fn prepare(store: &dyn Store, now_ms: i64) -> anyhow::Result<Option<DemoAccess>> {
    let password = Secret::new(format!("demo-{}", &Token::generate().expose()[..12]));
    let phc = {
        let password = password.clone();
        tokio::task::spawn_blocking(move || auth::hash_password(&password)).await??
    };
    let therapist = if store.therapist_count().await? == 0 {
        seed(store, &phc, now_ms).await?
    } else {
        match store.set_therapist_password(EMAIL, &phc).await? {
            Some(id) => id,
            None => return Ok(None),
        }
    };
    let mut links = Vec::new();
    for client in store.clients_of(therapist).await? {
        let token = Token::generate();
        store.set_client_link(client.id, &token.hash()).await?;
        links.push((client.label, token));
    }
    Ok(Some(DemoAccess {
        email: EMAIL,
        password,
        links,
    }))
}

async fn seed(store: &dyn Store, phc: &str, now_ms: i64) -> anyhow::Result<TherapistId> {
    let therapist = store.add_therapist(EMAIL, NAME, phc, now_ms).await?;
    for (label, checkins) in CLIENTS {
        let joined = now_ms - 40 * DAY_MS;
        let client = store
            .add_client(therapist, label, &Token::generate().hash(), joined)
            .await?;
        for &(days_ago, rating, note) in *checkins {
            let checkin = NewCheckIn {
                id: CheckInId::from_random_bytes(auth::random_bytes()),
                rating: Rating::parse(rating)?,
                note: Note::parse(note)?,
            };
            store
                .record_checkin(client, &checkin, now_ms - days_ago * DAY_MS)
                .await
                .with_context(|| format!("seeding a check-in for {label}"))?;
        }
    }
    Ok(therapist)
}
