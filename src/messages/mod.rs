//! Every client-facing string, in one catalogue per language. Adding a language is adding
//! a file beside `en.rs` and a line in [`catalogue`]. Instrument texts carry their own
//! language in ajar-core.

mod en;

use ajar_core::ending::{Reason, RequestStatus, TimeAnswer, Wish};
use ajar_core::outbox::Pending;

pub struct Messages {
    pub lang: &'static str,
    pub app_name: &'static str,
    pub leave_quickly: &'static str,
    pub opening: &'static str,
    pub greeting: fn(&str) -> String,
    pub greeting_offline: &'static str,
    pub offline_notice: &'static str,
    /// Offline, showing the home this phone last saw, at this time.
    pub offline_as_of: fn(&str) -> String,
    /// Offline, and this phone has never seen the client's home.
    pub offline_unknown: &'static str,
    pub signed_out: &'static str,
    /// Another tab opened a different personal link: this tab's answers wait for theirs.
    pub other_link_opened: &'static str,
    pub saved_on_phone: &'static str,
    /// The phone's storage refused a draft (full, or switched off): never "saved".
    pub not_saved_on_phone: &'static str,
    pub sending: &'static str,
    pub sent: &'static str,
    pub waiting: fn(Pending) -> String,
    pub due_heading: &'static str,
    pub more_heading: &'static str,
    /// The therapist has switched every check-in off for this client.
    pub nothing_planned: &'static str,
    pub nothing_due: &'static str,
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
    /// A check-in the server refused is back in its draft: why, until it is sent again.
    pub refused_draft: fn(&str) -> String,
    pub back: &'static str,
    pub next: &'static str,
    pub send: &'static str,
    pub optional: &'static str,
    pub please_answer: &'static str,
    pub storage_refused: &'static str,
    /// The therapist revoked or renewed the link this phone signed in with.
    pub link_changed: &'static str,
    pub keep_under: fn(usize) -> String,
    pub a_check_in: &'static str,
    pub not_found_checkin: &'static str,
    pub back_home: &'static str,
    pub thanks_heading: &'static str,
    pub thanks_body: &'static str,
    pub crisis_heading: &'static str,
    pub crisis_text: &'static str,
    pub not_watched: &'static str,
    /// Beside every box a client writes in: nobody reads it at once.
    pub text_not_watched: &'static str,
    pub forget_heading: &'static str,
    pub forget_explain: &'static str,
    pub forget_button: &'static str,
    pub forget_unsent_warning: fn(usize) -> String,
    pub forget_confirm: &'static str,
    pub forget_cancel: &'static str,
    /// Unsent answers this phone keeps for a different personal link.
    pub other_link_unsent: fn(usize) -> String,
    pub other_link_delete: &'static str,
    pub other_link_delete_confirm: &'static str,
    /// Something stored on the phone this app could not read.
    pub unreadable_kept: &'static str,
    pub unreadable_show: &'static str,
    pub unreadable_delete: &'static str,
    pub forgotten: &'static str,
    pub sent_on: fn(&str, &str) -> String,
    pub ending_entry_heading: &'static str,
    pub ending_entry_body: &'static str,
    pub ending_entry_link: &'static str,
    pub ending_title: &'static str,
    pub ending_intro: &'static str,
    pub wish_legend: &'static str,
    pub wish_label: fn(Wish) -> &'static str,
    pub reasons_legend: &'static str,
    pub reason_label: fn(Reason) -> &'static str,
    pub message_label: &'static str,
    pub times_label: &'static str,
    pub check_back_label: &'static str,
    pub send_request: &'static str,
    pub your_request: &'static str,
    pub request_status: fn(RequestStatus) -> &'static str,
    pub proposed_time: fn(&str) -> String,
    pub withdraw: &'static str,
    pub withdraw_confirm: &'static str,
    pub withdraw_yes: &'static str,
    pub withdraw_keep: &'static str,
    pub resume_accepted: &'static str,
    pub time_suits: &'static str,
    pub time_another: &'static str,
    pub time_another_label: &'static str,
    pub time_send: &'static str,
    pub time_back: &'static str,
    pub time_answered: fn(TimeAnswer, &str) -> String,
    pub withdraw_failed: &'static str,
    pub ended_heading: &'static str,
    pub ended_intro: fn(&str) -> String,
    pub ask_resume: &'static str,
    pub resume_message_label: &'static str,
    pub missed_entry_heading: &'static str,
    pub missed_entry_body: &'static str,
    pub missed_entry_link: &'static str,
    pub missed_title: &'static str,
    pub missed_intro: &'static str,
    pub missed_wish_legend: &'static str,
    pub missed_reasons_legend: &'static str,
    pub reminders_heading: &'static str,
    /// What a reminder says and when it comes, before the client turns them on.
    pub reminders_explain: &'static str,
    pub reminders_turn_on: &'static str,
    pub reminders_on: &'static str,
    pub reminders_turn_off: &'static str,
    /// An iPhone or iPad in the browser: how to put Ajar on the home screen first.
    pub reminders_home_screen: &'static str,
    pub reminders_blocked: &'static str,
    pub reminders_unsupported: &'static str,
    pub reminders_failed: &'static str,
}

/// The catalogue for the phone's language, English when we have no better match.
pub fn catalogue() -> &'static Messages {
    &en::EN
}
