//! Phones posting check-ins at full speed, requests on every route family abandoned
//! mid-flight, and the server killed with SIGKILL at a random moment, round after round
//! on the same database file.

use crate::db::Db;
use crate::http::{abandon, call, request};
use crate::ledger::Ledger;
use crate::rng::Rng;
use crate::server::{Server, free_port};
use crate::{Args, Row};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(15);

/// The body is a function of the id, so sending an id again sends the same answers.
pub fn check_in(id: &str) -> String {
    let rating = id.bytes().map(u64::from).sum::<u64>() % 11;
    format!(
        r#"{{"id":"{id}","instrument":"ajar-session","version":1,"answers":{{"heard":{rating},"goals":5,"approach":5,"overall":5,"pace":1,"note":"fault suite"}}}}"#
    )
}

/// Signs in the demo therapist and every demo client's phone: (label, cookie).
pub async fn sign_in(s: &Server) -> (String, Vec<(String, String)>) {
    let body = format!(r#"{{"email":"{}","password":"{}"}}"#, s.email, s.password);
    let t = call(
        s.port,
        "POST",
        "/api/v1/therapist/session",
        "",
        &body,
        LIMIT,
    )
    .await
    .ok()
    .and_then(|r| r.cookie())
    .expect("the demo therapist signs in");
    let mut phones = Vec::new();
    for (label, token) in &s.links {
        let body = format!(r#"{{"token":"{token}"}}"#);
        if let Ok(r) = call(s.port, "POST", "/api/v1/client/session", "", &body, LIMIT).await
            && let Some(c) = r.cookie()
        {
            phones.push((label.clone(), c));
        }
    }
    assert!(!phones.is_empty(), "at least one demo phone signs in");
    (t, phones)
}

/// The rounds on a SQLite file of their own, or with `postgres` (a server's URL) on a
/// new database there.
pub async fn run(args: &Args, postgres: Option<&str>) -> Row {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = match postgres {
        Some(server) => Db::fresh_postgres(server, dir.path()).await,
        None => Db::Sqlite(dir.path().join("ajar.sqlite3")),
    };
    let rng = Arc::new(Rng::new(args.seed));
    let ledger = Arc::new(Ledger::default());
    let mut unexpected = Vec::new();
    for round in 0..args.rounds {
        let server =
            match Server::start_on(&db, free_port(), &["--trusted-proxy", "127.0.0.1"]).await {
                Ok(s) => s,
                Err(f) => {
                    unexpected.push(format!(
                        "round {round}: the server did not start: {}",
                        f.output
                    ));
                    break;
                }
            };
        let (therapist, phones) = sign_in(&server).await;
        let stop = Arc::new(AtomicBool::new(false));
        let mut tasks = Vec::new();
        for i in 0..args.phones {
            let (rng, ledger, stop) = (rng.clone(), ledger.clone(), stop.clone());
            let (port, (client, cookie)) = (server.port, phones[i % phones.len()].clone());
            tasks.push(tokio::spawn(async move {
                let mut odd = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    // An outbox sends what is still unanswered before anything new.
                    let id = match rng.below(2) {
                        0 => ledger.unanswered_of(&client, i),
                        _ => None,
                    }
                    .unwrap_or_else(|| rng.check_in_id());
                    ledger.unanswered(&id, &client);
                    let body = check_in(&id);
                    match call(
                        port,
                        "POST",
                        "/api/v1/client/responses",
                        &cookie,
                        &body,
                        LIMIT,
                    )
                    .await
                    {
                        Ok(r) if r.status == 201 || r.status == 200 => ledger.acknowledged(&id),
                        Ok(r) if r.status == 503 => {}
                        Ok(r) => odd.push(format!("{} {}", r.status, r.body)),
                        Err(_) => {}
                    }
                }
                odd
            }));
        }
        let shared_counts = matches!(db, Db::Postgres { .. });
        for _ in 0..args.abusers {
            let (rng, ledger, stop) = (rng.clone(), ledger.clone(), stop.clone());
            let (port, t) = (server.port, therapist.clone());
            let (client, phone) = phones[0].clone();
            let (email, password) = (server.email.clone(), server.password.clone());
            tasks.push(tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let bytes = match rng.below(6) {
                        0 => request("GET", "/api/v1/therapist/caseload", &t, ""),
                        1 => {
                            let path = format!("/api/v1/therapist/clients/{}", 1 + rng.below(4));
                            request("GET", &path, &t, "")
                        }
                        2 if shared_counts => {
                            // Abandoned sign-ins count as failures, and where servers share
                            // the counts (PostgreSQL) they outlive a restart: these come
                            // from addresses and for accounts of their own, so the demo
                            // therapist's next round is not slowed down by them.
                            let body = format!(
                                r#"{{"email":"abandoned-{}@ajar.invalid","password":"{password}"}}"#,
                                rng.below(1000)
                            );
                            // A few addresses, soon throttled (as on SQLite, where these
                            // come from the suite's own address): the server then answers
                            // at once instead of hashing every password.
                            let from = format!("X-Forwarded-For: 10.0.0.{}\r\n", rng.below(4));
                            let mut bytes = request("POST", "/api/v1/therapist/session", "", &body);
                            let line_end = bytes.windows(2).position(|w| w == b"\r\n").unwrap_or(0) + 2;
                            bytes.splice(line_end..line_end, from.into_bytes());
                            bytes
                        }
                        2 => {
                            let body = format!(r#"{{"email":"{email}","password":"{password}"}}"#);
                            request("POST", "/api/v1/therapist/session", "", &body)
                        }
                        3 => {
                            let id = rng.check_in_id();
                            ledger.unanswered(&id, &client);
                            request("POST", "/api/v1/client/responses", &phone, &check_in(&id))
                        }
                        4 => {
                            let body =
                                format!(r#"{{"message":"Call 999 (round {})"}}"#, rng.below(100));
                            request("PUT", "/api/v1/therapist/crisis-text", &t, &body)
                        }
                        _ => request("GET", "/api/v1/therapist/audit", &t, ""),
                    };
                    let cut = if rng.below(4) == 0 {
                        rng.below(bytes.len() as u64) as usize
                    } else {
                        bytes.len()
                    };
                    let after = Duration::from_micros(rng.below(1000));
                    abandon(port, &bytes, cut, after).await;
                    // A pause between give-ups: many callers abandoning requests, not one
                    // flooding the server (a flood is a different fault, tests/abuse.rs).
                    tokio::time::sleep(Duration::from_micros(rng.below(5000))).await;
                }
                Vec::new()
            }));
        }
        tokio::time::sleep(Duration::from_millis(300 + rng.below(args.round_ms - 300))).await;
        server.kill().await;
        stop.store(true, Ordering::Relaxed);
        for t in tasks {
            unexpected.extend(t.await.unwrap_or_default());
        }
        print!(
            "\rkill rounds: {}/{} done, {} acknowledged",
            round + 1,
            args.rounds,
            ledger.count()
        );
        use std::io::Write;
        std::io::stdout().flush().ok();
    }
    println!();
    // One clean start after the last kill: recovery runs, then a clean stop.
    if let Ok(s) = Server::start_on(&db, free_port(), &[]).await {
        s.stop().await;
    }
    let v = ledger.verify_on(&db).await;
    for u in unexpected.iter().take(5) {
        println!("  unexpected answer: {u}");
    }
    Row {
        fault: match db {
            Db::Sqlite(_) => "SIGKILL under load, requests abandoned",
            Db::Postgres { .. } => "SIGKILL under load, requests abandoned (PostgreSQL)",
        },
        rounds: args.rounds,
        acknowledged: v.acknowledged,
        lost: v.lost,
        duplicated: v.duplicated,
        integrity: v.integrity,
        ok: v.ok && unexpected.is_empty() && v.acknowledged > 0,
    }
}
