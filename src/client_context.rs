//! What the client's pages share: whether and how this phone reaches the server
//! ([`Access`]), the outbox's sender, and what the phone holds for another link. The
//! shell provides one [`ClientContext`]; the pages only read it, so no page imports
//! another.

use crate::api::{self, ApiFailure};
use crate::messages::catalogue;
use crate::offline;
use crate::outbox_sync::OutboxSync;
use ajar_core::api::ClientHome;
use ajar_core::link;
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
    /// A context for a phone that has not reached the server yet.
    pub fn new() -> Self {
        ClientContext {
            access: RwSignal::new(Access::Connecting),
            others_unsent: RwSignal::new(0),
            quarantined: RwSignal::new(offline::quarantined().len()),
            sync: OutboxSync::new(),
            attempts: StoredValue::new(0),
        }
    }

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

impl Default for ClientContext {
    fn default() -> Self {
        Self::new()
    }
}

/// Ends the session a "Forget this phone" without signal left open, before anything else
/// is asked of the server.
pub async fn finish_forgetting() -> Result<(), ApiFailure> {
    if offline::sign_out_pending() {
        api::client_sign_out().await?;
        offline::clear_sign_out_pending();
    }
    Ok(())
}

pub fn link_token() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    link::token_from_fragment(&hash).map(str::to_owned)
}

/// The token has done its job; keep it out of the history, screenshots and shared URLs.
fn forget_token_in_address_bar() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(link::CLIENT_PATH));
    }
}
