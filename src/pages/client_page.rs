//! `/t/clients/:id`: one client's story in pictures: each measure over time with its
//! cut-off and reliable-change band, the session check-in items, the client's own words,
//! and, when they have gone quiet, a few door-open messages to copy.

use crate::api::{self, ApiFailure};
use crate::components::archive_controls::ArchiveControls;
use crate::components::item_answers::ItemAnswers;
use crate::components::line_chart::{LineChart, Series};
use crate::components::link_card::LinkCard;
use crate::components::plan_editor::PlanEditor;
use crate::components::pre_session_brief::PreSessionBrief;
use crate::components::request_history::RequestHistory;
use crate::components::risk_flags::RiskFlags;
use crate::components::their_words::TheirWords;
use crate::format::{alert_class, short_date};
use ajar_core::alerts::AlertKind;
use ajar_core::api::{ClientDetail, ResponseView};
use ajar_core::caseload::CHART_POINTS;
use ajar_core::episodes::{self, Episode};
use ajar_core::instrument::Instrument;
use ajar_core::instruments::{BETWEEN, GAD7, PHQ9, SESSION};
use ajar_core::thresholds::{
    GAD7_CASENESS, GAD7_RELIABLE_CHANGE, PHQ9_CASENESS, PHQ9_RELIABLE_CHANGE,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};

/// Short, blame-free invitations for a client who has gone quiet; Ajar's own words.
pub const DOOR_OPEN_MESSAGES: [&str; 3] = [
    "Hi, I've been thinking of you and wanted to check in. No pressure at all. If you'd like to talk, or to pause, just let me know. Either is fine.",
    "I noticed we haven't been in touch for a while. However things are, the door is open. If you'd rather stop, I'd welcome one last session to look back on what you've done.",
    "Just a short note to say I'm here if you want to pick things up again, change how we work, or close well together. Whatever suits you.",
];

#[component]
pub fn ClientPage() -> impl IntoView {
    let params = use_params_map();
    let navigate = use_navigate();
    let detail = RwSignal::new(None::<Result<ClientDetail, String>>);
    // Bumped after an archive or restore, so the page reads the client again.
    let reread = RwSignal::new(0u32);
    Effect::new(move |_| {
        reread.track();
        let id = params.read().get("id").and_then(|s| s.parse::<i64>().ok());
        let navigate = navigate.clone();
        spawn_local(async move {
            let Some(id) = id else {
                detail.set(Some(Err("There is no such client.".into())));
                return;
            };
            match api::client_detail(id).await {
                Ok(d) => detail.set(Some(Ok(d))),
                Err(f @ ApiFailure::SignedOut { .. }) => {
                    crate::pages::sign_in::signed_out(&f);
                    navigate("/t/sign-in", Default::default())
                }
                Err(f) => detail.set(Some(Err(f.message()))),
            }
        });
    });
    view! {
        <main class="page wide">
            <p class="eyebrow"><a href="/t">"← Caseload"</a></p>
            {move || match detail.get() {
                None => view! { <p class="quiet">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="problem" role="alert">{message}</p> }.into_any(),
                Some(Ok(d)) => view! { <Story d on_change=Callback::new(move |()| reread.update(|n| *n += 1))/> }.into_any(),
            }}
        </main>
    }
}

fn of<'a>(history: &'a [ResponseView], instrument: &Instrument) -> Vec<&'a ResponseView> {
    history
        .iter()
        .filter(|r| r.instrument == instrument.id)
        .collect()
}

fn spoken(name: &str, points: &[(i64, f64)]) -> String {
    let each: Vec<String> = points
        .iter()
        .map(|(t, v)| format!("{v:.0} on {}", short_date(*t)))
        .collect();
    format!("{name}: {}", each.join(", "))
}

/// For a client who finished and started again: when this therapy began, and each
/// earlier one with how it ended (the figures count each on its own).
fn earlier_therapies(episodes: &[Episode]) -> Option<impl IntoView + use<>> {
    let (current, earlier) = episodes.split_last()?;
    if earlier.is_empty() {
        return None;
    }
    let each: Vec<String> = earlier
        .iter()
        .map(|e| match e.ended {
            Some(end) => format!(
                "{} to {} ({})",
                short_date(e.started_at_ms),
                short_date(end.at_ms),
                end.ending_type.label()
            ),
            None => format!("from {}", short_date(e.started_at_ms)),
        })
        .collect();
    Some(view! {
        <p class="quiet" data-testid="episodes">
            {format!(
                "This therapy started on {}. Earlier: {}. Charts show every answer; change and recovery are judged within each therapy.",
                short_date(current.started_at_ms),
                each.join("; ")
            )}
        </p>
    })
}

