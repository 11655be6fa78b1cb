//! What the therapist's browser remembers between visits: only how the caseload is
//! shown. Nothing about a client is kept here.

use gloo_storage::{LocalStorage, Storage};

const CASELOAD_AS_LIST_KEY: &str = "ajar.therapist.caseload-as-list";

/// Whether the caseload was last shown as the compact list rather than cards.
pub fn caseload_as_list() -> bool {
    LocalStorage::raw()
        .get_item(CASELOAD_AS_LIST_KEY)
        .ok()
        .flatten()
        .is_some_and(|v| v == "1")
}

pub fn set_caseload_as_list(list: bool) {
    let _ = LocalStorage::raw().set_item(CASELOAD_AS_LIST_KEY, if list { "1" } else { "0" });
}
