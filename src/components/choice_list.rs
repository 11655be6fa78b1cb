//! One answer from a few labelled options, as a radio group of large touch targets.
//! Nothing is pre-selected.

use ajar_core::instrument::Choice;
use leptos::prelude::*;

#[component]
pub fn ChoiceList(
    question: &'static str,
    /// Shown above the question (a recall period, say); may be empty.
    #[prop(optional)]
    lead: &'static str,
    options: &'static [Choice],
    #[prop(into)] value: Signal<Option<u8>>,
    on_pick: impl Fn(u8) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend class="question" tabindex="-1">
                {(!lead.is_empty()).then(|| view! { <span class="lead-in">{lead}</span> })}
                {question}
            </legend>
            {options
                .iter()
                .map(|option| {
                    let v = option.value;
                    view! {
                        <label class="choice">
                            <input
                                type="radio"
                                name="choice"
                                value=v.to_string()
                                prop:checked=move || value.get() == Some(v)
                                on:change=move |_| on_pick(v)
                            />
                            <span>{option.label}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
