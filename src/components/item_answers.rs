//! A measure question by question: which symptoms drive a PHQ-9 or GAD-7 score. Rows are
//! the scored questions, columns the newest answers (newest first); a risk answer above
//! 0 is marked in red, as on the caseload.

use crate::format::short_date;
use ajar_core::api::ResponseView;
use ajar_core::instrument::{Instrument, Scoring};
use leptos::prelude::*;

/// Columns shown: the newest answers, enough to see a symptom move.
const SHOWN: usize = 4;

#[component]
pub fn ItemAnswers(instrument: &'static Instrument, responses: Vec<ResponseView>) -> impl IntoView {
    let Scoring::Sum { items, .. } = instrument.scoring else {
        return None;
    };
    let newest: Vec<ResponseView> = responses.into_iter().rev().take(SHOWN).collect();
    if newest.is_empty() {
        return None;
    }
    let caption = format!(
        "{}, question by question (0 = not at all … 3 = nearly every day), newest first",
        instrument.title
    );
    let dates: Vec<String> = newest
        .iter()
        .map(|r| short_date(r.answered_at_ms))
        .collect();
    let rows = items
        .iter()
        .filter_map(|id| instrument.item(id))
        .map(|item| {
            let risky = instrument.risk_items.contains(&item.id);
            let cells = newest
                .iter()
                .map(|r| {
                    let value = r.value(item.id);
                    let label = r.choice_label(item.id).unwrap_or("not answered");
                    let class = match value {
                        Some(v) if risky && v > 0 => "cell cell-risk",
                        Some(v) if v >= 2 => "cell cell-high",
                        _ => "cell",
                    };
                    view! {
                        <td class=class title=label>
                            {value.map_or_else(|| "–".to_owned(), |v| v.to_string())}
                            <span class="visually-hidden">{format!(" ({label})")}</span>
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><th scope="row">{item.text}</th>{cells}</tr> }
        })
        .collect_view();
    Some(view! {
        // Focusable so a keyboard can scroll it on a narrow screen.
        <div class="table-scroll" tabindex="0" role="region" aria-label=format!("{} answers by question", instrument.title)>
            <table class="item-answers" data-testid=format!("items-{}", instrument.id)>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">"Question"</th>{dates.into_iter().map(|d| view! { <th scope="col">{d}</th> }).collect_view()}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    })
}
