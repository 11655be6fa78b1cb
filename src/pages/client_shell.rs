//! `/c` and below: the client's side. Opened from the personal link (`/c#t=…`), it trades
//! the token for a session cookie, removes it from the address bar, and provides the
//! [`ClientContext`] the client pages share (`client_context.rs`). Drafts work
//! before (and without) a connection.

use crate::client_context::{Access, ClientContext, finish_forgetting, link_token};
use crate::client_router::{ClientRoute, use_route};
use crate::components::leave_quickly::LeaveQuickly;
use crate::messages::catalogue;
use crate::offline;
use crate::offline::RequestForm;
use crate::pages::check_in::CheckIn;
use crate::pages::client_home::ClientHome;
use crate::pages::ending_request::EndingRequest;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the shell shows, without the data: see `shown` in [`ClientShell`].
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Connecting,
    Refused(String),
    Forgotten,
    Pages,
}

#[component]
pub fn ClientShell() -> impl IntoView {
    // Which client's drafts and outbox to use, until the server says (see `space.rs`).
    offline::space::open(link_token().as_deref());
    let context = ClientContext::new();
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

/// The page inside the shell the address names.
#[component]
fn ShellPage() -> impl IntoView {
    let route = use_route();
    // Each page its own title, so a screen reader and the tab switcher say where one is.
    Effect::new(move |_| {
        let m = catalogue();
        let page = match route.get() {
            ClientRoute::Ending => m.ending_title.to_owned(),
            ClientRoute::Missed => m.missed_title.to_owned(),
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
        ClientRoute::Ending => view! { <EndingRequest form=RequestForm::Ending/> }.into_any(),
        ClientRoute::Missed => view! { <EndingRequest form=RequestForm::Missed/> }.into_any(),
        ClientRoute::CheckIn(id) => view! { <CheckIn id/> }.into_any(),
        _ => view! { <ClientHome/> }.into_any(),
    }
}
