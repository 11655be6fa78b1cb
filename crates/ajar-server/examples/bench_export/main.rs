//! Benchmark: the caseload exports of 100,000 responses from the real `ajar` binary,
//! with the server's resident memory before and after each download (Linux's `VmHWM`,
//! the process's peak, and `VmRSS`). Exports are streamed a page at a time, so the peak
//! should not move with the number of responses. A measurement, not a test.

#[path = "../shared/caseload_data.rs"]
mod caseload_data;
#[path = "../fault_suite/db.rs"]
#[allow(dead_code)]
mod db;
#[path = "../fault_suite/server.rs"]
#[allow(dead_code)]
mod server;

use ajar_core::due::DAY_MS;
use ajar_server::auth::Token;
use ajar_server::clock::now_ms;
use ajar_server::store::{SessionKind, SqliteStore, Store};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::Command;

const WEEKS: i64 = 156;
const RESPONSES: usize = 100_000;

/// `VmHWM` and `VmRSS` of a process, in KiB.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Downloads `path`, keeping nothing but the count of bytes; (status line, bytes, time).
async fn download(port: u16, path: &str, cookie: &str) -> anyhow::Result<(String, u64, Duration)> {
    let started = Instant::now();
    let mut s = TcpStream::connect(("127.0.0.1", port)).await?;
    s.write_all(
        format!(
            "GET /api/v1{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\
             Connection: close\r\n\r\n"
        )
        .as_bytes(),
    )
    .await?;
    let mut reader = BufReader::new(s);
    let mut status = String::new();
    reader.read_line(&mut status).await?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut bytes = 0u64;
    loop {
        let n = reader.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
    }
    Ok((status.trim().to_owned(), bytes, started.elapsed()))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.sqlite3");
    let now = now_ms();
    let clients = RESPONSES.div_ceil(caseload_data::per_client(WEEKS));
    let started = Instant::now();
    let token = Token::generate();
    {
        let store = SqliteStore::open_for_bulk_load(&db).await?;
        let (therapist, _, rows) = caseload_data::generate(&store, clients, WEEKS, now).await?;
        store
            .create_session(
                &token.hash(),
                SessionKind::Therapist,
                therapist.0,
                now,
                now + DAY_MS,
                None,
            )
            .await?;
        store.close().await;
        println!(
            "generated {clients} clients × {WEEKS} weeks: {rows} responses in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let port = server::free_port();
    let mut child = Command::new(server::binary())
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--dist",
            "none",
        ])
        .arg("--db")
        .arg(&db)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()?;
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    while let Some(line) = lines.next_line().await? {
        if line.contains("Press Ctrl-C") {
            break;
        }
    }
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    let pid = child.id().expect("running");
    let cookie = format!("__Host-ajar_therapist={}", token.expose());
    let (status, _, _) = download(port, "/therapist/caseload", &cookie).await?;
    assert!(status.contains(" 200 "), "caseload: {status}");
    let (hwm, rss) = memory(pid);
    println!(
        "server after start and one caseload   peak {:>7.1} MiB   now {:>7.1} MiB",
        hwm as f64 / 1024.0,
        rss as f64 / 1024.0
    );
    for path in ["/therapist/export.csv", "/therapist/export.fhir.json"] {
        let (status, bytes, took) = download(port, path, &cookie).await?;
        assert!(status.contains(" 200 "), "{path}: {status}");
        let (hwm, rss) = memory(pid);
        println!(
            "{path:<28} {:>7.1} MiB in {:>5.1} s   peak {:>7.1} MiB   now {:>7.1} MiB",
            bytes as f64 / 1024.0 / 1024.0,
            took.as_secs_f64(),
            hwm as f64 / 1024.0,
            rss as f64 / 1024.0
        );
    }
    child.kill().await?;
    Ok(())
}
