//! "I missed my session": the client says so from the home page, without having to
//! explain, and chooses what they would like next (a new time, a break, or that they are
//! not sure they want to continue). It reaches the therapist as an open request; these
//! replies keep the door open, for the therapist to choose from and change.

use super::Wish;

/// Replies a therapist can start from, for a request of this wish (none for the others).
pub fn suggested_replies(wish: Wish) -> &'static [&'static str] {
    match wish {
        Wish::MissedRebook => &[
            "Thank you for letting me know, that happens. Here is a time I could see you:",
            "No problem at all. Which days and times would work for you this week?",
        ],
        Wish::MissedBreak => &[
            "Thank you for telling me. A break is fine, and the door stays open: message me here whenever you'd like to come back.",
            "That's okay. Shall I check in with you in a few weeks, or would you rather get in touch when you're ready?",
        ],
        Wish::MissedUnsure => &[
            "Thank you for telling me, it's okay to feel unsure. Would you like one session to talk it over, with no pressure to go on?",
            "I'm glad you told me. Whatever you decide is fine; if it would help, we could talk about what isn't working.",
        ],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_missed_wish_has_door_open_replies_and_the_others_none() {
        for wish in Wish::MISSED {
            assert!(wish.is_missed());
            let replies = suggested_replies(wish);
            assert_eq!(replies.len(), 2, "{wish:?}");
            for r in replies {
                assert!(
                    !r.to_lowercase().contains("why did"),
                    "no reply asks why: {r}"
                );
            }
        }
        for wish in Wish::ENDING {
            assert!(!wish.is_missed());
            assert!(suggested_replies(wish).is_empty());
        }
    }
}
