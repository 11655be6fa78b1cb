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

/// How stale `last_seen_at` may get before a request refreshes it: a write (and a disk
/// flush) on every request would cost more than a minute of precision is worth.
pub const SESSION_TOUCH_EVERY_MS: i64 = 60_000;

/// A session as a lookup reads it, on either engine (`last_seen` is `COALESCE(last_seen_at,
/// created_at)`).
#[derive(sqlx::FromRow)]
pub struct SessionRow {
    pub subject_id: i64,
    pub last_seen: i64,
    pub ended_because: Option<String>,
}

impl SessionRow {
    /// What the session is worth at `now_ms` (with `idle_ms`, unused that long it is
    /// over), and whether its `last_seen_at` should be refreshed.
    pub fn judge(self, now_ms: i64, idle_ms: Option<i64>) -> (SessionLookup, bool) {
        if let Some(because) = self.ended_because {
            let lookup =
                EndedBecause::parse(&because).map_or(SessionLookup::Missing, SessionLookup::Ended);
            return (lookup, false);
        }
        if idle_ms.is_some_and(|idle| now_ms - self.last_seen >= idle) {
            return (SessionLookup::Missing, false);
        }
        (
            SessionLookup::Live(self.subject_id),
            now_ms - self.last_seen >= SESSION_TOUCH_EVERY_MS,
        )
    }
}

/// A live therapist session for "Signed-in devices", as both engines read it.
#[derive(sqlx::FromRow)]
pub struct DeviceRow {
    id: String,
    created_at: i64,
    last_used: i64,
    device: Option<String>,
}

impl From<DeviceRow> for super::SessionInfo {
    fn from(r: DeviceRow) -> Self {
        Self {
            id: r.id,
            created_at_ms: r.created_at,
            last_used_at_ms: r.last_used,
            device: r.device,
        }
    }
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
