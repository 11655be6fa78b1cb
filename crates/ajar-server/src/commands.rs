//! What each `ajar` subcommand does.

use crate::app::{AppState, router};
use crate::auth::{self, Token};
use crate::cli::{AuditCommand, ClientCommand, ServeArgs, TherapistCommand};
use crate::clock::now_ms;
use crate::demo;

use crate::store::{Audited, Database, SqliteStore, Store};
use ajar_core::{Secret, link};
use anyhow::{Context, bail};
use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;

pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let store: Arc<dyn Store> = if args.accept_torn_wal {
        let file = args.db.db.sqlite_file("--accept-torn-wal")?;
        Arc::new(SqliteStore::open_accepting_torn_wal(file).await?)
    } else {
        args.db.db.open().await?
    };
    let public_url = args
        .public_url
        .unwrap_or_else(|| format!("http://{}", args.addr));
    let dist = if args.dist.join("index.html").is_file() {
        Some(args.dist.clone())
    } else {
        tracing::warn!(
            dist = %args.dist.display(),
            "no built app found there; serving the API only (build it with `cargo xtask run`)"
        );
        None
    };
    let demo = if args.demo {
        demo::prepare(store.as_ref(), now_ms()).await?
    } else {
        None
    };
    let state = AppState::new(store.clone(), public_url.starts_with("https://"))
        .requiring_mfa(args.require_mfa)
        .trusting(args.trusted_proxies.clone())
        .limiting_phones(args.phone_requests_per_minute)
        .with_test_push_service(args.push_service_for_tests.clone());
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("listening on {} (is another Ajar running?)", args.addr))?;

    // The banner goes to standard output, not the log: it holds demo secrets on purpose,
    // for the person who started the server.
    let mut out = std::io::stdout().lock();
    writeln!(out, "\nAjar is running. Data: {}", args.db.db.shown())?;
    writeln!(out, "  Therapist sign-in: {public_url}/t")?;
    if let Some(d) = &demo {
        writeln!(out, "    demo login: {} / {}", d.email, d.password.expose())?;
        writeln!(
            out,
            "  Client links (demo clients; new links at every start):"
        )?;
        for (label, token) in &d.links {
            writeln!(
                out,
                "    {label:<8} {}",
                link::client_link(&public_url, token.expose())
            )?;
        }
    }
    writeln!(out, "Press Ctrl-C to stop.")?;
    drop(out);

    // Expired sessions are deleted at start and every hour after.
    let purging = store.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = purging.purge_expired_sessions(now_ms()).await {
                tracing::warn!(
                    error = format!("{e:#}"),
                    "could not delete expired sessions"
                );
            }
        }
    });
    let contact = args.push_contact.clone().unwrap_or_else(|| {
        if public_url.starts_with("https://") {
            public_url.clone()
        } else {
            "mailto:ajar@localhost".to_owned()
        }
    });
    let vapid = crate::reminders::Vapid::of(store.as_ref(), now_ms()).await?;
    // The key phones subscribe with is the one just read: the first phone to ask does not
    // read it again.
    let _ = state.push.public_key.set(vapid.public_key());
    crate::reminders::spawn(
        store.clone(),
        crate::reminders::Sender::new(vapid, contact, args.reminder_hour)?,
    );
    crate::listen::serve(listener, router(state, dist), shutdown_signal()).await?;
    store.close().await;
    println!("Ajar stopped.");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Shortest password accepted for a therapist account.
pub use ajar_core::api::MIN_PASSWORD_CHARS;

pub async fn therapist(command: TherapistCommand) -> anyhow::Result<()> {
    match command {
        TherapistCommand::Add { db, email, name } => {
            let email = email.trim().to_owned();
            if !email.contains('@') {
                bail!("--email must be an email address, got {email:?}");
            }
            let password = read_password()?;
            let store = db.db.open().await?;
            if store.therapist_credentials(&email).await?.is_some() {
                bail!("a therapist with the email {email} already exists");
            }
            let phc = tokio::task::spawn_blocking(move || auth::hash_password(&password)).await??;
            let id = store
                .add_therapist(&email, name.trim(), &phc, now_ms())
                .await?;
            let added = Audited::new(
                "cli",
                "account.added",
                format!("therapist:{}", id.0),
                now_ms(),
            );
            store.audit(&added).await?;
            println!("Added therapist {email}. They can sign in at <server>/t.");
            Ok(())
        }
        TherapistCommand::Passwd { db, email } => {
            let email = email.trim().to_owned();
            let password = read_password()?;
            let store = db.db.open().await?;
            let phc = tokio::task::spawn_blocking(move || auth::hash_password(&password)).await??;
            let audit = Audited::new("cli", "password.changed", "", now_ms());
            if store
                .set_therapist_password(&email, &phc, None, &audit)
                .await?
                .is_none()
            {
                bail!("no therapist has the email {email}");
            }
            println!("The password of {email} is changed; every session of theirs has ended.");
            Ok(())
        }
        TherapistCommand::Disable { db, email } => set_disabled(&db.db, &email, true).await,
        TherapistCommand::Enable { db, email } => set_disabled(&db.db, &email, false).await,
        TherapistCommand::ResetMfa { db, email } => {
            let email = email.trim().to_owned();
            let store = db.db.open().await?;
            let Some((id, _)) = store.therapist_credentials(&email).await? else {
                bail!("no therapist has the email {email}");
            };
            let audit = Audited::new("cli", "mfa.reset", format!("therapist:{}", id.0), now_ms());
            store.remove_totp(id, &audit).await?;
            println!(
                "Two-step sign-in is off for {email}: they sign in with their password and can set it up again."
            );
            Ok(())
        }
    }
}

