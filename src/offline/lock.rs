//! The phone's storage lock: the Web Locks API (`navigator.locks`), so a read-modify-write
//! of the outbox in one tab never interleaves with another tab's and drops its item.
//!
//! Called through `Reflect` because web-sys marks `LockManager` unstable. Where the
//! browser has no Web Locks (older browsers, and plain-http addresses, which are not a
//! secure context) the work runs at once: one tab is as safe as ever, and two tabs fall
//! back to the same-id rule that keeps a check-in from being stored twice.

use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Held around every change to drafts and the outbox.
pub const STORAGE: &str = "ajar.storage";
/// Held by the one tab that sends, so two tabs never post the same item at once.
pub const SENDING: &str = "ajar.sending";

fn request() -> Option<(JsValue, Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    Some((locks, request))
}

/// Runs `work` (synchronous storage work) holding lock `name`.
pub async fn with<T: 'static>(name: &str, work: impl FnOnce() -> T + 'static) -> T {
    let out = Rc::new(RefCell::new(None));
    let slot = out.clone();
    held(name, Box::new(move || *slot.borrow_mut() = Some(work()))).await;
    out.borrow_mut().take().expect("the locked work ran")
}

/// [`with`] for one boxed piece of work: the JavaScript glue exists once in the phone's
/// download, not once per caller.
async fn held(name: &str, work: Box<dyn FnOnce()>) {
    let work = Rc::new(RefCell::new(Some(work)));
    if let Some((locks, request)) = request() {
        let w = work.clone();
        let callback = Closure::once_into_js(move |_lock: JsValue| {
            if let Some(f) = w.borrow_mut().take() {
                f();
            }
        });
        if let Ok(p) = request.call2(&locks, &name.into(), &callback)
            && let Ok(p) = p.dyn_into::<Promise>()
        {
            let _ = JsFuture::from(p).await;
        }
    }
    // No Web Locks, or the request failed before the work ran: run it now.
    let left = work.borrow_mut().take();
    if let Some(f) = left {
        f();
    }
}

/// Runs the future holding lock `name` if no other tab holds it; `false` (nothing run)
/// if one does. Without Web Locks it always runs.
pub async fn if_free(name: &str, work: impl Future<Output = ()> + 'static) -> bool {
    if_free_boxed(name, Box::pin(work)).await
}

async fn if_free_boxed(name: &str, work: std::pin::Pin<Box<dyn Future<Output = ()>>>) -> bool {
    let Some((locks, request)) = request() else {
        work.await;
        return true;
    };
    let work = Rc::new(RefCell::new(Some(work)));
    let ran = Rc::new(RefCell::new(false));
    let (w, r) = (work.clone(), ran.clone());
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let Some(f) = w.borrow_mut().take().filter(|_| !lock.is_null()) else {
            return JsValue::UNDEFINED;
        };
        *r.borrow_mut() = true;
        wasm_bindgen_futures::future_to_promise(async move {
            f.await;
            Ok(JsValue::UNDEFINED)
        })
        .into()
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &true.into());
    match request.call3(&locks, &name.into(), &options, &callback) {
        Ok(p) => {
            if let Ok(p) = p.dyn_into::<Promise>() {
                let _ = JsFuture::from(p).await;
            }
        }
        Err(_) => {
            let left = work.borrow_mut().take();
            if let Some(f) = left {
                f.await;
                return true;
            }
        }
    }
    *ran.borrow()
}
