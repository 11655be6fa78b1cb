//! The two apps and their routes. Each page lives in its own file under `pages/`.
//!
//! They are two WebAssembly bundles (`src/bin/`), so a client's phone never downloads the
//! therapist's pages: `/` and `/c/…` are the client app, `/t/…` the therapist app. A link
//! from one to the other is a full page load (`rel="external"`).

use crate::pages::caseload::Caseload;
use crate::pages::check_in::CheckIn;
use crate::pages::client_home::ClientHome;
use crate::pages::client_page::ClientPage;
use crate::pages::client_shell::ClientShell;
use crate::pages::ending_request::EndingRequest;
use crate::pages::landing::Landing;
use crate::pages::not_found::NotFound;
use crate::pages::sign_in::SignIn;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

/// What a client's phone runs: the landing page and everything under `/c`.
#[component]
pub fn ClientApp() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Landing/>
                <ParentRoute path=path!("/c") view=ClientShell>
                    <Route path=path!("") view=ClientHome/>
                    <Route path=path!("ending") view=EndingRequest/>
                    <Route path=path!(":instrument") view=CheckIn/>
                </ParentRoute>
            </Routes>
        </Router>
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
                <Route path=path!("/t/clients/:id") view=ClientPage/>
            </Routes>
        </Router>
    }
}
