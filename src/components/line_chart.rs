//! A small hand-drawn SVG line chart: one or more series over time, an optional cut-off
//! line and an optional shaded band. Screen readers get the numbers in words.
//!
//! The chart keeps its own shape (a stretched SVG stretches its text too), and a series
//! has one point a day: two answers on one day would stand at one x and draw a vertical
//! spike, so a day shows their mean and its label names each.

use crate::format::{local_day, short_date};
use leptos::prelude::*;

#[derive(Clone)]
pub struct Series {
    pub name: &'static str,
    /// (time in ms, value), oldest first.
    pub points: Vec<(i64, f64)>,
    /// A CSS class that sets its colour.
    pub class: &'static str,
}

/// A series with more points than this is read through its summary and hover labels
/// only: a tab stop per point would bury the rest of the page behind hundreds of stops.
const MAX_FOCUSABLE: usize = 60;

/// One day of a series: when its first answer came, the mean, and every value.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub at: i64,
    pub mean: f64,
    pub values: Vec<f64>,
}

/// `points` (oldest first) as one point per day, by `day_of` (a day number for a time).
pub fn by_day(points: &[(i64, f64)], day_of: impl Fn(i64) -> i64) -> Vec<Day> {
    let mut days: Vec<(i64, Day)> = Vec::new();
    for &(t, v) in points {
        let key = day_of(t);
        match days.last_mut() {
            Some((k, day)) if *k == key => day.values.push(v),
            _ => days.push((
                key,
                Day {
                    at: t,
                    mean: v,
                    values: vec![v],
                },
            )),
        }
    }
    days.into_iter()
        .map(|(_, mut day)| {
            day.mean = day.values.iter().sum::<f64>() / day.values.len() as f64;
            day
        })
        .collect()
}

/// A value as a person reads it: whole numbers bare, others to one decimal.
pub fn number(v: f64) -> String {
    let tenths = (v * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    }
}

/// What a point says on hover and focus: "12 Nov: 7", or "12 Nov: 6 and 8 (mean 7)".
fn label(name: &str, day: &Day) -> String {
    let date = short_date(day.at);
    match day.values.as_slice() {
        [one] => format!("{name}, {date}: {}", number(*one)),
        many => {
            let each: Vec<String> = many.iter().map(|v| number(*v)).collect();
            format!(
                "{name}, {date}: {} (mean {})",
                each.join(" and "),
                number(day.mean)
            )
        }
    }
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
            // A group, not an image: an image's children are hidden from screen readers,
            // and each day's point is read and focused on its own.
            <svg viewBox=format!("0 0 {W} {H}") role="group" aria-label=summary>
                <g aria-hidden="true">
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
                </g>
                {series.into_iter().map(|s| {
                    let days = by_day(&s.points, local_day);
                    let points = days.iter().map(|d| format!("{:.1},{:.1}", x(d.at), y(d.mean))).collect::<Vec<_>>().join(" ");
                    let focusable = days.len() <= MAX_FOCUSABLE;
                    let dots = days.iter().map(|d| {
                        let (cx, cy) = (x(d.at), y(d.mean));
                        let said = label(s.name, d);
                        let aria = focusable.then(|| said.clone());
                        // Past MAX_FOCUSABLE the summary speaks for the points.
                        let hidden = (!focusable).then_some("true");
                        // The value floats above its dot, inside the chart's edges.
                        let anchor = if cx > W / 2.0 { "end" } else { "start" };
                        view! {
                            <g class="chart-point" role=focusable.then_some("img") tabindex=focusable.then_some("0")
                                aria-label=aria aria-hidden=hidden>
                                <title>{said}</title>
                                <circle class=format!("chart-dot {}", s.class) cx=cx cy=cy r="3"/>
                                <text class="chart-value" x=cx y=(cy - 8.0).max(PAD_T + 2.0) text-anchor=anchor>{number(d.mean)}</text>
                            </g>
                        }
                    }).collect_view();
                    view! {
                        <polyline class=format!("chart-line {}", s.class) points=points fill="none" aria-hidden="true"/>
                        {dots}
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    #[test]
    fn two_answers_on_one_day_are_one_point_at_their_mean() {
        let points = [(0, 4.0), (DAY + 10, 6.0), (DAY + 20, 9.0), (3 * DAY, 2.0)];
        let days = by_day(&points, |t| t / DAY);
        assert_eq!(
            days,
            vec![
                Day {
                    at: 0,
                    mean: 4.0,
                    values: vec![4.0]
                },
                Day {
                    at: DAY + 10,
                    mean: 7.5,
                    values: vec![6.0, 9.0]
                },
                Day {
                    at: 3 * DAY,
                    mean: 2.0,
                    values: vec![2.0]
                },
            ]
        );
    }

    #[test]
    fn numbers_read_plainly() {
        assert_eq!(number(7.0), "7");
        assert_eq!(number(7.5), "7.5");
        assert_eq!(number(6.666), "6.7");
        assert_eq!(number(9.96), "10");
    }
}
