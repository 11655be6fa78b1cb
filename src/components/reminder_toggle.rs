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
            // Offline or refused: nothing is offered that could not be kept.
            state.set(State::Cannot(Support::Unsupported));
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
    // One paragraph and one button whose words follow the state: a branch of markup per
    // state would cost every phone's download more.
    let said = move || match state.get() {
        State::Reading | State::Working => "",
        State::Off => m.reminders_explain,
        State::On => m.reminders_on,
        State::Cannot(Support::NeedsHomeScreen) => m.reminders_home_screen,
        State::Cannot(Support::Blocked) => m.reminders_blocked,
        State::Cannot(_) => m.reminders_unsupported,
    };
    let label = move || match state.get() {
        State::On => m.reminders_turn_off,
        State::Working => m.sending,
        _ => m.reminders_turn_on,
    };
    let has_button = move || matches!(state.get(), State::Off | State::On | State::Working);
    view! {
        <section class="card reminders" data-testid="reminders">
            <h2>{m.reminders_heading}</h2>
            <div aria-live="polite">
                <p class:quiet=move || matches!(state.get(), State::Cannot(_))
                    class:strong=move || state.get() == State::On>{said}</p>
                <Show when=has_button>
                    <button type="button" class="button" disabled=move || state.get() == State::Working
                        on:click=move |e| if state.get_untracked() == State::On { turn_off(e) } else { turn_on(e) }>
                        {label}
                    </button>
                </Show>
            </div>
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
        </section>
    }
}