#[component]
fn Story(d: ClientDetail, on_change: Callback<()>) -> impl IntoView {
    let s = d.summary;
    let history = d.history;
    let silent = s.alerts.iter().any(|a| a.kind == AlertKind::Silence);
    let episode_start = episodes::current_start(&s.episodes).unwrap_or(i64::MIN);

    let measure = |instrument: &'static Instrument, caseness: u8, reliable: u8| {
        let points: Vec<(i64, f64)> = of(&history, instrument)
            .iter()
            .filter_map(|r| r.total.map(|t| (r.answered_at_ms, f64::from(t))))
            .collect();
        // The band is drawn around this episode's first score: its baseline.
        let first = points
            .iter()
            .find(|p| p.0 >= episode_start)
            .or(points.first())
            .map(|p| p.1)?;
        let max = f64::from(instrument.max_total().unwrap_or(27));
        let summary = spoken(instrument.title, &points);
        Some(view! {
            <LineChart
                title=format!("{} total (lower is better)", instrument.title)
                series=vec![Series { name: instrument.title, points, class: "series-a" }]
                y_max=max
                cutoff=(f64::from(caseness), format!("Caseness: {caseness} and above"))
                band=(
                    (first - f64::from(reliable)).max(0.0),
                    (first + f64::from(reliable)).min(max),
                    format!("No reliable change: within {reliable} of this therapy's first score"),
                )
                summary
            />
        })
    };

    let session = of(&history, &SESSION);
    // Version 2's one rating, then version 1's four items for answers given before it;
    // only the lines that have points are drawn.
    let item_series: Vec<Series> = [
        ("understood", "Felt understood", "series-a"),
        ("overall", "Overall (version 1)", "series-b"),
        ("heard", "Heard (version 1)", "series-c"),
        ("goals", "Goals (version 1)", "series-d"),
    ]
    .into_iter()
    .map(|(id, name, class)| Series {
        name,
        points: session
            .iter()
            .filter_map(|r| r.value(id).map(|v| (r.answered_at_ms, f64::from(v))))
            .collect(),
        class,
    })
    .filter(|s| !s.points.is_empty())
    .collect();
    let session_summary = item_series
        .iter()
        .map(|s| spoken(s.name, &s.points))
        .collect::<Vec<_>>()
        .join(". ");
    let weekly: Vec<(i64, f64)> = of(&history, &BETWEEN)
        .iter()
        .filter_map(|r| r.value("since").map(|v| (r.answered_at_ms, f64::from(v))))
        .collect();

    let archive = view! {
        <ArchiveControls client_id=s.client_id label=s.label.clone()
            archived_at_ms=s.archived_at_ms on_change/>
    };
    // An archived client's page leads with that; otherwise archiving comes last.
    let (archive_first, archive_last) = match s.archived_at_ms {
        Some(_) => (Some(archive), None),
        None => (None, Some(archive)),
    };
    view! {
        <h1>{s.label.clone()}</h1>
        {archive_first}
        <p class="quiet">{format!("{} check-ins", s.response_count)}{s.last_at_ms.map(|t| format!(" · last on {}", short_date(t)))}</p>
        {s.ended.map(|e| view! {
            <p class="badge badge-ended">{format!("Ended {}: {}", short_date(e.at_ms), e.ending_type.label())}</p>
        })}
        {earlier_therapies(&s.episodes)}
        {(!s.alerts.is_empty()).then(|| view! {
            <ul class="alerts" aria-label="Needs attention">
                {s.alerts.iter().map(|a| view! { <li class=format!("badge alert-{}", alert_class(a.kind))><strong>{a.kind.label()}</strong> ": " {a.reason.clone()}</li> }).collect_view()}
            </ul>
        })}
        <PreSessionBrief summary=s.clone() history=history.clone()/>
        <RiskFlags client_id=s.client_id flags=d.risk_history on_change/>
        <RequestHistory requests=d.requests/>
        {(s.response_count as usize > history.len()).then(|| view! {
            <p class="quiet" data-testid="charts-window">{format!(
                "The charts show the newest {CHART_POINTS} answers of each check-in, and the first; all {} are in the export.",
                s.response_count
            )}</p>
        })}
        <section class="charts" data-testid="charts">
            {measure(&PHQ9, PHQ9_CASENESS, PHQ9_RELIABLE_CHANGE)}
            {measure(&GAD7, GAD7_CASENESS, GAD7_RELIABLE_CHANGE)}
            {(!session.is_empty()).then(|| view! {
                <LineChart title="Session check-in ratings (0–10, higher is better)".to_owned() series=item_series y_max=10.0 summary=session_summary/>
            })}
            {(!weekly.is_empty()).then(|| {
                let summary = spoken("How things have been", &weekly);
                view! {
                    <LineChart title="Between sessions: how things have been (0–10)".to_owned()
                        series=vec![Series { name: "How things have been", points: weekly, class: "series-b" }]
                        y_max=10.0 summary/>
                }
            })}
        </section>
        <div class="legend quiet">
            <span class="key key-a">"Felt understood / score"</span>
            <span class="key key-b">"Overall (version 1)"</span>
            <span class="key key-c">"Heard (version 1)"</span>
            <span class="key key-d">"Goals (version 1)"</span>
            <span class="key key-cutoff">"Cut-off"</span>
            <span class="key key-band">"No reliable change"</span>
        </div>
        <section data-testid="item-answers">
            <ItemAnswers instrument=&PHQ9 responses=of(&history, &PHQ9).into_iter().cloned().collect()/>
            <ItemAnswers instrument=&GAD7 responses=of(&history, &GAD7).into_iter().cloned().collect()/>
        </section>
        {silent.then(|| view! { <DoorOpenMessages/> })}
        {s.archived_at_ms.is_none().then(|| view! {
            <PlanEditor client_id=s.client_id plan=s.plan.clone()/>
            <LinkControls client_id=s.client_id/>
        })}
        <TheirWords client_id=s.client_id/>
        {archive_last}
    }
}

