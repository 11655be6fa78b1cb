//! Installs the service worker (`public/sw.js`) that keeps the app on the phone.

/// Registers the service worker. Without one (old browser, private mode, plain http on a
/// LAN address) the app still works; it just needs a connection to open.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    // `serviceWorker` is missing where the page is not a secure context.
    if container.is_undefined() {
        return;
    }
    let _ = container.register("/sw.js");
}
