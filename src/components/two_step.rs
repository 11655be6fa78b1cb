//! Two-step sign-in on the account page: set it up (scan the QR code, type a code from
//! the app, keep the recovery codes), or turn it off with the password.

use crate::api;
use crate::focus::focus;
use ajar_core::api::{RecoveryCodes, TotpEnrolment};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where the set-up is.
#[derive(Clone)]
enum Stage {
    Off,
    /// A key was made: scan it, then confirm with a code.
    Scanning(TotpEnrolment),
    /// On: the recovery codes, shown this once.
    Codes(RecoveryCodes),
    On,
}

/// `on`: whether it is on now; `required`: the server does not allow turning it off.
/// `changed` is called once it has been turned on or off.
#[component]
pub fn TwoStep(on: bool, required: bool, changed: Callback<()>) -> impl IntoView {
    let stage = RwSignal::new(if on { Stage::On } else { Stage::Off });
    let problem = RwSignal::new(None::<String>);
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let begin = move |_| {
        problem.set(None);
        spawn_local(async move {
            match api::begin_totp().await {
                Ok(e) => {
                    stage.set(Stage::Scanning(e));
                    focus("input[name=totp-code]");
                }
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };
    let confirm = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        spawn_local(async move {
            match api::confirm_totp(&code.get_untracked()).await {
                Ok(codes) => {
                    code.set(String::new());
                    stage.set(Stage::Codes(codes));
                }
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };
    let turn_off = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        spawn_local(async move {
            match api::remove_totp(&password.get_untracked()).await {
                Ok(()) => {
                    password.set(String::new());
                    stage.set(Stage::Off);
                    changed.run(());
                }
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };

    let body = move || {
        match stage.get() {
        Stage::Off => view! {
            <p>"With two-step sign-in, a password alone does not open your caseload: Ajar also asks for a code from an authenticator app on your phone (such as Google Authenticator, Microsoft Authenticator, 1Password or Aegis)."</p>
            <button type="button" class="button primary" on:click=begin>"Set up two-step sign-in"</button>
        }
        .into_any(),
        Stage::Scanning(e) => view! {
            <p>"In your authenticator app, add an account and scan this code."</p>
            // Made by the server from the key alone (the qrcode crate): no user text.
            <div class="qr" role="img" aria-label="QR code of the key for your authenticator app" inner_html=e.qr_svg.clone()></div>
            <p class="quiet">"Cannot scan? Type this key into the app instead: "
                <code class="key">{e.secret.expose().to_owned()}</code></p>
            <form class="stack" on:submit=confirm>
                <label class="field">
                    <span>"Then enter the six-digit code the app shows"</span>
                    <input type="text" name="totp-code" inputmode="numeric" autocomplete="one-time-code"
                        required prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button primary">"Turn on two-step sign-in"</button>
            </form>
        }
        .into_any(),
        Stage::Codes(codes) => view! {
            <p role="status">"Two-step sign-in is on."</p>
            <p>"If you lose your phone, these recovery codes let you sign in, once each. Print them or keep them in your password manager now: they are not shown again."</p>
            <ul class="recovery-codes" data-testid="recovery-codes">
                {codes.codes.iter().map(|c| view! { <li><code>{c.expose().to_owned()}</code></li> }).collect_view()}
            </ul>
            <div class="row">
                <button type="button" class="button" on:click=move |_| {
                    let _ = window().print();
                }>"Print them"</button>
                <button type="button" class="button primary" on:click=move |_| {
                    stage.set(Stage::On);
                    changed.run(());
                }>"I have kept them"</button>
            </div>
        }
        .into_any(),
        Stage::On => view! {
            <p>"Two-step sign-in is on: signing in asks for a code from your authenticator app."</p>
            {(!required).then(|| view! {
                <form class="stack" on:submit=turn_off>
                    <label class="field">
                        <span>"To turn it off, enter your password"</span>
                        <input type="password" name="password" autocomplete="current-password" required
                            prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" class="button">"Turn off two-step sign-in"</button>
                </form>
            })}
        }
        .into_any(),
    }
    };

    view! {
        <section class="card" data-testid="two-step">
            <h2>"Two-step sign-in"</h2>
            {body}
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
        </section>
    }
}