async fn set_disabled(db: &Database, email: &str, disable: bool) -> anyhow::Result<()> {
    let email = email.trim();
    let store = db.open().await?;
    let action = if disable {
        "account.disabled"
    } else {
        "account.enabled"
    };
    let audit = Audited::new("cli", action, "", now_ms());
    if store
        .set_therapist_disabled(email, disable, &audit)
        .await?
        .is_none()
    {
        bail!("no therapist has the email {email}");
    }
    if disable {
        println!("{email} is disabled: they cannot sign in, and their sessions have ended.");
    } else {
        println!("{email} can sign in again.");
    }
    Ok(())
}

pub async fn client(command: ClientCommand) -> anyhow::Result<()> {
    match command {
        ClientCommand::Add {
            db,
            therapist,
            label,
            public_url,
        } => {
            let label = label.trim();
            if label.is_empty() {
                bail!("--label must not be empty");
            }
            let store = db.db.open().await?;
            let Some((therapist_id, _)) = store.therapist_credentials(therapist.trim()).await?
            else {
                bail!("no therapist has the email {therapist}");
            };
            let token = Token::generate();
            store
                .add_client(
                    therapist_id,
                    label,
                    &token.hash(),
                    now_ms(),
                    &Audited::new("cli", "client.add", "", now_ms()),
                )
                .await?;
            println!("Added client {label}. Their personal link (give it only to them):");
            println!("{}", link::client_link(&public_url, token.expose()));
            Ok(())
        }
    }
}

/// One line from standard input; prompts when a person is typing.
fn read_password() -> anyhow::Result<Secret> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password (at least {MIN_PASSWORD_CHARS} characters; it will show as you type): ");
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("the password must be at least {MIN_PASSWORD_CHARS} characters long");
    }
    Ok(Secret::new(password))
}

pub async fn audit(command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify { db, head } => {
            let store = db.db.open().await?;
            match store.verify_audit(head.as_deref()).await? {
                Ok(now) if head.is_some() => {
                    println!(
                        "The audit trail is intact: {} entries, and it still holds the saved head.",
                        now.entries
                    );
                    Ok(())
                }
                Ok(now) => {
                    println!("The audit trail is intact: {} entries.", now.entries);
                    Ok(())
                }
                Err(broken) => bail!("the audit trail is broken: {broken}"),
            }
        }
        AuditCommand::Head { db } => {
            let store = db.db.open().await?;
            match store.verify_audit(None).await? {
                Ok(now) => {
                    println!("{}", now.to_text());
                    Ok(())
                }
                Err(broken) => {
                    bail!("the audit trail is broken, so it has no head to save: {broken}")
                }
            }
        }
    }
}

/// `ajar backup`: a consistent copy (SQLite's `VACUUM INTO`, a read that other writers do
/// not wait for), its audit key copied beside it, then the copy opened and its audit
/// trail verified, so a backup that could not be restored is known now, not later.
pub async fn backup(db: &Database, to: &std::path::Path) -> anyhow::Result<()> {
    let db = db.sqlite_file("ajar backup")?;
    if to.exists() {
        bail!(
            "{} exists already; give a new file to write the copy to",
            to.display()
        );
    }
    let store = SqliteStore::open(db).await?;
    store.copy_to(to).await?;
    let key = crate::store::audit_key_path(db);
    let copy_key = crate::store::audit_key_path(to);
    if key != copy_key {
        std::fs::copy(&key, &copy_key)
            .with_context(|| format!("copying the audit key to {}", copy_key.display()))?;
    }
    let copy = SqliteStore::open(to).await?;
    match copy.verify_audit(None).await? {
        Ok(head) => {
            println!(
                "Backed up to {} (audit key: {}); the copy opens and its audit trail is intact: {} entries.",
                to.display(),
                copy_key.display(),
                head.entries
            );
            Ok(())
        }
        Err(broken) => bail!("the copy's audit trail does not verify: {broken}"),
    }
}

/// `ajar copy`: a SQLite database into an empty PostgreSQL one (`store::copy`).
pub async fn copy(from: &std::path::Path, to: &str) -> anyhow::Result<()> {
    let url = match Database::parse(to) {
        Ok(Database::Postgres(url)) => url,
        _ => bail!("--to must be a PostgreSQL URL (postgres://user@host/database)"),
    };
    if !from.is_file() {
        bail!(
            "{} is not a file; --from is the SQLite database to copy",
            from.display()
        );
    }
    let target = Database::Postgres(url.clone());
    let key = target.audit_key_file();
    let copied = crate::store::copy::sqlite_to_postgres(from, &url, &key).await?;
    println!(
        "Copied {} rows from {} to {}, and the audit trail's {} entries verify there (audit key: {}).",
        copied.rows,
        from.display(),
        target.shown(),
        copied.audit_entries,
        key.display()
    );
    println!(
        "Start Ajar with --db {} (the same URL) from now on.",
        target.shown()
    );
    Ok(())
}
