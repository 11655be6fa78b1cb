//! Ajar's browser app (Leptos, client-side rendered, compiled to WebAssembly).
//!
//! Components render and react; only `api` talks to the server and only `offline` touches
//! browser storage. `outbox_sync` is where the two meet: it sends what the phone saved.

pub mod api;
pub mod app;
pub mod client_context;
pub mod client_router;
pub mod components;
pub mod focus;
pub mod format;
pub mod messages;
pub mod offline;
pub mod outbox_sync;
pub mod pages;
pub mod push;
pub mod pwa;

pub use app::{ClientApp, TherapistApp};
