//! The demo practice `ajar serve --demo` seeds into an empty database: one therapist and
//! four clients (one archived) with a few weeks of check-ins, so every screen has something to show.

use crate::audit::client_subject;
use crate::auth::{self, Token};
use crate::clock::DAY_MS;
use crate::store::{Audited, ClientId, Store, TherapistId};
use ajar_core::ending::{EndingType, NewRequest, Reason, Wish};
use ajar_core::instrument::Instrument;
use ajar_core::instruments::{BETWEEN, GAD7, PHQ9, SESSION, answers_totalling};
use ajar_core::plan::{Plan, Planned};
use ajar_core::response::{Answer, Answers, ValidResponse};
use ajar_core::{CheckInId, Secret};
use anyhow::Context;

pub const EMAIL: &str = "demo@ajar.invalid";
const NAME: &str = "Sam Rivera";

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
/// Refuses a database that holds any account but the demo therapist's: a demo never
/// runs on real data (it would print working links to real clients' phones).
pub async fn prepare(store: &dyn Store, now_ms: i64) -> anyhow::Result<Option<DemoAccess>> {
    let accounts = store.therapist_count().await?;
    let demo_exists = store.therapist_credentials(EMAIL).await?.is_some();
    if accounts > i64::from(demo_exists) {
        anyhow::bail!(
            "--demo refuses this database: it holds real therapist accounts. Run the demo on a database of its own (for example --db data/demo.sqlite3), or start without --demo"
        );
    }
    let password = Secret::new(format!("demo-{}", &Token::generate().expose()[..12]));
    let phc = {
        let password = password.clone();
        tokio::task::spawn_blocking(move || auth::hash_password(&password)).await??
    };
    let therapist = if store.therapist_count().await? == 0 {
        seed(store, &phc, now_ms).await?
    } else {
        match store
            .set_therapist_password(
                EMAIL,
                &phc,
                None,
                &Audited::new("demo", "password.changed", "", now_ms),
            )
            .await?
        {
            Some(id) => id,
            None => return Ok(None),
        }
    };
    let mut links = Vec::new();
    // An archived client's link stays stopped, even in the demo.
    let current = store.clients_of(therapist).await?.into_iter();
    for client in current.filter(|c| c.archived_at_ms.is_none()) {
        let token = Token::generate();
        let audit = Audited::new("demo", "client.link.new", client_subject(client.id), now_ms);
        store
            .set_client_link(client.id, &token.hash(), &audit)
            .await?;
        links.push((client.label, token));
    }
    Ok(Some(DemoAccess {
        email: EMAIL,
        password,
        links,
    }))
}

/// A session check-in: how understood (0–10), whether the time went on what matters
/// (0 yes, 1 partly, 2 not really), pace (0 slow, 1 right, 2 fast) and a note.
fn session(understood: u8, focus: u8, pace: u8, note: &str) -> Answers {
    let mut a: Answers = [("understood", understood), ("focus", focus), ("pace", pace)]
        .into_iter()
        .map(|(id, v)| (id.to_owned(), Answer::Value(v)))
        .collect();
    a.insert("note".into(), Answer::Text(note.into()));
    a
}

