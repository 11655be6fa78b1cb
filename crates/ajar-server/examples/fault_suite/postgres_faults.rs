//! PostgreSQL going away under load: every connection of the server cut, again and again,
//! and (given a command for it) the database server itself restarted with no clean
//! shutdown. Phones keep posting; each acknowledged check-in must be stored once, and
//! the server must store again once the database is back.

use crate::Row;
use crate::db::Db;
use crate::http::call;
use crate::kill_rounds::{check_in, sign_in};
use crate::ledger::Ledger;
use crate::rng::{Rng, fresh_seed};
use crate::server::{Server, free_port};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

const FAULT: &str = "PostgreSQL connections cut and the database restarted, under load";

pub async fn connections_cut(server_url: &str, restart: Option<&str>) -> Row {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = Db::fresh_postgres(server_url, dir.path()).await;
    let Db::Postgres { url, .. } = &db else {
        unreachable!("made on PostgreSQL")
    };
    let database = url.rsplit('/').next().unwrap_or_default().to_owned();
    let server = match Server::start_on(&db, free_port(), &[]).await {
        Ok(s) => s,
        Err(f) => return failed(format!("the server did not start: {}", f.output)),
    };
    let (_, phones) = sign_in(&server).await;
    let ledger = Arc::new(Ledger::default());
    let rng = Arc::new(Rng::new(fresh_seed()));
    let stop = Arc::new(AtomicBool::new(false));
    let stored_after_cuts = Arc::new(AtomicUsize::new(0));
    let cuts_done = Arc::new(AtomicBool::new(false));
    let mut phones_at_work = Vec::new();
    for (i, (client, cookie)) in phones.iter().cloned().enumerate().take(4) {
        let (ledger, rng, stop) = (ledger.clone(), rng.clone(), stop.clone());
        let (after, done, port) = (stored_after_cuts.clone(), cuts_done.clone(), server.port);
        phones_at_work.push(tokio::spawn(async move {
            let mut odd = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let id = match rng.below(2) {
                    0 => ledger.unanswered_of(&client, i),
                    _ => None,
                }
                .unwrap_or_else(|| rng.check_in_id());
                ledger.unanswered(&id, &client);
                let limit = Duration::from_secs(15);
                match call(
                    port,
                    "POST",
                    "/api/v1/client/responses",
                    &cookie,
                    &check_in(&id),
                    limit,
                )
                .await
                {
                    Ok(r) if r.status == 201 || r.status == 200 => {
                        ledger.acknowledged(&id);
                        if done.load(Ordering::Relaxed) {
                            after.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    // The database is away: "send again later", and the phone does.
                    Ok(r) if r.status == 503 => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    Ok(r) => odd.push(format!("{} {}", r.status, r.body)),
                    Err(_) => {}
                }
            }
            odd
        }));
    }
    let admin = match sqlx::PgPool::connect(server_url).await {
        Ok(p) => p,
        Err(e) => return failed(format!("no connection to cut with: {e}")),
    };
    let mut cut = 0u64;
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        if let Ok(n) = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid()) AS cut",
        )
        .bind(&database)
        .fetch_one(&admin)
        .await
        {
            cut += n as u64;
        }
    }
    admin.close().await;
    let restarted = match restart {
        None => None,
        Some(command) => {
            let command = command.to_owned();
            // No pipes: the restarted server would inherit them and hold them open.
            let ran = tokio::task::spawn_blocking(move || {
                std::process::Command::new("sh")
                    .args(["-c", &command])
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status()
            })
            .await;
            Some(matches!(ran, Ok(Ok(status)) if status.success()))
        }
    };
    cuts_done.store(true, Ordering::Relaxed);
    // The database is back: the phones go on a little longer.
    tokio::time::sleep(Duration::from_secs(4)).await;
    stop.store(true, Ordering::Relaxed);
    let mut odd = Vec::new();
    for t in phones_at_work {
        odd.extend(t.await.unwrap_or_default());
    }
    server.stop().await;
    let v = ledger.verify_on(&db).await;
    let after = stored_after_cuts.load(Ordering::Relaxed);
    for o in odd.iter().take(5) {
        println!("  {FAULT}: unexpected answer: {o}");
    }
    let restart_ok = restarted != Some(false);
    if !restart_ok {
        println!("  {FAULT}: the restart command failed");
    }
    Row {
        fault: FAULT,
        rounds: 1,
        acknowledged: v.acknowledged,
        lost: v.lost,
        duplicated: v.duplicated,
        integrity: format!(
            "{}, {cut} connections cut{}, {after} stored after",
            v.integrity,
            match restarted {
                Some(true) => ", restarted",
                Some(false) => ", restart FAILED",
                None => "",
            }
        ),
        ok: v.ok && odd.is_empty() && after > 0 && cut > 0 && restart_ok,
    }
}

fn failed(why: String) -> Row {
    println!("  {FAULT}: {why}");
    Row {
        fault: FAULT,
        rounds: 0,
        acknowledged: 0,
        lost: 0,
        duplicated: 0,
        integrity: why,
        ok: false,
    }
}
