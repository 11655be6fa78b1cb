pub mod rating_scale;
pub mod status_line;
