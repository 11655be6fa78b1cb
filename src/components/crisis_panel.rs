//! The practice's crisis text (kept on the phone; the catalogue's default until the
//! practice writes its own). Shown at once, with no network, when PHQ-9 item 9 is answered
//! above 0; it says plainly that answers are not watched around the clock, and every
//! phone number in it is a link that calls it.

use crate::messages::catalogue;
use crate::offline;
use ajar_core::crisis;
use leptos::prelude::*;

#[component]
pub fn CrisisPanel() -> impl IntoView {
    let m = catalogue();
    view! {
        <section class="crisis" role="alert" data-testid="crisis">
            <h2>{m.crisis_heading}</h2>
            <p>{move || {
                let text = offline::crisis_text().unwrap_or_else(|| m.crisis_text.to_owned());
                // Every number a link that calls it: a tap, not digits to copy.
                crisis::pieces(&text)
                    .into_iter()
                    .map(|piece| match piece {
                        crisis::Piece::Text(t) => t.to_owned().into_any(),
                        crisis::Piece::Call { number, href } => {
                            view! { <a href=href class="call">{number.to_owned()}</a> }.into_any()
                        }
                    })
                    .collect_view()
            }}</p>
            <p class="quiet-strong">{m.not_watched}</p>
        </section>
    }
}
