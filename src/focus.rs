//! Moving the keyboard (and a screen reader) to what a tap just opened, so nobody is
//! left on a control that is gone.

use leptos::prelude::*;

/// Moves the keyboard to the first element matching `selector`, once it is drawn.
pub fn focus(selector: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    });
}
