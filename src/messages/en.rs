use super::Messages;
use ajar_core::ending::{Reason, RequestStatus, TimeAnswer, Wish};

pub const EN: Messages = Messages {
    lang: "en",
    app_name: "Ajar",
    leave_quickly: "Leave quickly",
    opening: "Opening your check-ins…",
    greeting: |therapist| format!("Your check-ins with {therapist}"),
    greeting_offline: "Your check-ins",
    offline_notice: "You're offline. You can still answer: everything is saved on this phone and sent when you're back online.",
    offline_as_of: |when| {
        format!("What you see below is as of {when}, the last time this phone was online.")
    },
    offline_unknown: "This phone has not been online with your link yet, so it cannot tell what you have sent or what is due. You can still answer any check-in.",
    signed_out: "This phone is not signed in. Please open the personal link your therapist gave you.",
    other_link_opened: "A different personal link was opened on this phone, so the answers on this page were not sent. They are kept on this phone and go when their own link is opened again.",
    saved_on_phone: "Saved on this phone",
    not_saved_on_phone: "Not saved: this phone would not store your answers, so they are only on this screen. If you close this page, they will be lost.",
    sending: "Sending…",
    sent: "Sent",
    waiting: |p| {
        let check_ins = match p.check_ins {
            0 => None,
            1 => Some("1 check-in".to_owned()),
            n => Some(format!("{n} check-ins")),
        };
        let requests = match p.requests {
            0 => None,
            1 => Some("your request".to_owned()),
            n => Some(format!("{n} requests")),
        };
        let what = match (check_ins, requests) {
            (Some(c), Some(r)) => format!("{c} and {r}"),
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) => "nothing".to_owned(),
        };
        format!("Waiting for a connection — {what} will be sent")
    },
    due_heading: "Ready for you",
    more_heading: "Also available",
    nothing_planned: "There are no check-ins for you at the moment. You can still tell your therapist how therapy is going, below.",
    nothing_due: "Nothing is due right now.",
    sent_heading: "What you've sent",
    nothing_sent_yet: "Nothing sent yet.",
    after_session: "After a session",
    between_sessions: "Between sessions",
    due_now: "Due now",
    after_each_session: "Whenever you've had a session",
    next_due: |date| format!("Next due {date}, but you can answer any time"),
    start: "Start",
    continue_draft: "Continue",
    draft_age: |started_days, days_left| {
        let started = match started_days {
            0 => "Started today".to_owned(),
            1 => "Started yesterday".to_owned(),
            d => format!("Started {d} days ago"),
        };
        let left = match days_left {
            1 => "kept on this phone for 1 more day".to_owned(),
            d => format!("kept on this phone for {d} more days"),
        };
        format!("{started} · {left}")
    },
    progress: |at, of| format!("Question {at} of {of}"),
    refused_draft: |why| {
        format!(
            "These answers were sent but not accepted: {why} They are kept here; please check them and send again."
        )
    },
    back: "Back",
    next: "Next",
    send: "Send",
    optional: "(optional)",
    please_answer: "Please choose an answer to go on.",
    link_changed: "Your therapist has changed your personal link, so this phone was signed out. Your answers that were not sent yet are still kept on this phone. Please ask your therapist for the new link.",
    storage_refused: "This phone would not store your answers, so they are still here. Please try Send again.",
    keep_under: |max| format!("Please keep this under {max} characters."),
    a_check_in: "Check-in",
    not_found_checkin: "There is no such check-in.",
    back_home: "Back to your check-ins",
    thanks_heading: "Thank you",
    thanks_body: "Your answers are with your therapist now. They read them when they are working, not straight away.",
    crisis_heading: "If you are thinking about hurting yourself",
    crisis_text: "Please reach out now. If you are in danger, call your local emergency number (112 in Europe, 911 in the US and Canada, 999 in the UK) or go to the nearest emergency department. If it is not an emergency but you need to talk to someone now: in the UK and Ireland, Samaritans answer free on 116 123, day and night; in the US, call or text 988. If you can, tell someone you trust how you are feeling.",
    not_watched: "Your therapist will read your answers, but not straight away: answers in Ajar are not watched around the clock.",
    text_not_watched: "Your therapist reads this later, not straight away. If you need help now, call your local emergency number.",
    forget_heading: "Shared phone?",
    forget_explain: "Remove your check-ins, drafts and sign-in from this phone. Your therapist keeps what you have already sent.",
    forget_button: "Forget this phone",
    forget_unsent_warning: |n| match n {
        1 => "1 check-in has not been sent yet and will be lost.".into(),
        n => format!("{n} check-ins have not been sent yet and will be lost."),
    },
    forget_confirm: "Yes, forget this phone",
    forget_cancel: "Keep everything",
    other_link_unsent: |n| {
        let what = if n == 1 {
            "1 answer".to_owned()
        } else {
            format!("{n} answers")
        };
        format!(
            "This phone also holds {what} written with a different personal link. They have not been sent, and they will not be sent with this link. If they are yours, open the link you wrote them with."
        )
    },
    other_link_delete: "Delete them from this phone",
    other_link_delete_confirm: "Yes, delete them",
    unreadable_kept: "Something saved on this phone could not be read by this version of Ajar. It has been kept aside and has not been sent.",
    unreadable_show: "Show what was kept",
    unreadable_delete: "Delete it",
    forgotten: "This phone has forgotten everything. To answer again, open your personal link.",
    sent_on: |title, date| format!("{title} · {date}"),
    ending_entry_heading: "Thinking about ending, or a break?",
    ending_entry_body: "It's fine to say so, and better than just stopping. You can ask for one last session to wrap up, a break, or simply to talk about how therapy is going.",
    ending_entry_link: "Talk about ending",
    ending_title: "Ending, a break, or a change",
    ending_intro: "There are no wrong answers here. This goes to your therapist, who reads it the next time they are working. Only the first question needs an answer.",
    wish_legend: "What would you like?",
    wish_label: |wish| match wish {
        Wish::FinalSession => "One last session to wrap up",
        Wish::Break => "A break, and to check back later",
        Wish::StopWithoutSession => "To stop without a final session",
        Wish::Referral => "A referral to someone else",
        Wish::TalkAboutIt => "I'm not sure this is working — I'd like to talk about it",
        Wish::Resume => "To start again",
        Wish::MissedRebook => "I missed my session and I'd like to rebook",
        Wish::MissedBreak => "I missed my session and I need a break",
        Wish::MissedUnsure => "I missed my session and I'm not sure I want to continue",
    },
    reasons_legend: "Anything behind it? (optional, choose any)",
    reason_label: |reason| match reason {
        Reason::FeelingBetter => "Feeling better",
        Reason::NotTheRightFit => "Not the right fit",
        Reason::Cost => "Cost",
        Reason::TimeOrSchedule => "Time or schedule",
        Reason::TooMuchRightNow => "Too much right now",
        Reason::SomethingInASession => "Something that happened in a session",
        Reason::PreferNotToSay => "Prefer not to say",
        Reason::Forgot => "I forgot",
        Reason::Unwell => "I wasn't well",
        Reason::SomethingCameUp => "Something came up",
        Reason::HardToCome => "It felt hard to come",
    },
    message_label: "Anything you'd like to say?",
    times_label: "Times that would suit you",
    check_back_label: "When should we check back?",
    send_request: "Send to my therapist",
    your_request: "Your request",
    request_status: |status| match status {
        RequestStatus::Sent => "Sent. Your therapist hasn't read it yet.",
        RequestStatus::Seen => "Seen by your therapist.",
        RequestStatus::Answered => "Your therapist has answered.",
        RequestStatus::Closed => "Your therapist has closed this request.",
        RequestStatus::Withdrawn => "You withdrew this request.",
    },
    proposed_time: |time| format!("Proposed time: {time}"),
    withdraw: "Withdraw this request",
    withdraw_confirm: "Withdraw it? Your therapist will see that you withdrew it.",
    withdraw_yes: "Yes, withdraw it",
    withdraw_keep: "No, keep it",
    resume_accepted: "Your therapist said yes: your therapy is open again. Your check-ins are below.",
    time_suits: "That time suits me",
    time_another: "Suggest another time",
    time_another_label: "Which times would suit you instead?",
    time_send: "Send",
    time_back: "Back",
    time_answered: |answer, suggestion| match answer {
        TimeAnswer::Suits => "You said that time suits you.".to_owned(),
        TimeAnswer::Another => format!("You suggested: {suggestion}"),
    },
    withdraw_failed: "This needs a connection. Please try again when you're online.",
    ended_heading: "Goodbye for now",
    ended_intro: |therapist| format!("Your therapy with {therapist} has ended."),
    ask_resume: "Ask to start again",
    resume_message_label: "Anything you'd like to say?",
    missed_entry_heading: "Missed a session?",
    missed_entry_body: "It happens, and you don't need to explain. Let your therapist know, and say what you'd like next.",
    missed_entry_link: "I missed my session",
    missed_title: "I missed my session",
    missed_intro: "Thank you for letting your therapist know. There's nothing to apologise for. This goes to your therapist, who reads it the next time they are working. Only the first question needs an answer.",
    missed_wish_legend: "What would you like now?",
    missed_reasons_legend: "If you'd like to say why (optional, choose any)",
    reminders_heading: "Reminders",
    reminders_explain: "This phone can remind you when a check-in is due: at most once a day, never at night. The reminder only says \u{201c}You have a check-in waiting\u{201d}, so nobody who sees your screen learns more.",
    reminders_turn_on: "Remind me on this phone when a check-in is due",
    reminders_on: "Reminders are on for this phone.",
    reminders_turn_off: "Turn reminders off",
    reminders_home_screen: "On an iPhone or iPad, reminders work once Ajar is on your home screen: tap the Share button, choose \u{201c}Add to Home Screen\u{201d}, then open Ajar from there and come back here.",
    reminders_blocked: "Notifications are turned off for this site in your browser's settings. To get reminders, allow notifications for this site there, then come back here.",
    reminders_unsupported: "This browser cannot show reminders.",
    reminders_failed: "Reminders could not be turned on just now. Please try again when you're online.",
};

#[cfg(test)]
mod tests {
    use super::EN;
    use ajar_core::outbox::Pending;

    #[test]
    fn waiting_names_what_will_be_sent() {
        let say = |check_ins, requests| {
            (EN.waiting)(Pending {
                check_ins,
                requests,
            })
        };
        assert_eq!(
            say(1, 0),
            "Waiting for a connection — 1 check-in will be sent"
        );
        assert_eq!(
            say(2, 0),
            "Waiting for a connection — 2 check-ins will be sent"
        );
        assert_eq!(
            say(0, 1),
            "Waiting for a connection — your request will be sent"
        );
        assert_eq!(
            say(2, 1),
            "Waiting for a connection — 2 check-ins and your request will be sent"
        );
    }
}
