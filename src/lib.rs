//! Ajar's browser app (Leptos, client-side rendered, compiled to WebAssembly).
//!
//! Components render and react; only `api` talks to the server and only `offline` touches
//! browser storage. `checkin_flow` is where the two meet the client's check-in.

pub mod api;
pub mod app;
pub mod checkin_flow;
pub mod components;
pub mod format;
pub mod offline;
pub mod pages;

pub use app::App;
