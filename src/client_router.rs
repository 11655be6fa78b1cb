//! The client bundle's routing, written by hand: `/`, `/c`, `/c/ending`, `/c/missed` and
//! `/c/<check-in>`, nothing else. leptos_router (which the therapist's bundle uses) costs
//! a phone about 58 KiB of gzipped WebAssembly (measured: the landing page alone built
//! with and without it, 85 vs 27 KiB), a quarter of the client's whole download, for five
//! fixed paths.
//!
//! A click on an in-app link (`<a href="/…">` without `rel="external"`, a target or a
//! modifier key) becomes a `pushState`; the back button is the `popstate` event.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientRoute {
    Landing,
    Home,
    Ending,
    /// "I missed my session".
    Missed,
    /// One check-in, by the instrument's id (unknown ids are the page's to explain).
    CheckIn(String),
    NotFound,
}

impl ClientRoute {
    pub fn parse(path: &str) -> Self {
        let path = path.trim_end_matches('/');
        match path {
            "" => Self::Landing,
            "/c" => Self::Home,
            "/c/ending" => Self::Ending,
            "/c/missed" => Self::Missed,
            _ => match path.strip_prefix("/c/") {
                Some(id) if !id.contains('/') => Self::CheckIn(id.to_owned()),
                _ => Self::NotFound,
            },
        }
    }

    /// The pages that live inside the client's shell (signed in, outbox running).
    pub fn in_shell(&self) -> bool {
        matches!(
            self,
            Self::Home | Self::Ending | Self::Missed | Self::CheckIn(_)
        )
    }
}

/// The current route, provided by [`provide_client_router`].
pub fn use_route() -> ReadSignal<ClientRoute> {
    expect_context::<RwSignal<ClientRoute>>().read_only()
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// Starts routing: reads the address, follows in-app links (and the back button, for
/// entries made before this page started).
pub fn provide_client_router() -> ReadSignal<ClientRoute> {
    let route = RwSignal::new(ClientRoute::parse(&current_path()));
    provide_context(route);
    let back = window_event_listener(ev::popstate, move |_| {
        route.set(ClientRoute::parse(&current_path()));
    });
    let clicks = window_event_listener(ev::click, move |e| {
        if let Some(path) = in_app_link(&e) {
            e.prevent_default();
            go(route, &path);
        }
    });
    on_cleanup(move || {
        back.remove();
        clicks.remove();
    });
    route.read_only()
}

/// Goes to in-app paths, as following a link there would. Taken while the component is
/// built (context is read then), used later from event handlers.
#[derive(Clone, Copy)]
pub struct Navigate(RwSignal<ClientRoute>);

impl Navigate {
    pub fn to(self, path: &str) {
        go(self.0, path);
    }
}

pub fn use_navigate() -> Navigate {
    Navigate(expect_context::<RwSignal<ClientRoute>>())
}

/// Replaces the history entry rather than adding one: the client's side keeps exactly
/// one entry in the phone's history, so "Leave quickly" (which replaces that one) leaves
/// nothing of Ajar behind the Back button on a shared phone. Every page has its own way
/// back to the check-ins.
fn go(route: RwSignal<ClientRoute>, path: &str) {
    let window = window();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
    window.scroll_to_with_x_and_y(0.0, 0.0);
    route.set(ClientRoute::parse(path));
}

/// The path of the link this click follows, when it is the app's to handle.
fn in_app_link(e: &web_sys::MouseEvent) -> Option<String> {
    if e.default_prevented()
        || e.button() != 0
        || e.meta_key()
        || e.ctrl_key()
        || e.shift_key()
        || e.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = e.target()?.dyn_into().ok()?;
    let link = target.closest("a[href]").ok()??;
    let external = link
        .get_attribute("rel")
        .is_some_and(|rel| rel.split_whitespace().any(|r| r == "external"));
    if external || link.has_attribute("download") || link.has_attribute("target") {
        return None;
    }
    let href = link.get_attribute("href")?;
    (href.starts_with('/') && !href.starts_with("//")).then_some(href)
}

#[cfg(test)]
mod tests {
    use super::ClientRoute::*;
    use super::*;

    #[test]
    fn paths_become_routes() {
        assert_eq!(ClientRoute::parse("/"), Landing);
        assert_eq!(ClientRoute::parse("/c"), Home);
        assert_eq!(ClientRoute::parse("/c/"), Home);
        assert_eq!(ClientRoute::parse("/c/ending"), Ending);
        assert_eq!(ClientRoute::parse("/c/missed"), Missed);
        assert_eq!(ClientRoute::parse("/c/phq-9"), CheckIn("phq-9".into()));
        assert_eq!(ClientRoute::parse("/c/phq-9/x"), NotFound);
        assert_eq!(ClientRoute::parse("/nope"), NotFound);
        assert_eq!(ClientRoute::parse("/t"), NotFound);
    }

    #[test]
    fn only_the_signed_in_pages_are_in_the_shell() {
        assert!(Home.in_shell() && Ending.in_shell() && CheckIn("x".into()).in_shell());
        assert!(Missed.in_shell());
        assert!(!Landing.in_shell() && !NotFound.in_shell());
    }
}
