//! The caseload card's small trend line.

use leptos::prelude::*;

/// Recent "overall" session ratings as a small line, 0 at the bottom and 10 at the top.
#[component]
pub fn Sparkline(points: Vec<u8>) -> impl IntoView {
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
