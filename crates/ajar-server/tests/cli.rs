//! The `ajar` command line, run as a person would.

use std::io::Write;
use std::process::{Command, Stdio};

fn ajar(args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ajar"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn add_a_therapist_change_their_password_and_add_a_client() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ajar.sqlite3");
    let db = db.to_str().unwrap();
    let (ok, out) = ajar(
        &[
            "therapist",
            "add",
            "--db",
            db,
            "--email",
            "sam@example.org",
            "--name",
            "Sam",
        ],
        "short\n",
    );
    assert!(!ok && out.contains("at least 12 characters"), "{out}");
    let (ok, out) = ajar(
        &[
            "therapist",
            "add",
            "--db",
            db,
            "--email",
            "sam@example.org",
            "--name",
            "Sam",
        ],
        "a long enough password\n",
    );
    assert!(ok, "{out}");
    assert!(
        !out.contains("a long enough password"),
        "the password is never echoed"
    );
    let (ok, out) = ajar(
        &[
            "therapist",
            "passwd",
            "--db",
            db,
            "--email",
            "sam@example.org",
        ],
        "another long password\n",
    );
    assert!(
        ok && out.contains("The password of sam@example.org is changed."),
        "{out}"
    );
    let (ok, out) = ajar(
        &[
            "therapist",
            "passwd",
            "--db",
            db,
            "--email",
            "nobody@example.org",
        ],
        "another long password\n",
    );
    assert!(
        !ok && out.contains("no therapist has the email nobody@example.org"),
        "{out}"
    );
    let (ok, out) = ajar(
        &[
            "client",
            "add",
            "--db",
            db,
            "--therapist",
            "sam@example.org",
            "--label",
            "R.",
            "--public-url",
            "https://ajar.example.org",
        ],
        "",
    );
    assert!(ok, "{out}");
    assert!(out.contains("https://ajar.example.org/c#t="), "{out}");
    let (ok, out) = ajar(&["audit", "verify", "--db", db], "");
    assert!(ok, "{out}");
}
