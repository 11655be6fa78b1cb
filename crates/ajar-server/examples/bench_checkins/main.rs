//! Benchmark: durable check-ins per second against the real `ajar` binary, at 1, 16 and
//! 64 phones posting as fast as they can over kept-alive connections, with p50/p99 of
//! each answer; beside it, the same disk's floor: one-row commits in a loop on SQLite
//! with WAL and `synchronous = FULL`, the rate without group commit.
//! Run with `cargo xtask bench`. A measurement, not a test.

#[path = "../fault_suite/db.rs"]
#[allow(dead_code)]
mod db;
#[path = "../fault_suite/http.rs"]
#[allow(dead_code)]
mod http;
#[path = "../fault_suite/rng.rs"]
#[allow(dead_code)]
mod rng;
#[path = "../fault_suite/server.rs"]
#[allow(dead_code)]
mod server;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const SECONDS: u64 = 8;

/// One phone's kept-alive connection.
struct Phone {
    conn: BufReader<TcpStream>,
    cookie: String,
}

impl Phone {
    async fn post(&mut self, body: &str) -> std::io::Result<u16> {
        let head = format!(
            "POST /api/v1/client/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nx-ajar-csrf: 1\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nCookie: {}\r\n\r\n",
            body.len(),
            self.cookie
        );
        let s = self.conn.get_mut();
        s.write_all(head.as_bytes()).await?;
        s.write_all(body.as_bytes()).await?;
        let mut status_line = String::new();
        self.conn.read_line(&mut status_line).await?;
        let status = status_line
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if self.conn.read_line(&mut line).await? == 0 || line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0u8; length];
        self.conn.read_exact(&mut body).await?;
        Ok(status)
    }
}

fn check_in(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","instrument":"ajar-session","version":1,"answers":{{"heard":7,"goals":6,"approach":8,"overall":7,"pace":1,"note":"bench"}}}}"#
    )
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn load(
    port: u16,
    cookies: &[String],
    phones: usize,
    rng: Arc<rng::Rng>,
) -> (usize, Vec<Duration>) {
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let mut tasks = Vec::new();
    for i in 0..phones {
        let cookie = cookies[i % cookies.len()].clone();
        let rng = rng.clone();
        tasks.push(tokio::spawn(async move {
            let conn = TcpStream::connect(("127.0.0.1", port))
                .await
                .expect("connects");
            conn.set_nodelay(true).ok();
            let mut phone = Phone {
                conn: BufReader::new(conn),
                cookie,
            };
            let (mut acked, mut latencies) = (0usize, Vec::new());
            while Instant::now() < deadline {
                let body = check_in(&rng.check_in_id());
                let started = Instant::now();
                match phone.post(&body).await {
                    Ok(201) => {
                        acked += 1;
                        latencies.push(started.elapsed());
                    }
                    Ok(other) => panic!("a check-in was answered {other}"),
                    Err(e) => panic!("the connection failed: {e}"),
                }
            }
            (acked, latencies)
        }));
    }
    let (mut acked, mut all) = (0, Vec::new());
    for t in tasks {
        let (a, l) = t.await.expect("a phone finished");
        acked += a;
        all.extend(l);
    }
    all.sort();
    (acked, all)
}

/// One-row commits in a loop, WAL + FULL, on the same disk: what a server without
/// group commit can reach at best.
async fn floor(dir: &Path) -> f64 {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    use sqlx::{ConnectOptions, Connection};
    let mut conn = SqliteConnectOptions::new()
        .filename(dir.join("floor.sqlite3"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await
        .expect("the floor database opens");
    sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
        .execute(&mut conn)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(SECONDS / 2);
    let (started, mut n) = (Instant::now(), 0u64);
    while Instant::now() < deadline {
        sqlx::query("INSERT INTO t (body) VALUES (?)")
            .bind("a check-in's worth of text, about a hundred and fifty bytes long, like the answers")
            .execute(&mut conn)
            .await
            .unwrap();
        n += 1;
    }
    conn.close().await.ok();
    n as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // On the project's disk, not a tmpfs: fsync must cost what it costs.
    let base = std::env::current_dir().unwrap().join("target/bench");
    std::fs::create_dir_all(&base).unwrap();
    let dir = tempfile::tempdir_in(&base).unwrap();
    let floor_rate = floor(dir.path()).await;
    let s = server::Server::start(&dir.path().join("ajar.sqlite3"), server::free_port())
        .await
        .unwrap_or_else(|f| panic!("the server did not start: {}", f.output));
    let mut cookies = Vec::new();
    for token in s.links.values() {
        let body = format!(r#"{{"token":"{token}"}}"#);
        if let Ok(r) = http::call(
            s.port,
            "POST",
            "/api/v1/client/session",
            "",
            &body,
            Duration::from_secs(10),
        )
        .await
            && let Some(c) = r.cookie()
        {
            cookies.push(c);
        }
    }
    let rng = Arc::new(rng::Rng::new(rng::fresh_seed()));
    println!(
        "\ndurable check-ins against the real binary ({SECONDS} s each, kept-alive connections)\n"
    );
    println!("| phones | check-ins/s | p50 ms | p99 ms |\n|---|---|---|---|");
    for phones in [1, 16, 64] {
        let (acked, latencies) = load(s.port, &cookies, phones, rng.clone()).await;
        println!(
            "| {phones} | {:.0} | {:.1} | {:.1} |",
            acked as f64 / SECONDS as f64,
            percentile(&latencies, 0.50),
            percentile(&latencies, 0.99)
        );
    }
    println!("\nSQLite floor on the same disk (one-row commits, WAL + FULL): {floor_rate:.0}/s");
    s.stop().await;
}
