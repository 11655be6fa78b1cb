//! Every client-facing string, in one catalogue per language. Adding a language is adding
//! a file beside `en.rs` and a line in [`catalogue`]. Instrument texts carry their own
//! language in ajar-core.

mod en;

pub struct Messages {
    pub lang: &'static str,
    pub app_name: &'static str,
    pub opening: &'static str,
    pub greeting: fn(&str) -> String,
    pub greeting_offline: &'static str,
    pub offline_notice: &'static str,
    pub signed_out: &'static str,
    pub saved_on_phone: &'static str,
    pub sending: &'static str,
    pub sent: &'static str,
    pub waiting: fn(usize) -> String,
    pub due_heading: &'static str,
    pub more_heading: &'static str,
    pub sent_heading: &'static str,
    pub nothing_sent_yet: &'static str,
    pub after_session: &'static str,
    pub between_sessions: &'static str,
    pub due_now: &'static str,
    pub after_each_session: &'static str,
    pub next_due: fn(&str) -> String,
    pub start: &'static str,
    pub continue_draft: &'static str,
    pub draft_age: fn(i64, i64) -> String,
    pub progress: fn(usize, usize) -> String,
    pub back: &'static str,
    pub next: &'static str,
    pub send: &'static str,
    pub optional: &'static str,
    pub please_answer: &'static str,
    pub not_found_checkin: &'static str,
    pub back_home: &'static str,
    pub thanks_heading: &'static str,
    pub thanks_body: &'static str,
    pub crisis_heading: &'static str,
    pub crisis_text: &'static str,
    pub not_watched: &'static str,
    pub forget_heading: &'static str,
    pub forget_explain: &'static str,
    pub forget_button: &'static str,
    pub forget_unsent_warning: fn(usize) -> String,
    pub forget_confirm: &'static str,
    pub forget_cancel: &'static str,
    pub forgotten: &'static str,
    pub sent_on: fn(&str, &str) -> String,
}

/// The catalogue for the phone's language, English when we have no better match.
pub fn catalogue() -> &'static Messages {
    &en::EN
}
