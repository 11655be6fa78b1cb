//! Any address neither app knows. The start page belongs to the client's app, so the link
//! back is a full page load from either.

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. " <a href="/" rel="external">"Go to the start page"</a> "."</p>
        </main>
    }
}
