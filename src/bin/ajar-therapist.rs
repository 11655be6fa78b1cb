//! The therapist's bundle (`therapist/index.html`): only mounts. No service worker: the
//! therapist's pages are not meant to open offline.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ajar_app::TherapistApp);
}
