//! The client's bundle (`index.html`): only mounts.

fn main() {
    console_error_panic_hook::set_once();
    ajar_app::pwa::register_service_worker();
    leptos::mount::mount_to_body(ajar_app::ClientApp);
}
