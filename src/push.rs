//! The browser's side of reminders: whether this phone can have them, asking for the
//! permission, and the push subscription the service worker receives them on.
//!
//! Called through `Reflect` (as `offline/lock.rs` is): the few calls do not need
//! web-sys's Push and Notification bindings, which would add to every phone's download.

use ajar_core::reminder::Subscribe;
use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// What this phone allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Reminders can be turned on here.
    Available,
    /// An iPhone or iPad: only once Ajar is on the home screen and opened from there.
    NeedsHomeScreen,
    /// The person (or the browser's settings) has refused notifications for this site.
    Blocked,
    /// No push in this browser (or not a secure address).
    Unsupported,
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn present(value: &JsValue) -> bool {
    !value.is_undefined() && !value.is_null()
}

/// Calls `target.name(...args)` and waits for the promise it returns.
async fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(target, name).dyn_into()?;
    let array = args.iter().collect::<js_sys::Array>();
    let promise: Promise = f.apply(target, &array)?.dyn_into()?;
    JsFuture::from(promise).await
}

fn is_ios(window: &web_sys::Window) -> bool {
    let navigator = window.navigator();
    let agent = navigator.user_agent().unwrap_or_default();
    // iPadOS says "Macintosh", but a Mac has no touch screen.
    let touch_mac = agent.contains("Macintosh")
        && get(&navigator, "maxTouchPoints")
            .as_f64()
            .is_some_and(|n| n > 1.0);
    agent.contains("iPhone") || agent.contains("iPad") || touch_mac
}

pub fn support() -> Support {
    let Some(window) = web_sys::window() else {
        return Support::Unsupported;
    };
    if !present(&get(&window, "PushManager")) || !present(&get(&window, "Notification")) {
        return if is_ios(&window) {
            Support::NeedsHomeScreen
        } else {
            Support::Unsupported
        };
    }
    if !present(&get(&window.navigator(), "serviceWorker")) {
        return Support::Unsupported;
    }
    match get(&get(&window, "Notification"), "permission").as_string() {
        Some(p) if p == "denied" => Support::Blocked,
        _ => Support::Available,
    }
}

async fn push_manager() -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let container = get(&window.navigator(), "serviceWorker");
    let registration: JsValue = JsFuture::from(Promise::resolve(&get(&container, "ready"))).await?;
    Ok(get(&registration, "pushManager"))
}

/// A base64url text as bytes, for `applicationServerKey`.
fn bytes_of(base64url: &str) -> Result<Uint8Array, JsValue> {
    let mut standard: String = base64url
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while !standard.len().is_multiple_of(4) {
        standard.push('=');
    }
    let binary = web_sys::window().ok_or(JsValue::NULL)?.atob(&standard)?;
    Ok(binary
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(0))
        .collect::<Vec<u8>>()
        .as_slice()
        .into())
}

/// How the phone's clock differs from UTC now, east positive.
fn utc_offset_minutes() -> i32 {
    let west = js_sys::Date::new_0().get_timezone_offset();
    -(west as i32)
}

fn subscription_of(sub: &JsValue) -> Option<Subscribe> {
    let to_json: Function = get(sub, "toJSON").dyn_into().ok()?;
    let json = to_json.call0(sub).ok()?;
    let keys = get(&json, "keys");
    Some(Subscribe {
        endpoint: get(&json, "endpoint").as_string()?,
        p256dh: get(&keys, "p256dh").as_string()?,
        auth: get(&keys, "auth").as_string()?,
        utc_offset_minutes: utc_offset_minutes(),
    })
}

/// Asks for the permission (the browser's own question) and subscribes with the server's
/// key. `Err(Support::Blocked)` when the person said no.
pub async fn subscribe(public_key: &str) -> Result<Subscribe, Support> {
    let window = web_sys::window().ok_or(Support::Unsupported)?;
    let notification = get(&window, "Notification");
    let answer = call(&notification, "requestPermission", &[])
        .await
        .ok()
        .and_then(|a| a.as_string());
    if answer.as_deref() != Some("granted") {
        return Err(Support::Blocked);
    }
    let manager = push_manager().await.map_err(|_| Support::Unsupported)?;
    let options = Object::new();
    let key = bytes_of(public_key).map_err(|_| Support::Unsupported)?;
    let _ = Reflect::set(&options, &"userVisibleOnly".into(), &JsValue::TRUE);
    let _ = Reflect::set(&options, &"applicationServerKey".into(), &key);
    let sub = call(&manager, "subscribe", &[options.into()])
        .await
        .map_err(|_| Support::Unsupported)?;
    subscription_of(&sub).ok_or(Support::Unsupported)
}

/// The subscription this browser holds, if any (with the clock's offset as of now).
pub async fn current() -> Option<Subscribe> {
    if support() != Support::Available {
        return None;
    }
    let manager = push_manager().await.ok()?;
    let sub = call(&manager, "getSubscription", &[]).await.ok()?;
    present(&sub).then(|| subscription_of(&sub)).flatten()
}

/// Ends this browser's subscription, if it has one.
pub async fn unsubscribe() {
    if support() == Support::Unsupported {
        return;
    }
    let Ok(manager) = push_manager().await else {
        return;
    };
    if let Ok(sub) = call(&manager, "getSubscription", &[]).await
        && present(&sub)
    {
        let _ = call(&sub, "unsubscribe", &[]).await;
    }
}
