//! `ajar backup` copies the database while check-ins keep arriving: the copy opens, its
//! audit trail verifies (its key goes beside it), and it holds every check-in that was
//! acknowledged before the copy began.

mod common;

use ajar_server::store::{Archived, SqliteStore, Store, TherapistId};
use axum::http::{Method, StatusCode};
use common::*;
use std::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_taken_while_phones_send_is_whole_and_verifies() {
    let w = world().await;
    let phone = pair(&w.client_cookie(&w.link_a).await);
    let send = |n: usize| {
        let (w, phone) = (&w, phone.clone());
        async move {
            let id = format!("c1000000-0000-4000-8000-{n:012}");
            let r = w
                .call(
                    Method::POST,
                    "/client/responses",
                    Some(&phone),
                    Some(checkin(&id, 7, "")),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        }
    };
    for n in 0..20 {
        send(n).await;
    }
    let copy = w.db.with_file_name("copy.sqlite3");
    let (db, to) = (w.db.clone(), copy.clone());
    let backup = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_ajar"))
            .args(["backup", "--db"])
            .arg(&db)
            .arg("--to")
            .arg(&to)
            .output()
            .unwrap()
    });
    // Phones go on sending while the copy is written.
    for n in 20..80 {
        send(n).await;
    }
    let out = backup.await.unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && text.contains("audit trail is intact"),
        "{text}"
    );

    let restored = SqliteStore::open(&copy).await.unwrap();
    let records = restored
        .caseload(
            TherapistId(1),
            None,
            ajar_core::caseload::Reading::Everything,
            Archived::Include,
        )
        .await
        .unwrap();
    let held = records
        .iter()
        .find(|r| r.label == "A")
        .unwrap()
        .history
        .len();
    assert!((20..=80).contains(&held), "{held} check-ins in the copy");
    assert!(restored.verify_audit(None).await.unwrap().is_ok());

    let again = Command::new(env!("CARGO_BIN_EXE_ajar"))
        .args(["backup", "--db"])
        .arg(&w.db)
        .arg("--to")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        !again.status.success(),
        "an existing file is never overwritten"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
}
