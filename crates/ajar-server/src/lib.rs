//! Ajar's server: the JSON API, storage and sign-in, and the built app's files.

pub mod app;
pub mod audit;
pub mod audit_words;
pub mod auth;
pub mod cli;
pub mod client_addr;
pub mod clock;
pub mod commands;
pub mod csp;
pub mod demo;
pub mod error;
pub mod export;
pub mod json_body;
pub mod listen;
pub mod mfa;
pub mod openapi;
pub mod password_checks;
pub mod qr;
pub mod rate_limit;
pub mod reminders;
pub mod routes;
pub mod run_to_completion;
pub mod session;
pub mod store;
pub mod throttle;
