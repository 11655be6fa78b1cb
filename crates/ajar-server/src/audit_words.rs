//! The audit trail in words a therapist reads: "Opened A.B.'s page", not
//! `read.client client:2`. The stored entries keep their terse form, which the chain
//! signs; these sentences are made when the trail is shown, with the therapist's own
//! labels for their clients.

/// One entry in words. `label_of` names a client of the therapist reading it (`None` for
/// a client no longer theirs, or gone).
pub fn describe(
    actor: &str,
    action: &str,
    subject: &str,
    label_of: impl Fn(i64) -> Option<String>,
) -> String {
    let client = || {
        subject
            .strip_prefix("client:")
            .and_then(|id| id.parse().ok())
            .and_then(&label_of)
            .unwrap_or_else(|| "a client".to_owned())
    };
    let whose = || format!("{}'s", client());
    let from = || match subject.strip_prefix("address ") {
        Some(addr) => format!(" from {addr}"),
        None if subject.is_empty() => String::new(),
        None => format!(" from {subject}"),
    };
    let whole = subject == "caseload";
    let sentence = match action {
        "read.caseload" => "Read the caseload".to_owned(),
        "read.figures" => "Read the caseload's figures".to_owned(),
        "read.client" => format!("Opened {} page", whose()),
        "read.words" => format!("Read more of {} words", whose()),
        "export.csv" if whole => "Downloaded the caseload as CSV".to_owned(),
        "export.fhir" if whole => "Downloaded the caseload as FHIR".to_owned(),
        "export.csv" => format!("Downloaded {} answers as CSV", whose()),
        "export.fhir" => format!("Downloaded {} answers as FHIR", whose()),
        "client.add" => format!("Added {}", client()),
        "client.link.new" => format!("Made a new personal link for {}", client()),
        "client.link.revoke" => format!("Revoked {} personal link", whose()),
        "client.plan" => format!("Changed {} check-ins", whose()),
        "client.archive" => format!("Archived {}", client()),
        "client.restore" => format!("Restored {}", client()),
        "client.close" => format!("Recorded the end of {} therapy", whose()),
        "client.reopen" => format!("Started {} therapy again", whose()),
        "practice.crisis-text" => "Changed the crisis text".to_owned(),
        "practice.door-open" => "Changed the door-open message".to_owned(),
        "sign-in" => format!("Signed in{}", from()),
        "sign-in.failed" => format!("A sign-in with a wrong password{}", from()),
        "sign-in.failed-code" => format!(
            "A sign-in with the right password but a wrong code{}",
            from()
        ),
        "sign-out" => "Signed out".to_owned(),
        "mfa.on" => "Turned on two-step sign-in".to_owned(),
        "mfa.off" => "Turned off two-step sign-in".to_owned(),
        "mfa.recovery-code-used" => "Used a recovery code to sign in".to_owned(),
        "mfa.reset" => "Two-step sign-in was turned off".to_owned(),
        "password.changed" => "Changed the password (every other device was signed out)".to_owned(),
        "sessions.ended-others" => "Signed out all other devices".to_owned(),
        "account.added" => "The account was made".to_owned(),
        "account.disabled" => "The account was disabled".to_owned(),
        "account.enabled" => "The account was enabled again".to_owned(),
        a if a.starts_with("risk.acknowledge.") => {
            let done = match &a["risk.acknowledge.".len()..] {
                "contacted-client" => "contacted the client",
                "reviewed-safety-plan" => "reviewed the safety plan",
                "discussed-in-session" => "discussed it in session",
                "no-action-needed" => "no action needed",
                other => other,
            };
            format!("Recorded what was done about a risk answer: {done}")
        }
        "request.markseen" => "Marked a request as seen".to_owned(),
        "request.reply" => "Replied to a request".to_owned(),
        "request.close" => "Closed a request".to_owned(),
        other => format!("{other} {subject}").trim().to_owned(),
    };
    match actor {
        "cli" => format!("On the server: {sentence}"),
        "demo" => format!("Demo set-up: {sentence}"),
        _ => sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    fn label(id: i64) -> Option<String> {
        (id == 2).then(|| "A.B.".to_owned())
    }

    #[test]
    fn entries_read_as_sentences_with_the_client_s_label() {
        let t = "therapist:1";
        assert_eq!(
            describe(t, "read.client", "client:2", label),
            "Opened A.B.'s page"
        );
        assert_eq!(
            describe(t, "read.client", "client:9", label),
            "Opened a client's page"
        );
        assert_eq!(
            describe(t, "export.csv", "caseload", label),
            "Downloaded the caseload as CSV"
        );
        assert_eq!(
            describe(t, "export.fhir", "client:2", label),
            "Downloaded A.B.'s answers as FHIR"
        );
        assert_eq!(
            describe(t, "sign-in", "address 192.0.2.7", label),
            "Signed in from 192.0.2.7"
        );
        assert_eq!(
            describe(t, "sign-in.failed", "address 192.0.2.7", label),
            "A sign-in with a wrong password from 192.0.2.7"
        );
        assert_eq!(
            describe("cli", "password.changed", "therapist:1", label),
            "On the server: Changed the password (every other device was signed out)"
        );
        assert_eq!(
            describe(t, "risk.acknowledge.contacted-client", "response:x", label),
            "Recorded what was done about a risk answer: contacted the client"
        );
        assert_eq!(describe(t, "something.new", "x", label), "something.new x");
    }
}
