//! "Remind me on this phone when a check-in is due": the opt-in, what it will say, that it
//! is on, and turning it off. The browser asks its own permission question only after
//! the client has chosen this. On an iPhone outside the home screen it says how to get
//! there instead; when notifications are blocked, where to allow them.

use crate::api;
use crate::messages::catalogue;
use crate::push::{self, Support};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Reading,
    Off,
    On,
    Working,
    /// The server could not be asked (no connection just now): nothing is offered.
    Unreachable,
    Cannot(Support),
}

#[component]
pub fn ReminderToggle() -> impl IntoView {
    let m = catalogue();
    let state = RwSignal::new(State::Reading);
    let problem = RwSignal::new(None::<&'static str>);
    let key = RwSignal::new(String::new());
    spawn_local(async move {
        let support = push::support();
        if support != Support::Available {
            state.set(State::Cannot(support));
            return;
        }
        let Ok(server) = api::reminders().await else {
            // Offline or refused: nothing is offered that could not be kept, and the
            // browser is not blamed for it.
            state.set(State::Unreachable);
            return;
        };
        key.set(server.public_key);
        let browser = push::current().await;
        state.set(match (server.on, browser) {
            // Keeps the server's copy current: a new endpoint, a clock moved to another
            // time zone.
            (true, Some(sub)) => {
                let _ = api::remind_me(&sub).await;
                State::On
            }
            // The browser lost its subscription: nothing would arrive.
            (true, None) => {
                let _ = api::stop_reminders().await;
                State::Off
            }
            (false, _) => State::Off,
        });
    });
    let turn_on = move |_| {
        problem.set(None);
        state.set(State::Working);
        spawn_local(async move {
            match push::subscribe(&key.get_untracked()).await {
                Ok(sub) => {
                    if api::remind_me(&sub).await.is_ok() {
                        state.set(State::On);
                    } else {
                        push::unsubscribe().await;
                        problem.set(Some(m.reminders_failed));
                        state.set(State::Off);
                    }
                }
                Err(Support::Blocked) => state.set(State::Cannot(Support::Blocked)),
                Err(_) => {
                    problem.set(Some(m.reminders_failed));
                    state.set(State::Off);
                }
            }
        });
    };
    let turn_off = move |_| {
        problem.set(None);
        state.set(State::Working);
        spawn_local(async move {
            push::unsubscribe().await;
            match api::stop_reminders().await {
                Ok(()) => state.set(State::Off),
                Err(_) => {
                    problem.set(Some(m.withdraw_failed));
                    state.set(State::On);
                }
            }
        });
    };
    let body = move || match state.get() {
        State::Reading => ().into_any(),
        State::Off => view! {
            <p>{m.reminders_explain}</p>
            <button type="button" class="button" on:click=turn_on>{m.reminders_turn_on}</button>
        }
        .into_any(),
        State::Working => view! {
            <button type="button" class="button" disabled=true>{m.sending}</button>
        }
        .into_any(),
        State::On => view! {
            <p class="strong" data-testid="reminders-on">{m.reminders_on}</p>
            <button type="button" class="button" on:click=turn_off>{m.reminders_turn_off}</button>
        }
        .into_any(),
        State::Unreachable => view! { <p class="quiet">{m.withdraw_failed}</p> }.into_any(),
        State::Cannot(why) => {
            let said = match why {
                Support::NeedsHomeScreen => m.reminders_home_screen,
                Support::Blocked => m.reminders_blocked,
                _ => m.reminders_unsupported,
            };
            view! { <p class="quiet">{said}</p> }.into_any()
        }
    };
    view! {
        <section class="card reminders" data-testid="reminders">
            <h2>{m.reminders_heading}</h2>
            <div aria-live="polite">{body}</div>
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
        </section>
    }
}
