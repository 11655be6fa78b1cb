//! The audit trail: what is recorded, that it holds no answers, and that `ajar audit
//! verify` finds a changed or removed entry.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use std::process::Command;

fn verify(db: &std::path::Path) -> (bool, String) {
    audit(db, &["verify"])
}

fn audit(db: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ajar"))
        .arg("audit")
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[tokio::test]
async fn reads_exports_and_sign_ins_are_recorded_without_any_answer() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    w.call_ok(
        Method::POST,
        "/client/responses",
        Some(&a),
        Some(checkin(ID, 3, "a very private note")),
    )
    .await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    w.call_ok(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    w.call_ok(
        Method::GET,
        &format!("/therapist/clients/{}", w.client_a.0),
        Some(&t1),
        None,
    )
    .await;
    get_text(&w.app, "/therapist/export.csv", Some(&t1)).await;
    get_text(
        &w.app,
        &format!("/therapist/clients/{}/export.fhir.json", w.client_a.0),
        Some(&t1),
    )
    .await;

    let trail = w
        .call(Method::GET, "/therapist/audit", Some(&t1), None)
        .await;
    assert_eq!(trail.status, StatusCode::OK);
    let seen: Vec<(String, String)> = trail
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let words: Vec<&str> = trail
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["described"].as_str().unwrap())
        .collect();
    assert_eq!(
        words,
        [
            "Downloaded A's answers as FHIR",
            "Downloaded the caseload as CSV",
            "Opened A's page",
            "Read the caseload",
            "Signed in from an unknown address",
        ],
        "in words, with the client's label"
    );
    let client = format!("client:{}", w.client_a.0);
    assert_eq!(
        seen,
        [
            ("export.fhir".to_owned(), client.clone()),
            ("export.csv".to_owned(), "caseload".to_owned()),
            ("read.client".to_owned(), client),
            ("read.caseload".to_owned(), "caseload".to_owned()),
            // Where from: these tests have no peer address.
            ("sign-in".to_owned(), "an unknown address".to_owned()),
        ]
    );
    // Signing out is recorded too, and then the trail is closed to that session.
    let t1b = pair(&w.therapist_cookie("one@example.org").await);
    assert_eq!(
        w.call(Method::DELETE, "/therapist/session", Some(&t1b), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let actions = w.audit_actions(&t1).await;
    assert_eq!(&actions[..2], ["sign-out", "sign-in"]);

    // Therapist 2 sees only their own trail.
    let t2 = pair(&w.therapist_cookie("two@example.org").await);
    let other = w
        .call(Method::GET, "/therapist/audit", Some(&t2), None)
        .await;
    assert_eq!(
        other.body.as_array().unwrap().len(),
        1,
        "just their own sign-in"
    );

    // Who, what and whom only: never the answers themselves.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", w.db.display()))
        .await
        .unwrap();
    let rows: Vec<(String,)> = sqlx::query_as("SELECT actor || action || subject FROM audit")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(rows.iter().all(|(r,)| !r.contains("private")));
    let (ok, text) = verify(&w.db);
    assert!(ok, "{text}");
    // The two clients added when the world was built (each entry committed with its
    // client), 5 by therapist 1, a second sign-in and its sign-out, and therapist 2's.
    assert!(
        text.contains("The audit trail is intact: 10 entries."),
        "{text}"
    );
}

#[tokio::test]
async fn a_changed_or_removed_entry_breaks_the_chain() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    for _ in 0..3 {
        w.call_ok(Method::GET, "/therapist/caseload", Some(&t1), None)
            .await;
    }
    assert!(verify(&w.db).0);

    // Someone with the file edits history: the triggers stop a plain UPDATE…
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", w.db.display()))
        .await
        .unwrap();
    let refused = sqlx::query("UPDATE audit SET action = 'nothing' WHERE seq = 2")
        .execute(&pool)
        .await;
    assert!(refused.is_err(), "the trail is append-only");
    // …so they drop them first. The chain still tells.
    sqlx::query("DROP TRIGGER audit_no_update")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit SET action = 'nothing' WHERE seq = 2")
        .execute(&pool)
        .await
        .unwrap();
    let (ok, text) = verify(&w.db);
    assert!(!ok);
    assert!(
        text.contains("entry 2 was changed after it was written"),
        "{text}"
    );

    sqlx::query("DROP TRIGGER audit_no_delete")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM audit WHERE seq = 2")
        .execute(&pool)
        .await
        .unwrap();
    let (ok, text) = verify(&w.db);
    assert!(!ok);
    assert!(
        text.contains("entry 3 does not follow the one before it"),
        "{text}"
    );
}

/// Someone with the database file but not the key: rewriting the chain to match (with
/// the plain SHA-256 any copy of Ajar's source would show them) is caught, and so is
/// cutting entries off its end, against a head saved earlier.
#[tokio::test]
async fn a_rewritten_chain_or_a_removed_tail_is_caught() {
    use ajar_server::audit::{Entry, chain_hash};
    let w = world().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    for _ in 0..3 {
        w.call_ok(Method::GET, "/therapist/caseload", Some(&t1), None)
            .await;
    }
    let (ok, head) = audit(&w.db, &["head"]);
    assert!(ok, "{head}");
    let head = head.trim().to_owned();
    let (last, hex) = head.split_once(':').unwrap();
    let last: i64 = last.parse().unwrap();
    assert!(last >= 4 && hex.len() == 64, "{head}");
    let (ok, text) = audit(&w.db, &["verify", "--head", &head]);
    assert!(ok && text.contains("still holds the saved head"), "{text}");
    let key_file = std::fs::read_to_string(format!("{}.audit-key", w.db.display())).unwrap();
    assert!(
        key_file.lines().next().unwrap().len() == 64 && key_file.contains("\nfrom 1"),
        "the key lives beside the database, not in it, and signs from the first entry"
    );

    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", w.db.display()))
        .await
        .unwrap();
    for drop in [
        "DROP TRIGGER audit_no_update",
        "DROP TRIGGER audit_no_delete",
    ] {
        sqlx::query(drop).execute(&pool).await.unwrap();
    }
    // The tail goes: the chain left is whole, only the saved head tells.
    sqlx::query("DELETE FROM audit WHERE seq = ?")
        .bind(last)
        .execute(&pool)
        .await
        .unwrap();
    let (ok, text) = verify(&w.db);
    assert!(
        ok,
        "a shorter chain is still a chain: {text} (head was {head})"
    );
    let (ok, text) = audit(&w.db, &["verify", "--head", &head]);
    assert!(
        !ok && text.contains("entries were removed from its end"),
        "{text}"
    );
    let (_, shorter) = audit(&w.db, &["head"]);

    // Entry 2 edited and every hash from it recomputed, as plain unkeyed links.
    sqlx::query("UPDATE audit SET action = 'nothing' WHERE seq = 2")
        .execute(&pool)
        .await
        .unwrap();
    let rows: Vec<(i64, i64, String, String, String)> =
        sqlx::query_as("SELECT seq, at, actor, action, subject FROM audit ORDER BY seq")
            .fetch_all(&pool)
            .await
            .unwrap();
    let mut prev = vec![0u8; 32];
    for (seq, at_ms, actor, action, subject) in rows {
        let hash = chain_hash(
            &prev,
            &Entry {
                seq,
                at_ms,
                actor,
                action,
                subject,
            },
        );
        sqlx::query("UPDATE audit SET prev_hash = ?, hash = ?, keyed = 0 WHERE seq = ?")
            .bind(&prev)
            .bind(&hash[..])
            .bind(seq)
            .execute(&pool)
            .await
            .unwrap();
        prev = hash.to_vec();
    }
    pool.close().await;
    // All rows now look like links written before the key existed, but the key file says
    // it signed them all; and the saved head does not match either.
    let (ok, text) = verify(&w.db);
    assert!(
        !ok && text.contains("entry 1 is not signed with the audit key"),
        "{text}"
    );
    let (ok, text) = audit(&w.db, &["verify", "--head", shorter.trim()]);
    assert!(
        !ok && text.contains("is not signed with the audit key"),
        "{text}"
    );
}

#[tokio::test]
async fn an_entry_forged_after_signed_ones_is_caught() {
    use ajar_server::audit::{Entry, chain_hash};
    let w = world().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    w.call_ok(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", w.db.display()))
        .await
        .unwrap();
    let (seq, prev): (i64, Vec<u8>) =
        sqlx::query_as("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let forged = Entry {
        seq: seq + 1,
        at_ms: 1,
        actor: "therapist:1".into(),
        action: "export.csv".into(),
        subject: "caseload".into(),
    };
    let hash = chain_hash(&prev, &forged);
    sqlx::query(
        "INSERT INTO audit (seq, at, actor, action, subject, prev_hash, hash, keyed)
         VALUES (?, 1, 'therapist:1', 'export.csv', 'caseload', ?, ?, 0)",
    )
    .bind(seq + 1)
    .bind(&prev)
    .bind(&hash[..])
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let (ok, text) = verify(&w.db);
    assert!(
        !ok && text.contains("is not signed with the audit key"),
        "{text}"
    );
}

/// The key file gone while the trail was signed with it: the server will not start on a
/// new key (that would let the trail be rewritten under it), and says what to do.
#[tokio::test]
async fn a_lost_key_stops_the_server_instead_of_being_replaced() {
    let w = world().await;
    w.therapist_cookie("one@example.org").await;
    std::fs::remove_file(format!("{}.audit-key", w.db.display())).unwrap();
    let (ok, text) = verify(&w.db);
    assert!(
        !ok && text.contains("audit key file") && text.contains("is missing"),
        "{text}"
    );
}

/// A change and the audit entry recording it commit together or not at all: with the
/// trail refusing every entry (a trigger), no change goes through unrecorded.
#[tokio::test]
async fn no_change_is_made_that_the_trail_could_not_record() {
    let w = world().await;
    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let id = w.client_a.0;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", w.db.display()))
        .await
        .unwrap();
    sqlx::query(
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit
         BEGIN SELECT RAISE(ABORT, 'the trail refuses'); END",
    )
    .execute(&pool)
    .await
    .unwrap();
    let changes = [
        (
            Method::POST,
            format!("/therapist/clients/{id}/archive"),
            None,
        ),
        (
            Method::PUT,
            format!("/therapist/clients/{id}/plan"),
            Some(serde_json::json!([{ "instrument": "phq-9", "every_days": 28 }])),
        ),
        (
            Method::PUT,
            "/therapist/crisis-text".to_owned(),
            Some(serde_json::json!({ "message": "Call 111" })),
        ),
        (
            Method::PUT,
            "/therapist/door-open".to_owned(),
            Some(serde_json::json!({ "message": "Write any time." })),
        ),
        (
            Method::DELETE,
            format!("/therapist/clients/{id}/link"),
            None,
        ),
    ];
    for (method, path, body) in changes {
        let r = w.call(method, &path, Some(&t1), body).await;
        assert_eq!(
            r.status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{path}: {}",
            r.body
        );
    }
    let (archived, plan, has_link): (Option<i64>, Option<String>, bool) =
        sqlx::query_as("SELECT archived_at, plan, link_hash IS NOT NULL FROM clients WHERE id = ?")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(archived, None, "not archived without an entry");
    assert_eq!(plan, None, "the plan unchanged");
    assert!(has_link, "the link not revoked");
    let (crisis, door): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT crisis_text, door_open_message FROM therapists WHERE email = 'one@example.org'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(crisis, None, "the crisis text unchanged");
    assert_eq!(door, None, "the door-open message unchanged");
}
