pub mod caseload;
pub mod check_in;
pub mod client_home;
pub mod client_shell;
pub mod ending_request;
pub mod landing;
pub mod not_found;
pub mod sign_in;
