//! The 0–10 scale as a radio group: works by touch, keyboard (arrow keys move between
//! numbers) and screen reader (the group is named by the question, each end says what it
//! means). Nothing is pre-selected.

use ajar_core::Rating;
use leptos::prelude::*;

#[component]
pub fn RatingScale(
    /// The question, which names the group.
    question: &'static str,
    /// Shown above the question (a recall period, say); may be empty.
    #[prop(optional)]
    lead: &'static str,
    low_label: &'static str,
    high_label: &'static str,
    /// The chosen rating, if any.
    #[prop(into)]
    value: Signal<Option<Rating>>,
    /// Called with the rating the client picks.
    on_pick: impl Fn(Rating) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let options = Rating::all()
        .map(|rating| {
            let n = rating.value();
            // The ends carry their meaning for screen readers as well as on screen.
            let spoken = match n {
                Rating::MIN => format!("{n}, {low_label}"),
                Rating::MAX => format!("{n}, {high_label}"),
                _ => n.to_string(),
            };
            view! {
                <label class="scale-option">
                    <input
                        type="radio"
                        name="rating"
                        value=n.to_string()
                        aria-label=spoken
                        prop:checked=move || value.get() == Some(rating)
                        on:change=move |_| on_pick(rating)
                    />
                    <span aria-hidden="true">{n}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="scale">
            <legend class="question" tabindex="-1">
                {(!lead.is_empty()).then(|| view! { <span class="lead-in">{lead}</span> })}
                {question}
            </legend>
            <div class="scale-options">{options}</div>
            <div class="scale-ends" aria-hidden="true">
                <span>"0 · " {low_label}</span>
                <span>"10 · " {high_label}</span>
            </div>
        </fieldset>
    }
}
