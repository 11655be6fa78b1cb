//! A small hand-drawn SVG line chart: one or more series over time, an optional cut-off
//! line and an optional shaded band. Screen readers get the numbers in words.

use crate::format::short_date;
use leptos::prelude::*;

#[derive(Clone)]
pub struct Series {
    pub name: &'static str,
    /// (time in ms, value), oldest first.
    pub points: Vec<(i64, f64)>,
    /// A CSS class that sets its colour.
    pub class: &'static str,
}

const W: f64 = 320.0;
const H: f64 = 160.0;
const PAD_L: f64 = 28.0;
const PAD_R: f64 = 8.0;
const PAD_T: f64 = 8.0;
const PAD_B: f64 = 20.0;

#[component]
pub fn LineChart(
    title: String,
    series: Vec<Series>,
    y_max: f64,
    /// A horizontal line, e.g. the caseness cut-off: (value, label).
    #[prop(optional)]
    cutoff: Option<(f64, String)>,
    /// A shaded band, e.g. no reliable change from the first score: (low, high, label).
    #[prop(optional)]
    band: Option<(f64, f64, String)>,
    /// Spoken summary for screen readers.
    summary: String,
) -> impl IntoView {
    let times: Vec<i64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    let (t0, t1) = (
        times.iter().copied().min().unwrap_or(0),
        times.iter().copied().max().unwrap_or(1),
    );
    let span = (t1 - t0).max(1) as f64;
    let x = move |t: i64| PAD_L + (t - t0) as f64 / span * (W - PAD_L - PAD_R);
    let y = move |v: f64| PAD_T + (1.0 - (v / y_max).clamp(0.0, 1.0)) * (H - PAD_T - PAD_B);
    let ticks = [0.0, y_max / 2.0, y_max];
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=summary preserveAspectRatio="none">
                {band.map(|(lo, hi, label)| view! {
                    <rect class="chart-band" x=PAD_L y=y(hi) width=W - PAD_L - PAD_R height=(y(lo) - y(hi)).max(0.0)>
                        <title>{label}</title>
                    </rect>
                })}
                {ticks.into_iter().map(|v| view! {
                    <line class="chart-grid" x1=PAD_L x2=W - PAD_R y1=y(v) y2=y(v)/>
                    <text class="chart-tick" x=PAD_L - 4.0 y=y(v) + 4.0 text-anchor="end">{format!("{v:.0}")}</text>
                }).collect_view()}
                {cutoff.map(|(v, label)| view! {
                    <line class="chart-cutoff" x1=PAD_L x2=W - PAD_R y1=y(v) y2=y(v)>
                        <title>{label}</title>
                    </line>
                })}
                <text class="chart-tick" x=PAD_L y=H - 4.0>{short_date(t0)}</text>
                <text class="chart-tick" x=W - PAD_R y=H - 4.0 text-anchor="end">{short_date(t1)}</text>
                {series.into_iter().map(|s| {
                    let points = s.points.iter().map(|(t, v)| format!("{:.1},{:.1}", x(*t), y(*v))).collect::<Vec<_>>().join(" ");
                    let dots = s.points.iter().map(|(t, v)| view! {
                        <circle class=format!("chart-dot {}", s.class) cx=x(*t) cy=y(*v) r="3"/>
                    }).collect_view();
                    view! {
                        <polyline class=format!("chart-line {}", s.class) points=points fill="none"/>
                        {dots}
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}
