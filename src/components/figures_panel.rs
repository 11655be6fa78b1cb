//! The caseload at a glance: reach, ratings by week, reliable change, recovery beside the
//! NHS Talking Therapies standard, and how therapies ended beside the premature-ending
//! rate reported across 669 studies. Each figure counts an episode of care (a therapy,
//! to the therapist) once, and says which it includes.

use crate::api;
use crate::components::line_chart::{LineChart, Series};
use crate::format::short_date;
use ajar_core::figures::{Figures, Recovery};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.0} %", f64::from(part) * 100.0 / f64::from(whole))
    }
}

/// NHS Talking Therapies' three outcomes, each out of what it is out of.
fn recovery(r: &Recovery) -> String {
    if r.finished_measured == 0 {
        return "No finished therapy has two PHQ-9 or GAD-7 scores yet.".into();
    }
    format!(
        "{} of {} who started above the clinical line recovered ({}), against the NHS \
         Talking Therapies standard of {:.0} %; {} recovered reliably ({}). {} of {} \
         finished therapies improved reliably ({}).",
        r.recovered,
        r.at_caseness,
        percent(r.recovered, r.at_caseness),
        r.standard_rate * 100.0,
        r.reliably_recovered,
        percent(r.reliably_recovered, r.at_caseness),
        r.reliably_improved,
        r.finished_measured,
        percent(r.reliably_improved, r.finished_measured),
    )
}

#[component]
pub fn FiguresPanel() -> impl IntoView {
    let figures = RwSignal::new(None::<Figures>);
    spawn_local(async move {
        if let Ok(f) = api::figures().await {
            figures.set(Some(f));
        }
    });
    view! {
        <details class="card figures" data-testid="figures">
            <summary>"Caseload figures"</summary>
            {move || figures.get().map(|f| {
                let e = f.endings;
                let weekly = f.weekly_mean_session.clone();
                let summary = format!(
                    "Mean session rating by week: {}",
                    weekly.iter().map(|(w, m)| format!("{m:.1} in the week of {}", short_date(*w))).collect::<Vec<_>>().join(", ")
                );
                view! {
                    <dl class="figure-list">
                        <dt>"Responded in the last 30 days"</dt>
                        <dd>{format!("{} of {} active clients ({})", f.responded_30_days, f.active_clients, percent(f.responded_30_days, f.active_clients))}</dd>
                        <dt>"Reliably improved"</dt>
                        <dd>{format!("{} of {} measured therapies, going on and finished ({})", f.reliably_improved, f.measured_episodes, percent(f.reliably_improved, f.measured_episodes))}</dd>
                        <dt>"Reliably worse"</dt>
                        <dd>{format!("{} of {} measured therapies, going on and finished ({})", f.reliably_worse, f.measured_episodes, percent(f.reliably_worse, f.measured_episodes))}</dd>
                        <dt>"Recovery (finished therapies)"</dt>
                        <dd>{recovery(&f.recovery)}</dd>
                        <dt>"Endings"</dt>
                        <dd>{format!(
                            "{} planned, {} stopped without a final session, {} paused, {} referred, {} unplanned: {} unplanned, against about {:.0} % premature endings reported across 669 studies (Swift & Greenberg 2012)",
                            e.planned, e.client_stopped, e.paused, e.referred, e.unplanned,
                            percent(e.unplanned, e.total()), e.reported_rate * 100.0
                        )}</dd>
                    </dl>
                    {(weekly.len() > 1).then(|| view! {
                        <LineChart title="Mean session rating by week (0–10)".to_owned()
                            series=vec![Series { name: "Mean rating", points: weekly, class: "series-a" }]
                            y_max=10.0 summary/>
                    })}
                }
            })}
        </details>
    }
}
