pub mod caseload;
pub mod client_checkin;
pub mod landing;
pub mod not_found;
pub mod sign_in;
