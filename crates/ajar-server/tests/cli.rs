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
        ok && out.contains("The password of sam@example.org is changed;"),
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

/// `passwd`, `disable`, `enable` and `reset-mfa` end what they should, and are recorded.
#[tokio::test]
async fn account_commands_end_sessions_and_are_audited() {
    use ajar_server::auth::Token;
    use ajar_server::clock::{DAY_MS, now_ms};
    use ajar_server::store::{
        Audited, EndedBecause, SessionKind, SessionLookup, SqliteStore, Store,
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ajar.sqlite3");
    let db = db.to_str().unwrap();
    let email = ["--db", db, "--email", "sam@example.org"];
    let run = |cmd: &str, stdin: &str| {
        let mut args = vec!["therapist", cmd];
        args.extend(email);
        if cmd == "add" {
            args.extend(["--name", "Sam"]);
        }
        ajar(&args, stdin)
    };
    assert!(run("add", "a long enough password\n").0);
    let store = SqliteStore::open(std::path::Path::new(db)).await.unwrap();
    let (id, _) = store
        .therapist_credentials("sam@example.org")
        .await
        .unwrap()
        .unwrap();
    let session = || async {
        let t = Token::generate();
        store
            .create_session(
                &t.hash(),
                SessionKind::Therapist,
                id.0,
                now_ms(),
                now_ms() + DAY_MS,
                None,
            )
            .await
            .unwrap();
        t
    };
    let look = |t: Token| {
        let store = &store;
        async move {
            store
                .session_subject(&t.hash(), SessionKind::Therapist, now_ms(), None)
                .await
                .unwrap()
        }
    };

    let open = session().await;
    let (ok, out) = run("passwd", "another long password\n");
    assert!(
        ok && out.contains("every session of theirs has ended"),
        "{out}"
    );
    assert_eq!(
        look(open).await,
        SessionLookup::Ended(EndedBecause::PasswordChanged)
    );

    let open = session().await;
    let (ok, out) = run("disable", "");
    assert!(ok && out.contains("is disabled"), "{out}");
    assert_eq!(
        look(open).await,
        SessionLookup::Ended(EndedBecause::AccountDisabled)
    );
    assert!(store.therapist_disabled(id).await.unwrap());
    assert!(run("enable", "").0);
    assert!(!store.therapist_disabled(id).await.unwrap());

    let key = ajar_server::mfa::new_key();
    assert!(store.begin_totp(id, &key, now_ms()).await.unwrap());
    let step =
        ajar_server::mfa::step_of(&key, &ajar_server::mfa::code_at(&key, now_ms()), now_ms())
            .unwrap();
    let on = Audited::new("test", "mfa.on", "", now_ms());
    assert!(store.confirm_totp(id, step, &[], &on).await.unwrap());
    let (ok, out) = run("reset-mfa", "");
    assert!(ok && out.contains("Two-step sign-in is off"), "{out}");
    assert!(store.totp(id).await.unwrap().is_none());

    let trail: Vec<String> = store
        .audit_trail("cli", 10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in [
        "password.changed",
        "account.disabled",
        "account.enabled",
        "mfa.reset",
    ] {
        assert!(trail.iter().any(|a| a == action), "{action} in {trail:?}");
    }
    let (ok, out) = ajar(&["audit", "verify", "--db", db], "");
    assert!(ok, "{out}");
}

/// `serve --demo` never runs on a database with real accounts: it would give the demo
/// therapist a password and print links that open real clients' phones.
#[test]
fn the_demo_refuses_a_database_with_real_accounts() {
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
            "real@example.org",
            "--name",
            "Real",
        ],
        "a long enough password\n",
    );
    assert!(ok, "{out}");
    let (ok, out) = ajar(
        &[
            "serve",
            "--demo",
            "--db",
            db,
            "--addr",
            "127.0.0.1:0",
            "--dist",
            "/nonexistent",
        ],
        "",
    );
    assert!(!ok, "{out}");
    assert!(
        out.contains("--demo refuses this database: it holds real therapist accounts"),
        "{out}"
    );
}

/// A URL Ajar does not take is refused with a sentence, instead of becoming a folder
/// named `mysql:` with a new, empty SQLite database in it; a PostgreSQL URL is taken for
/// PostgreSQL (here one that cannot be reached: the command says so and makes nothing).
#[test]
fn a_database_url_is_refused_or_taken_for_postgres_never_for_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let run = |url: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ajar"))
            .current_dir(dir.path())
            .env(
                "AJAR_AUDIT_KEY_FILE",
                dir.path().join("k").join("audit-key"),
            )
            .args(["audit", "verify", "--db", url])
            .output()
            .map(|o| {
                (
                    o.status.success(),
                    String::from_utf8_lossy(&o.stderr).into_owned(),
                )
            })
            .unwrap()
    };
    for url in [
        "mysql://ajar@db.example.org/ajar",
        "sqlite://data/x.sqlite3",
        "postgresql:ajar",
    ] {
        let (ok, out) = run(url);
        assert!(!ok && out.contains("looks like a URL"), "{url}: {out}");
    }
    // Port 9 (discard) on this machine: nothing listens there.
    let (ok, out) = run("postgres://ajar@127.0.0.1:9/ajar");
    assert!(!ok && out.contains("connecting to PostgreSQL"), "{out}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing was created"
    );
}
