//! How a change on the caseload page asks for the caseload again: every card's buttons
//! share one counter the page watches, so no card keeps its own copy of the rows.

use crate::api::ApiFailure;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Bumped after every change, so the caseload is read again from the server.
#[derive(Clone, Copy)]
pub struct Reload(pub RwSignal<u32>);

impl Reload {
    pub fn now(self) {
        self.0.update(|n| *n += 1);
    }
}

/// Runs a change against the server, then reloads the caseload or shows why it failed.
pub fn act<F>(reload: Reload, problem: RwSignal<Option<String>>, change: F)
where
    F: std::future::Future<Output = Result<(), ApiFailure>> + 'static,
{
    spawn_local(async move {
        match change.await {
            Ok(()) => {
                problem.set(None);
                reload.now();
            }
            Err(f) => problem.set(Some(f.message())),
        }
    });
}
