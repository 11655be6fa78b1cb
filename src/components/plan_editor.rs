//! Which check-ins one client is offered, and how often: one choice per check-in.

use crate::api;
use ajar_core::instrument::Context;
use ajar_core::instruments;
use ajar_core::plan::{Cadence, Plan, Planned};
use leptos::prelude::*;
use leptos::task::spawn_local;

const OFF: &str = "off";
const AFTER_SESSION: &str = "after-session";
/// The intervals a therapist picks from; any other stored value is shown as it is.
const EVERY: [(u16, &str); 3] = [
    (7, "Every week"),
    (14, "Every 2 weeks"),
    (28, "Every 4 weeks"),
];

fn choice(cadence: Option<Cadence>) -> String {
    match cadence {
        None => OFF.into(),
        Some(Cadence::AfterEachSession) => AFTER_SESSION.into(),
        Some(Cadence::EveryDays(days)) => days.to_string(),
    }
}

/// The rows to send: one per check-in that is offered; the server checks them.
fn rows(choices: &[(&'static str, String)]) -> Vec<Planned> {
    choices
        .iter()
        .filter(|(_, c)| c != OFF)
        .map(|(id, c)| Planned {
            instrument: (*id).to_owned(),
            every_days: c.parse().ok(),
        })
        .collect()
}

#[component]
pub fn PlanEditor(client_id: i64, plan: Plan) -> impl IntoView {
    let choices: Vec<(&'static str, RwSignal<String>)> = instruments::ALL
        .iter()
        .map(|i| (i.id, RwSignal::new(choice(plan.cadence(i.id)))))
        .collect();
    let note = RwSignal::new(None::<(bool, String)>);
    let current = {
        let choices = choices.clone();
        move || -> Vec<(&'static str, String)> {
            choices
                .iter()
                .map(|(id, c)| (*id, c.get_untracked()))
                .collect()
        }
    };
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let wanted = rows(&current());
        spawn_local(async move {
            note.set(Some(match api::set_plan(client_id, &wanted).await {
                Ok(_) => (
                    true,
                    "Saved. Their phone shows the new choice the next time it is online.".into(),
                ),
                Err(f) => (false, f.message()),
            }));
        });
    };
    // Radio chips rather than selects: every choice stays readable on a narrow phone
    // with large text, where a select cuts its label off.
    let fields = instruments::ALL
        .iter()
        .zip(choices)
        .map(|(instrument, (_, chosen))| {
            let stored = chosen.get_untracked();
            let mut options: Vec<(String, String)> = match instrument.context {
                Context::InSession => vec![(AFTER_SESSION.into(), "After each session".into())],
                Context::BetweenSessions => {
                    let mut options: Vec<(String, String)> = EVERY
                        .iter()
                        .map(|(days, label)| (days.to_string(), (*label).to_owned()))
                        .collect();
                    if !options.iter().any(|(value, _)| *value == stored) && stored != OFF {
                        options.push((stored.clone(), format!("Every {stored} days")));
                    }
                    options
                }
            };
            options.push((OFF.into(), "Not offered".into()));
            let name = format!("plan-{}", instrument.id);
            view! {
                <fieldset class="chips plan-choice">
                    <legend class="strong">{instrument.title}</legend>
                    {options.into_iter().map(|(value, label)| {
                        let mine = value.clone();
                        view! {
                            <label class="chip">
                                <input type="radio" name=name.clone() value=value.clone()
                                    prop:checked=move || chosen.with(|c| *c == mine)
                                    on:change=move |_| chosen.set(value.clone())/>
                                <span>{label}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="plan">
            <h2>"Check-ins for this client"</h2>
            <p class="quiet">"What their phone offers, and how often. A check-in they have already started still arrives if you switch it off."</p>
            <form class="stack" on:submit=save>
                {fields}
                <button type="submit" class="button primary">"Save check-ins"</button>
                <p role="status" class=move || match note.get() {
                    Some((false, _)) => "problem",
                    _ => "quiet",
                }>{move || note.get().map(|(_, text)| text)}</p>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_become_the_rows_the_server_checks() {
        let rows = rows(&[
            ("ajar-session", AFTER_SESSION.into()),
            ("ajar-between", OFF.into()),
            ("phq-9", "28".into()),
        ]);
        assert_eq!(
            rows,
            [
                Planned {
                    instrument: "ajar-session".into(),
                    every_days: None
                },
                Planned {
                    instrument: "phq-9".into(),
                    every_days: Some(28)
                },
            ]
        );
        assert!(Plan::parse(&rows).is_ok());
    }

    #[test]
    fn the_usual_plan_shows_as_its_choices() {
        let plan = Plan::usual();
        assert_eq!(choice(plan.cadence("ajar-session")), AFTER_SESSION);
        assert_eq!(choice(plan.cadence("gad-7")), "14");
        assert_eq!(choice(None), OFF);
    }
}
