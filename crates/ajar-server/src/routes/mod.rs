//! The JSON API under `/api/v1`, one module per kind of caller.

pub mod account;
pub mod client;
pub mod client_page;
pub mod clients;
pub mod devices;
pub mod exports;
pub mod reminders;
pub mod risk;
pub mod therapist;
