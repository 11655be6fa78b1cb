//! The client's bundle (`index.html`): only mounts.

fn main() {
    // Panic messages in the console help while developing; on a phone nobody reads them,
    // and their formatting is 0.9 KiB of the download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    ajar_app::pwa::register_service_worker();
    leptos::mount::mount_to_body(ajar_app::ClientApp);
}
