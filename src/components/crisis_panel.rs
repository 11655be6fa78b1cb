//! The practice's crisis text (kept on the phone; the catalogue's default until the
//! practice writes its own). Shown at once, with no network, when PHQ-9 item 9 is answered
//! above 0; it says plainly that answers are not watched around the clock.

use crate::messages::catalogue;
use crate::offline;
use leptos::prelude::*;

#[component]
pub fn CrisisPanel() -> impl IntoView {
    let m = catalogue();
    view! {
        <section class="crisis" role="alert" data-testid="crisis">
            <h2>{m.crisis_heading}</h2>
            <p>{offline::crisis_text().unwrap_or_else(|| m.crisis_text.to_owned())}</p>
            <p class="quiet-strong">{m.not_watched}</p>
        </section>
    }
}
