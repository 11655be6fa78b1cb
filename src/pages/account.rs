//! `/t/account`: the signed-in therapist's account: who they are, two-step sign-in, the
//! devices signed in, and changing the password.

use crate::api::{self, ApiFailure};
use crate::components::change_password::ChangePassword;
use crate::components::devices::Devices;
use crate::components::two_step::TwoStep;
use ajar_core::api::TherapistMe;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Account() -> impl IntoView {
    let me = RwSignal::new(None::<Result<TherapistMe, String>>);
    let navigate = use_navigate();
    let load = move || {
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::me().await {
                Ok(m) => me.set(Some(Ok(m))),
                Err(f @ ApiFailure::SignedOut { .. }) => {
                    crate::pages::sign_in::signed_out(&f);
                    navigate("/t/sign-in", Default::default())
                }
                Err(f) => me.set(Some(Err(f.message()))),
            }
        });
    };
    load();
    let changed = Callback::new({
        let load = load.clone();
        move |()| load()
    });
    view! {
        <main class="page narrow">
            <p class="eyebrow"><a href="/t">"Back to the caseload"</a></p>
            <h1>"Your account"</h1>
            {move || match me.get() {
                None => view! { <p class="quiet">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="problem" role="alert">{message}</p> }.into_any(),
                Some(Ok(m)) => view! {
                    <p>{format!("Signed in as {} ({}).", m.name, m.email)}</p>
                    {(m.mfa_required && !m.mfa).then(|| view! {
                        <p class="notice" role="status">"This practice asks every therapist for a second step at sign-in. Please set it up to open your caseload."</p>
                    })}
                    <TwoStep on=m.mfa required=m.mfa_required changed/>
                    {(m.mfa || !m.mfa_required).then(|| view! {
                        <Devices/>
                        <ChangePassword/>
                    })}
                }
                .into_any(),
            }}
        </main>
    }
}
