//! `/`: where someone lands without a personal link.

use leptos::prelude::*;

#[component]
pub fn Landing() -> impl IntoView {
    view! {
        <main class="page">
            <h1>"Ajar"</h1>
            <p class="lead">"Short check-ins between you and your therapist."</p>
            <section class="card">
                <h2>"Are you a client?"</h2>
                <p>
                    "Open the personal link your therapist gave you. It signs this phone in; "
                    "you don't need an account or a password."
                </p>
            </section>
            <section class="card">
                <h2>"Are you a therapist?"</h2>
                <a class="button" href="/t" rel="external">"Sign in"</a>
            </section>
        </main>
    }
}
