//! `/t`: the therapist's caseload. Sends to the sign-in page when signed out.

use crate::api::{self, ApiFailure, PracticeText};
use crate::components::archived_clients::ArchivedClients;
use crate::components::figures_panel::FiguresPanel;
use crate::components::link_card::LinkCard;
use crate::components::two_step_prompt::TwoStepPrompt;
use crate::format::{alert_class, short_date, short_date_time};
use crate::messages::catalogue;
use ajar_core::api::{CaseloadEntry, RequestView, ResponseView};
use ajar_core::ending::{EndingType, RequestStatus};
use ajar_core::instruments::{self, BETWEEN, GAD7, PHQ9, SESSION};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    Loaded(Vec<CaseloadEntry>),
    Failed(String),
}

/// Bumped after every change, so the caseload is read again from the server.
#[derive(Clone, Copy)]
struct Reload(RwSignal<u32>);

impl Reload {
    fn now(self) {
        self.0.update(|n| *n += 1);
    }
}

#[component]
pub fn Caseload() -> impl IntoView {
    let load = RwSignal::new(Load::Loading);
    let only_attention = RwSignal::new(false);
    let navigate = use_navigate();
    let reload = Reload(RwSignal::new(0));
    provide_context(reload);
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            reload.0.track();
            let navigate = navigate.clone();
            spawn_local(async move {
                match api::caseload().await {
                    Ok(rows) => load.set(Load::Loaded(rows)),
                    Err(f @ ApiFailure::SignedOut { .. }) => {
                        crate::pages::sign_in::signed_out(&f);
                        navigate("/t/sign-in", Default::default())
                    }
                    Err(f) if f.code() == Some(ajar_core::api::MFA_SETUP_REQUIRED) => {
                        navigate("/t/account", Default::default())
                    }
                    Err(f) => load.set(Load::Failed(f.message())),
                }
            });
        });
    }
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = api::sign_out().await;
            navigate("/t/sign-in", Default::default());
        });
    };

    view! {
        <main class="page wide">
            <header class="bar">
                <div>
                    <p class="eyebrow">"Ajar"</p>
                    <h1>"Caseload"</h1>
                </div>
                <nav class="row">
                    <a class="button" href="/t/account">"Account"</a>
                    <button class="button" on:click=sign_out>"Sign out"</button>
                </nav>
            </header>
            // Asked only once the caseload answered: a signed-out visit asks nothing more.
            <Show when=move || matches!(load.get(), Load::Loaded(_))>
                <TwoStepPrompt/>
            </Show>
            <AddClient/>
            {move || match load.get() {
                Load::Loading => view! { <p class="quiet">"Loading…"</p> }.into_any(),
                Load::Failed(message) => view! { <p class="problem" role="alert">{message}</p> }.into_any(),
                Load::Loaded(rows) if rows.is_empty() => view! {
                    <p class="quiet">"No clients yet."</p>
                }.into_any(),
                Load::Loaded(rows) => {
                    let needing = rows.iter().filter(|r| !r.alerts.is_empty()).count();
                    let total = rows.len();
                    view! {
                        <FiguresPanel/>
                        <p class="exports">
                            "Download everything: "
                            <a href="/api/v1/therapist/export.csv" download>"CSV"</a>
                            " · "
                            <a href="/api/v1/therapist/export.fhir.json" download>"FHIR (JSON)"</a>
                        </p>
                        <div class="filter" role="group" aria-label="Show">
                            <label class="chip">
                                <input type="checkbox" name="needs-attention"
                                    prop:checked=move || only_attention.get()
                                    on:change=move |e| only_attention.set(event_target_checked(&e))/>
                                <span>{format!("Needs attention only ({needing} of {total})")}</span>
                            </label>
                        </div>
                        <ul class="caseload" data-testid="caseload">
                            {rows.into_iter().map(|row| {
                                let calm = row.alerts.is_empty();
                                view! {
                                    <Show when=move || !(calm && only_attention.get())>
                                        <ClientRow row=row.clone()/>
                                    </Show>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <ArchivedClients/>
            <PracticeTextEditor which=PracticeText::DoorOpen title="Message clients see after their therapy ends"
                label="Door-open message" hint="Shown with a button to ask to start again."/>
            <PracticeTextEditor which=PracticeText::Crisis title="Crisis text for your clients"
                label="Crisis text" hint="Shown at once when a client answers PHQ-9 item 9 above 0, even offline. Put your local emergency numbers and services here. Leave it empty for Ajar's default."/>
            <AuditTrail/>
        </main>
    }
}

#[component]
fn ClientRow(row: CaseloadEntry) -> impl IntoView {
    let count = match row.response_count {
        1 => "1 check-in".to_owned(),
        n => format!("{n} check-ins"),
    };
    let latest = |id: &str| row.latest.iter().find(|r| r.instrument == id).cloned();
    let last = row.last_at_ms;
    let alerts = row.alerts.clone();
    let trend = row.trend.clone();
    let client_id = row.client_id;
    let requests = row.open_requests.clone();
    let ended = row.ended;
    view! {
        <li class="card client-row" data-testid="client-row">
            <h2><a href=format!("/t/clients/{client_id}")>{row.label.clone()}</a></h2>
            <p class="quiet">
                {count}
                {last.map(|at| format!(" · last on {}", short_date(at)))}
            </p>
            {(!alerts.is_empty()).then(|| view! {
                <ul class="alerts" aria-label="Needs attention">
                    {alerts.into_iter().map(|a| view! {
                        <li class=format!("badge alert-{}", alert_class(a.kind))>
                            <strong>{a.kind.label()}</strong> ": " {a.reason}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(trend.len() > 1).then(|| view! { <Sparkline points=trend/> })}
            {ended.map(|e| view! {
                <p class="badge badge-ended">{format!("Ended {}: {}", short_date(e.at_ms), e.ending_type.label())}</p>
            })}
            {requests.into_iter().map(|r| view! { <RequestPanel r/> }).collect_view()}
            {latest(SESSION.id).map(|r| view! { <SessionSummary r/> })}
            {latest(BETWEEN.id).map(|r| view! { <BetweenSummary r/> })}
            <div class="scores">
                {latest(PHQ9.id).map(|r| view! { <Score r/> })}
                {latest(GAD7.id).map(|r| view! { <Score r/> })}
            </div>
            <p class="exports">
                "Export: "
                <a href=format!("/api/v1/therapist/clients/{client_id}/export.csv") download
                    aria-label=format!("Export {} as CSV", row.label)>"CSV"</a>
                " · "
                <a href=format!("/api/v1/therapist/clients/{client_id}/export.fhir.json") download
                    aria-label=format!("Export {} as FHIR", row.label)>"FHIR"</a>
            </p>
            {match ended {
                Some(_) => view! { <ReopenButton client_id/> }.into_any(),
                None => view! { <CloseTherapyForm client_id/> }.into_any(),
            }}
        </li>
    }
}

/// Recent "overall" session ratings as a small line, 0 at the bottom and 10 at the top.
#[component]
fn Sparkline(points: Vec<u8>) -> impl IntoView {
    const W: f64 = 120.0;
    const H: f64 = 28.0;
    let step = W / (points.len().max(2) - 1) as f64;
    let coords: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, v)| {
            format!(
                "{:.1},{:.1}",
                i as f64 * step,
                H - f64::from(*v) / 10.0 * (H - 4.0) - 2.0
            )
        })
        .collect();
    let described = format!(
        "Overall session ratings, oldest to newest: {}",
        points
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    view! {
        <svg class="sparkline" viewBox=format!("0 0 {W} {H}") width=W height=H role="img" aria-label=described>
            <polyline points=coords.join(" ") fill="none" stroke="currentColor" stroke-width="2"
                stroke-linejoin="round" stroke-linecap="round"/>
        </svg>
    }
}

/// Runs a change against the server, then reloads the caseload or shows why it failed.
fn act<F>(reload: Reload, problem: RwSignal<Option<String>>, change: F)
where
    F: std::future::Future<Output = Result<(), ApiFailure>> + 'static,
{
    spawn_local(async move {
        match change.await {
            Ok(()) => {
                problem.set(None);
                reload.now();
            }
            Err(f) => problem.set(Some(f.message())),
        }
    });
}

/// A client's request in their own words, with the therapist's actions.
#[component]
fn RequestPanel(r: RequestView) -> impl IntoView {
    let m = catalogue();
    let reload = expect_context::<Reload>();
    let problem = RwSignal::new(None::<String>);
    let reply = RwSignal::new(String::new());
    let time = RwSignal::new(String::new());
    let id = r.id;
    let reasons = r
        .reasons
        .iter()
        .map(|x| (m.reason_label)(*x))
        .collect::<Vec<_>>()
        .join(", ");
    let status = match r.status {
        RequestStatus::Sent => "New",
        RequestStatus::Seen => "Seen",
        _ => "Answered",
    };
    let send_reply = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        act(reload, problem, async move {
            api::reply(id, &reply.get_untracked(), &time.get_untracked())
                .await
                .map(drop)
        });
    };
    view! {
        <section class="request-panel" data-testid="request-panel">
            <p class="badge badge-ending">{format!("{status} request: {}", (m.wish_label)(r.wish))}</p>
            {(!reasons.is_empty()).then(|| view! { <p>"Reasons: " {reasons}</p> })}
            {(!r.message.is_empty()).then(|| view! { <blockquote class="note">{r.message.clone()}</blockquote> })}
            {(!r.preferred_times.is_empty()).then(|| view! { <p>"Times that suit: " {r.preferred_times.clone()}</p> })}
            {r.check_back_on.clone().map(|d| view! { <p>"Check back on: " {d}</p> })}
            {r.reply.clone().map(|rep| view! { <p class="quiet">"Your reply: " {rep}</p> })}
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
            {(r.status == RequestStatus::Sent).then(|| view! {
                <button type="button" class="button"
                    on:click=move |_| act(reload, problem, async move { api::mark_seen(id).await.map(drop) })>
                    "Mark as seen"
                </button>
            })}
            <form class="stack reply-form" on:submit=send_reply>
                <label class="field">
                    <span>"Reply to the client"</span>
                    <textarea name="reply" rows="2" prop:value=reply on:input=move |e| reply.set(event_target_value(&e))></textarea>
                </label>
                <label class="field">
                    <span>"Proposed time (optional)"</span>
                    <input name="proposed-time" prop:value=time on:input=move |e| time.set(event_target_value(&e))/>
                </label>
                <div class="row">
                    <button type="submit" class="button primary">"Send reply"</button>
                    <button type="button" class="button"
                        on:click=move |_| act(reload, problem, async move { api::close_request(id).await.map(drop) })>
                        "Close request"
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Records how therapy ended. Two steps, so it is never a slip of the thumb.
#[component]
fn CloseTherapyForm(client_id: i64) -> impl IntoView {
    let reload = expect_context::<Reload>();
    let problem = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(None::<EndingType>);
    let confirm = move |_| {
        if let Some(ending) = chosen.get_untracked() {
            act(reload, problem, async move {
                api::close_therapy(client_id, ending).await
            });
        } else {
            problem.set(Some("Please choose how therapy ended.".into()));
        }
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class="button close-therapy" on:click=move |_| open.set(true)>"Close therapy…"</button>
            }
        >
            <fieldset class="choices ending-types">
                <legend class="question">"How did therapy end?"</legend>
                {EndingType::ALL.into_iter().map(|e| view! {
                    <label class="choice">
                        <input type="radio" name=format!("ending-{client_id}")
                            prop:checked=move || chosen.get() == Some(e)
                            on:change=move |_| chosen.set(Some(e))/>
                        <span>{e.label()}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
            <div class="row">
                <button type="button" class="button danger" on:click=confirm>"Close therapy"</button>
                <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </Show>
    }
}

#[component]
fn ReopenButton(client_id: i64) -> impl IntoView {
    let reload = expect_context::<Reload>();
    let problem = RwSignal::new(None::<String>);
    view! {
        {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
        <button type="button" class="button"
            on:click=move |_| act(reload, problem, async move { api::reopen_therapy(client_id).await })>
            "Start therapy again"
        </button>
    }
}

/// A text the practice writes for its clients: the door-open message (a warm default is
/// shipped) or the crisis text (empty: the app's default, with common emergency numbers).
#[component]
fn PracticeTextEditor(
    which: PracticeText,
    title: &'static str,
    label: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let note = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Ok(message) = api::practice_text(which).await {
            text.set(message);
        }
    });
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        spawn_local(async move {
            note.set(Some(
                match api::set_practice_text(which, &text.get_untracked()).await {
                    Ok(_) => "Saved.".into(),
                    Err(f) => f.message(),
                },
            ));
        });
    };
    view! {
        <details class="card practice-text">
            <summary>{title}</summary>
            <p class="quiet">{hint}</p>
            <form class="stack" on:submit=save>
                <label class="field">
                    <span>{label}</span>
                    <textarea name=label rows="4" prop:value=text on:input=move |e| text.set(event_target_value(&e))></textarea>
                </label>
                <button type="submit" class="button">"Save"</button>
                <p role="status">{move || note.get()}</p>
            </form>
        </details>
    }
}

#[component]
fn SessionSummary(r: ResponseView) -> impl IntoView {
    let rating = r.session_rating().unwrap_or(0);
    // The question as this version asked it (version 1's headline was "overall").
    let asked = instruments::find(&r.instrument, r.version)
        .and_then(|i| i.item(instruments::rating_item(r.version)))
        .map_or("Session rating", |item| item.text);
    let change = r.text("change").map(str::to_owned);
    view! {
        <div class="summary">
            <p class="latest">
                <span class="rating" aria-label=format!("{asked} {rating} out of 10")>
                    {rating} <small>"/10"</small>
                </span>
                <span class="quiet">{format!("session check-in, {}", short_date(r.answered_at_ms))}</span>
            </p>
            <p class="quiet">
                {r.choice_label("focus").map(|f| format!("On what matters: {f} · "))}
                {r.total.map(|t| format!("All four: {t}/40 · "))}
                {r.choice_label("pace").map(|p| format!("Pace: {p}"))}
            </p>
            {change.map(|c| view! { <blockquote class="note">"Change next time: " {c}</blockquote> })}
            {r.text("note").map(str::to_owned).map(|n| view! { <blockquote class="note">{n}</blockquote> })}
        </div>
    }
}

#[component]
fn BetweenSummary(r: ResponseView) -> impl IntoView {
    view! {
        <div class="summary">
            <p class="quiet">
                {format!("Between sessions, {}: ", short_date(r.answered_at_ms))}
                {r.value("since").map(|v| format!("things {v}/10"))}
                {r.choice_label("helping").map(|h| format!(" · helping: {h}"))}
                {r.choice_label("next").map(|n| format!(" · {n}"))}
            </p>
            {r.text("agenda").map(str::to_owned).map(|a| view! { <blockquote class="note">"Next time: " {a}</blockquote> })}
        </div>
    }
}

#[component]
fn Score(r: ResponseView) -> impl IntoView {
    let title = instruments::find(&r.instrument, r.version)
        .map(|i| i.title)
        .unwrap_or("Score");
    let max = instruments::find(&r.instrument, r.version)
        .and_then(|i| i.max_total())
        .unwrap_or(0);
    view! {
        <p class="score">
            <strong>{format!("{title} {}/{max}", r.total.unwrap_or(0))}</strong>
            {r.band.clone().map(|b| format!(" {b}"))}
            <span class="quiet">{format!(" · {}", short_date(r.answered_at_ms))}</span>
        </p>
    }
}

/// The therapist's own audit trail: every read of client answers, export and change.
#[component]
fn AuditTrail() -> impl IntoView {
    let entries = RwSignal::new(None::<Vec<ajar_core::api::AuditEntry>>);
    let load = move |_| {
        if entries.get_untracked().is_none() {
            spawn_local(async move {
                entries.set(Some(api::audit_trail().await.unwrap_or_default()));
            });
        }
    };
    view! {
        <details class="card audit" on:toggle=load>
            <summary>"Your activity (audit trail)"</summary>
            <p class="quiet">"Every time you read a client's answers, export, or change something, it is recorded here and cannot be edited."</p>
            <ul class="audit-list">
                {move || entries.get().unwrap_or_default().into_iter().map(|e| view! {
                    <li>{format!("{} · {}", short_date_time(e.at_ms), e.described)}</li>
                }).collect_view()}
            </ul>
        </details>
    }
}

/// Adds a client by label and shows their link at once.
#[component]
fn AddClient() -> impl IntoView {
    let reload = expect_context::<Reload>();
    let label = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let made = RwSignal::new(None::<ajar_core::api::ClientLink>);
    let add = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        spawn_local(async move {
            match api::add_client(&label.get_untracked()).await {
                Ok(link) => {
                    label.set(String::new());
                    problem.set(None);
                    made.set(Some(link));
                    reload.now();
                }
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };
    view! {
        <details class="card add-client">
            <summary>"Add a client"</summary>
            <form class="stack" on:submit=add>
                <label class="field">
                    <span>"Label (initials or a pseudonym; no real name needed)"</span>
                    <input name="label" maxlength="80" prop:value=label on:input=move |e| label.set(event_target_value(&e))/>
                </label>
                {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
                <button type="submit" class="button primary">"Add client"</button>
            </form>
        </details>
        {move || made.get().map(|link| view! { <LinkCard link/> })}
    }
}
