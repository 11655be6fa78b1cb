//! `/c` and below: the client's side. Opened from the personal link (`/c#t=…`), it trades
//! the token for a session cookie, removes it from the address bar, and provides the
//! [`ClientContext`] the client pages share. Drafts work before (and without) a connection.

use crate::api::{self, ApiFailure};
use crate::client_router::{ClientRoute, use_route};
use crate::components::leave_quickly::LeaveQuickly;
use crate::messages::catalogue;
use crate::offline;
use crate::outbox_sync::OutboxSync;
use crate::pages::check_in::CheckIn;
use crate::pages::client_home::ClientHome;
use crate::pages::ending_request::EndingRequest;
use ajar_core::api::ClientHome;
use ajar_core::link;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq)]
pub enum Access {
    Connecting,
    Ready(ClientHome),
    /// No answer from the server yet: drafts still work and wait in the outbox.
    Offline,
    /// The link is wrong or the phone is signed out; the message says what to do.
    Refused(String),
    /// "Forget this phone" was used.
    Forgotten,
}

/// What the shell shows, without the data: see `shown` in [`ClientShell`].
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Connecting,
    Refused(String),
    Forgotten,
    Pages,
}

#[derive(Clone, Copy)]
pub struct ClientContext {
    pub access: RwSignal<Access>,
    pub sync: OutboxSync,
    /// Unsent answers this phone keeps for another client's link (never sent with this
    /// one); the home page asks the client what to do with them.
    pub others_unsent: RwSignal<usize>,
    /// Stored values this app could not read, kept aside.
    pub quarantined: RwSignal<usize>,
    /// Failed attempts to reach the server since the last success, for backoff.
    attempts: StoredValue<u32>,
}

/// Longest wait between two attempts to reach the server when the browser believes it is
/// online (a server down, a captive portal) and so never fires `online`.
const MAX_RECONNECT: std::time::Duration = std::time::Duration::from_secs(60);

impl ClientContext {
    /// Asks the server who this phone is, trading a link token first if the address has
    /// one, then sends whatever waits in the outbox.
    pub fn connect(self) {
        spawn_local(async move {
            let token = link_token();
            let result = match finish_forgetting().await {
                Err(failure) => Err(failure),
                Ok(()) => match token.clone() {
                    Some(token) => {
                        offline::space::unconfirm();
                        let r = api::exchange_link(&token).await;
                        if r.is_ok() {
                            forget_token_in_address_bar();
                        }
                        r
                    }
                    None => api::client_home().await,
                },
            };
            self.access.set(match result {
                Ok((home, text)) => {
                    // Now the phone knows whose answers it holds: file them, then send.
                    offline::space::confirm(&home.phone_ref, token.as_deref());
                    self.others_unsent.set(offline::space::others_unsent());
                    self.quarantined.set(offline::quarantined().len());
                    offline::remember(&home, &text);
                    self.attempts.set_value(0);
                    self.sync.flush();
                    Access::Ready(home)
                }
                Err(f) if f.is_retryable() => {
                    let attempts = self.attempts.get_value().saturating_add(1);
                    self.attempts.set_value(attempts);
                    let delay =
                        std::time::Duration::from_secs(2u64 << attempts.min(5)).min(MAX_RECONNECT);
                    set_timeout(move || self.connect(), delay);
                    Access::Offline
                }
                Err(f @ ApiFailure::SignedOut { .. }) => Access::Refused(
                    if f.code() == Some(ajar_core::api::LINK_CHANGED) {
                        catalogue().link_changed
                    } else {
                        catalogue().signed_out
                    }
                    .into(),
                ),
                Err(f) => Access::Refused(f.message()),
            });
        });
    }
}

impl ClientContext {
    /// Re-reads the client's home (after a send, a withdrawal…), keeping the page as it
    /// is when the server cannot be reached.
    pub fn refresh(self) {
        spawn_local(async move {
            if let Ok((home, text)) = api::client_home().await {
                offline::remember(&home, &text);
                self.access.set(Access::Ready(home));
            }
        });
    }
}

