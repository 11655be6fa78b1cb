//! Ajar's domain, shared by the browser app and the server.
//!
//! Everything here is pure: no I/O, no clock, no randomness, no HTTP, storage or DOM.
//! It compiles for `wasm32-unknown-unknown` and for the host, so the rules that decide
//! what a valid answer is are the same on the phone and on the server.

pub mod alerts;
pub mod api;
pub mod attention;
pub mod brief;
pub mod caseload;
pub mod checkin;
pub mod crisis;
pub mod dates;
pub mod draft;
pub mod due;
pub mod ending;
pub mod episodes;
pub mod figures;
pub mod instrument;
pub mod instruments;
pub mod link;
pub mod outbox;
pub mod outcomes;
pub mod phone_json;
pub mod plan;
pub mod reminder;
pub mod response;
pub mod risk;
pub mod secret;
pub mod thresholds;

pub use checkin::{CheckInId, Rating};
pub use secret::Secret;
