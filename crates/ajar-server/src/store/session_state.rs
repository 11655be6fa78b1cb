//! What a session token is worth when it comes back: live, ended early for a reason the
//! person should hear, or nothing at all.

/// Why a session ended before its time. Kept on the session row until it would have
/// expired, so the phone or browser that comes back with it is told why in words
/// instead of a bare "not signed in".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndedBecause {
    /// The therapist revoked or renewed the client's link.
    LinkChanged,
    /// The therapist chose "Sign out everywhere".
    SignedOutEverywhere,
    /// The password changed (in the app or with `ajar therapist passwd`).
    PasswordChanged,
    /// `ajar therapist disable`.
    AccountDisabled,
}

impl EndedBecause {
    /// As stored, and as the `code` of the 401 that reports it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LinkChanged => ajar_core::api::LINK_CHANGED,
            Self::SignedOutEverywhere => "signed-out-everywhere",
            Self::PasswordChanged => "password-changed",
            Self::AccountDisabled => "account-disabled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::LinkChanged,
            Self::SignedOutEverywhere,
            Self::PasswordChanged,
            Self::AccountDisabled,
        ]
        .into_iter()
        .find(|b| b.as_str() == text)
    }

    /// What the person is told.
    pub fn sentence(self) -> &'static str {
        match self {
            Self::LinkChanged => {
                "Your therapist has changed your personal link, so this phone was signed out. Please ask them for the new link."
            }
            Self::SignedOutEverywhere => {
                "This session was ended from \"Signed-in devices\". Please sign in again."
            }
            Self::PasswordChanged => {
                "The password was changed, so this session ended. Please sign in with the new password."
            }
            Self::AccountDisabled => {
                "This account is disabled. Please ask whoever runs Ajar for your practice."
            }
        }
    }
}

/// A session token looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionLookup {
    /// Live: the subject (a client's or therapist's id).
    Live(i64),
    /// Ended early, and why.
    Ended(EndedBecause),
    /// Unknown, expired, idle too long, or signed out.
    Missing,
}

#[cfg(test)]
mod tests {
    use super::EndedBecause;

    #[test]
    fn every_reason_reads_back_from_what_is_stored() {
        for b in [
            EndedBecause::LinkChanged,
            EndedBecause::SignedOutEverywhere,
            EndedBecause::PasswordChanged,
            EndedBecause::AccountDisabled,
        ] {
            assert_eq!(EndedBecause::parse(b.as_str()), Some(b));
        }
        assert_eq!(EndedBecause::parse("nonsense"), None);
    }
}