#[component]
pub fn ClientShell() -> impl IntoView {
    // Which client's drafts and outbox to use, until the server says (see `space.rs`).
    offline::space::open(link_token().as_deref());
    let context = ClientContext {
        access: RwSignal::new(Access::Connecting),
        others_unsent: RwSignal::new(0),
        quarantined: RwSignal::new(offline::quarantined().len()),
        sync: OutboxSync::new(),
        attempts: StoredValue::new(0),
    };
    provide_context(context);
    context.connect();
    // After each confirmed send, read again what the server now holds.
    Effect::new(move |first: Option<()>| {
        context.sync.confirmed.track();
        if first.is_some() {
            context.refresh();
        }
    });
    let online = window_event_listener(ev::online, move |_| match context.access.get_untracked() {
        Access::Ready(_) => context.sync.flush(),
        Access::Forgotten => spawn_local(async {
            let _ = finish_forgetting().await;
        }),
        _ => context.connect(),
    });
    // A new link pasted into this tab changes only the address's fragment, which loads
    // nothing: start again from it as if it had been opened afresh.
    let new_link = window_event_listener(ev::hashchange, move |_| {
        if link_token().is_some() {
            let _ = window().location().reload();
        }
    });
    on_cleanup(move || {
        online.remove();
        new_link.remove();
    });

    // What is on screen changes only with the kind of access: going from offline to
    // online, or a fresh read of the home, must not rebuild the page and lose what the
    // client was doing (an open confirmation, a half-typed message).
    let shown = Memo::new(move |_| match context.access.get() {
        Access::Connecting => Shown::Connecting,
        Access::Refused(m) => Shown::Refused(m),
        Access::Forgotten => Shown::Forgotten,
        Access::Ready(_) | Access::Offline => Shown::Pages,
    });
    let m = catalogue();
    view! {
        <LeaveQuickly/>
        <main class="page client">
            {move || match shown.get() {
                Shown::Connecting => view! { <p class="quiet">{m.opening}</p> }.into_any(),
                Shown::Refused(message) => view! {
                    <h1>{m.app_name}</h1>
                    <p class="problem" role="alert">{message}</p>
                }.into_any(),
                Shown::Forgotten => view! {
                    <h1>{m.app_name}</h1>
                    <p role="status">{m.forgotten}</p>
                }.into_any(),
                Shown::Pages => view! { <ShellPage/> }.into_any(),
            }}
        </main>
    }
}

/// Ends the session a "Forget this phone" without signal left open, before anything else
/// is asked of the server.
async fn finish_forgetting() -> Result<(), ApiFailure> {
    if offline::sign_out_pending() {
        api::client_sign_out().await?;
        offline::clear_sign_out_pending();
    }
    Ok(())
}

fn link_token() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    link::token_from_fragment(&hash).map(str::to_owned)
}

/// The token has done its job; keep it out of the history, screenshots and shared URLs.
fn forget_token_in_address_bar() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(link::CLIENT_PATH));
    }
}

/// The page inside the shell the address names.
#[component]
fn ShellPage() -> impl IntoView {
    let route = use_route();
    // Each page its own title, so a screen reader and the tab switcher say where one is.
    Effect::new(move |_| {
        let m = catalogue();
        let page = match route.get() {
            ClientRoute::Ending => m.ending_title.to_owned(),
            ClientRoute::CheckIn(id) => ajar_core::instruments::latest(&id)
                .map_or(m.a_check_in, |i| i.title)
                .to_owned(),
            _ => m.greeting_offline.to_owned(),
        };
        if let Some(d) = window().document() {
            d.set_title(&format!("{page} · {}", m.app_name));
        }
    });
    move || match route.get() {
        ClientRoute::Ending => view! { <EndingRequest/> }.into_any(),
        ClientRoute::CheckIn(id) => view! { <CheckIn id/> }.into_any(),
        _ => view! { <ClientHome/> }.into_any(),
    }
}