/// A between-session check-in: how things were, helping (0 yes … 3 not sure), next step
/// (0 keep going, 1 talk about it, 2 wrap up) and the agenda note.
fn between(since: u8, helping: u8, next: u8, agenda: &str) -> Answers {
    [
        ("since", Answer::Value(since)),
        ("helping", Answer::Value(helping)),
        ("next", Answer::Value(next)),
        ("agenda", Answer::Text(agenda.into())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

async fn seed(store: &dyn Store, phc: &str, now_ms: i64) -> anyhow::Result<TherapistId> {
    let therapist = store.add_therapist(EMAIL, NAME, phc, now_ms).await?;
    let joined = now_ms - 40 * DAY_MS;
    let add = |label: &'static str| async move {
        store
            .add_client(
                therapist,
                label,
                &Token::generate().hash(),
                joined,
                &Audited::new("demo", "client.add", "", joined),
            )
            .await
    };

    // River: settling in and feeling better.
    let river = add("River").await?;
    let history = [
        (29, &SESSION, session(7, 0, 1, "")),
        (28, &PHQ9, answers_totalling(&PHQ9, 12, Some(0))),
        (28, &GAD7, answers_totalling(&GAD7, 10, Some(0))),
        (
            26,
            &BETWEEN,
            between(5, 1, 0, "Sleep, and the argument with my sister."),
        ),
        (
            22,
            &SESSION,
            session(8, 0, 1, "The breathing exercise helped on Tuesday."),
        ),
        (15, &SESSION, session(8, 0, 1, "")),
        (14, &PHQ9, answers_totalling(&PHQ9, 7, Some(0))),
        (14, &GAD7, answers_totalling(&GAD7, 6, Some(0))),
        (12, &BETWEEN, between(7, 0, 0, "")),
        (8, &SESSION, session(9, 0, 1, "")),
        (
            5,
            &BETWEEN,
            between(8, 0, 0, "How to keep this going after the holidays."),
        ),
        (1, &SESSION, session(9, 0, 1, "Feeling more like myself.")),
    ];
    record_all(store, river, &history, now_ms).await?;
    // Nearly done: the measures only monthly now, and no weekly check-in.
    let monthly = |instrument: &Instrument| Planned {
        instrument: instrument.id.to_owned(),
        every_days: Some(28),
    };
    let tapering = [
        Planned {
            instrument: SESSION.id.to_owned(),
            every_days: None,
        },
        monthly(&PHQ9),
        monthly(&GAD7),
    ];
    let audit = Audited::new("demo", "client.plan", client_subject(river), now_ms);
    store
        .set_plan(river, &Plan::parse(&tapering)?, &audit)
        .await?;
    let wrap_up = NewRequest {
        answered_at_ms: None,
        id: CheckInId::from_random_bytes(auth::random_bytes()),
        wish: Wish::FinalSession,
        reasons: vec![Reason::FeelingBetter],
        message:
            "I think I'm ready to finish. Could we have one last session to look back on it all?"
                .into(),
        preferred_times: "Thursday mornings".into(),
        check_back_on: None,
    };
    store
        .record_request(river, &wrap_up, now_ms - DAY_MS)
        .await?;

    // Alex: ratings sliding, a rushed last session, and PHQ-9 item 9 answered above 0.
    let alex = add("Alex").await?;
    let history = [
        (28, &SESSION, session(8, 0, 1, "")),
        (27, &PHQ9, answers_totalling(&PHQ9, 14, Some(0))),
        (27, &GAD7, answers_totalling(&GAD7, 12, Some(0))),
        (24, &BETWEEN, between(6, 1, 0, "")),
        (21, &SESSION, session(7, 0, 1, "")),
        (14, &SESSION, session(6, 0, 1, "We ran out of time again.")),
        (13, &PHQ9, answers_totalling(&PHQ9, 16, Some(0))),
        (13, &GAD7, answers_totalling(&GAD7, 13, Some(0))),
        (
            10,
            &BETWEEN,
            between(4, 2, 1, "Whether this is the right approach for me."),
        ),
        (7, &SESSION, session(5, 0, 1, "")),
        (3, &PHQ9, answers_totalling(&PHQ9, 19, Some(1))),
        (
            2,
            &SESSION,
            session(
                4,
                2,
                2,
                "I'm not sure we're talking about the right things.",
            ),
        ),
    ];
    record_all(store, alex, &history, now_ms).await?;

    // Jo: started well, then went quiet three weeks ago.
    let jo = add("Jo").await?;
    let history = [
        (33, &SESSION, session(8, 0, 1, "")),
        (32, &PHQ9, answers_totalling(&PHQ9, 9, Some(0))),
        (
            30,
            &BETWEEN,
            between(6, 1, 0, "Work is heavy at the moment."),
        ),
        (26, &SESSION, session(7, 0, 1, "")),
        (23, &BETWEEN, between(5, 3, 0, "")),
    ];
    record_all(store, jo, &history, now_ms).await?;

    // Kim: finished well a while ago, and archived; listed under "Archived clients".
    let kim = add("Kim").await?;
    let history = [
        (39, &SESSION, session(9, 0, 1, "")),
        (38, &PHQ9, answers_totalling(&PHQ9, 6, Some(0))),
        (32, &SESSION, session(9, 0, 1, "Thank you for everything.")),
    ];
    record_all(store, kim, &history, now_ms).await?;
    store
        .close_therapy(
            therapist,
            kim,
            EndingType::Planned,
            now_ms - 31 * DAY_MS,
            &Audited::new(
                "demo",
                "client.close",
                client_subject(kim),
                now_ms - 31 * DAY_MS,
            ),
        )
        .await?;
    let audit = Audited::new(
        "demo",
        "client.archive",
        client_subject(kim),
        now_ms - 20 * DAY_MS,
    );
    store
        .archive_client(kim, now_ms - 20 * DAY_MS, &audit)
        .await?;
    Ok(therapist)
}

async fn record_all(
    store: &dyn Store,
    client: ClientId,
    history: &[(i64, &'static Instrument, Answers)],
    now_ms: i64,
) -> anyhow::Result<()> {
    for (days_ago, instrument, answers) in history {
        let id = CheckInId::from_random_bytes(auth::random_bytes());
        let valid = ValidResponse::new(id, instrument, answers)
            .with_context(|| format!("demo answers for {} are invalid", instrument.id))?;
        store
            .record_response(client, &valid, now_ms - days_ago * DAY_MS)
            .await?;
    }
    Ok(())
}