#[component]
fn DoorOpenMessages() -> impl IntoView {
    let copied = RwSignal::new(None::<usize>);
    view! {
        <section class="card">
            <h2>"They have gone quiet: a few words to copy"</h2>
            <p class="quiet">"Short, no blame, and an open door. Change them as you like."</p>
            {DOOR_OPEN_MESSAGES.iter().enumerate().map(|(i, text)| view! {
                <blockquote class="note">{*text}</blockquote>
                <button type="button" class="button" on:click=move |_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.navigator().clipboard().write_text(text);
                        copied.set(Some(i));
                    }
                }>
                    {move || if copied.get() == Some(i) { "Copied" } else { "Copy" }}
                </button>
            }).collect_view()}
        </section>
    }
}

/// A new personal link (the old one stops working) or none at all.
#[component]
fn LinkControls(client_id: i64) -> impl IntoView {
    let made = RwSignal::new(None::<ajar_core::api::ClientLink>);
    let note = RwSignal::new(None::<String>);
    let fresh = move |_| {
        spawn_local(async move {
            match api::new_link(client_id).await {
                Ok(link) => {
                    note.set(None);
                    made.set(Some(link));
                }
                Err(f) => note.set(Some(f.message())),
            }
        });
    };
    let revoke = move |_| {
        spawn_local(async move {
            note.set(Some(match api::revoke_link(client_id).await {
                Ok(()) => {
                    made.set(None);
                    "The link no longer works. Phones already signed in stay signed in.".into()
                }
                Err(f) => f.message(),
            }));
        });
    };
    view! {
        <section class="card">
            <h2>"Personal link"</h2>
            <div class="row">
                <button type="button" class="button" on:click=fresh>"Make a new link"</button>
                <button type="button" class="button danger" on:click=revoke>"Revoke the link"</button>
            </div>
            <p role="status">{move || note.get()}</p>
        </section>
        {move || made.get().map(|link| view! { <LinkCard link/> })}
    }
}
