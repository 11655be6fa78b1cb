//! The two apps and their routes. Each page lives in its own file under `pages/`.
//!
//! They are two WebAssembly bundles (`src/bin/`), so a client's phone never downloads the
//! therapist's pages: `/` and `/c/…` are the client app, `/t/…` the therapist app. A link
//! from one to the other is a full page load (`rel="external"`). The therapist's app
//! routes with leptos_router; the client's with the much smaller `client_router`.

use crate::client_router::{ClientRoute, provide_client_router};
use crate::pages::account::Account;
use crate::pages::caseload::Caseload;
use crate::pages::client_page::ClientPage;
use crate::pages::client_shell::ClientShell;
use crate::pages::landing::Landing;
use crate::pages::not_found::NotFound;
use crate::pages::sign_in::SignIn;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// What a client's phone runs: the landing page and everything under `/c`, routed by
/// [`crate::client_router`].
#[component]
pub fn ClientApp() -> impl IntoView {
    let route = provide_client_router();
    // The shell stays mounted while the client moves between its pages.
    let in_shell = Memo::new(move |_| route.with(ClientRoute::in_shell));
    move || {
        if in_shell.get() {
            view! { <ClientShell/> }.into_any()
        } else if route.with(|r| *r == ClientRoute::Landing) {
            view! { <Landing/> }.into_any()
        } else {
            view! { <NotFound/> }.into_any()
        }
    }
}

/// What a therapist's browser runs: everything under `/t`.
#[component]
pub fn TherapistApp() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/t") view=Caseload/>
                <Route path=path!("/t/sign-in") view=SignIn/>
                <Route path=path!("/t/account") view=Account/>
                <Route path=path!("/t/clients/:id") view=ClientPage/>
            </Routes>
        </Router>
    }
}
