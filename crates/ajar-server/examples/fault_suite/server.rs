//! The real `ajar` binary, started on a loopback port and killed with SIGKILL.

use crate::db::Db;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub struct Server {
    pub port: u16,
    pub email: String,
    pub password: String,
    /// Demo client label → link token.
    pub links: BTreeMap<String, String>,
    child: Child,
}

pub fn binary() -> PathBuf {
    std::env::var_os("AJAR_BIN")
        .map(PathBuf::from)
        // Set when this file is part of an integration test (tests/two_servers.rs).
        .or_else(|| option_env!("CARGO_BIN_EXE_ajar").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("target/debug/ajar"))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// What a start that failed printed, so a case can check the message says what to do.
pub struct StartFailure {
    pub output: String,
}

impl Server {
    pub async fn start(db: &Path, port: u16) -> Result<Server, StartFailure> {
        Self::start_on(&Db::Sqlite(db.to_owned()), port, &[]).await
    }

    pub async fn start_with(db: &Path, port: u16, extra: &[&str]) -> Result<Server, StartFailure> {
        Self::start_on(&Db::Sqlite(db.to_owned()), port, extra).await
    }

    pub async fn start_on(db: &Db, port: u16, extra: &[&str]) -> Result<Server, StartFailure> {
        let mut command = Command::new(binary());
        if let Some(key) = db.key_file() {
            command.env("AJAR_AUDIT_KEY_FILE", key);
        }
        let mut child = command
            .args([
                "serve",
                "--demo",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--dist",
                "/nonexistent",
            ])
            .arg("--db")
            .arg(db.arg())
            .args(extra)
            .env("RUST_LOG", "warn")
            // The suite is a flood from a few phones on purpose: the per-phone rate limit
            // (tested in tests/rate_limit.rs) would only slow it down.
            .env("AJAR_PHONE_REQUESTS_PER_MINUTE", "1000000")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| StartFailure {
                output: format!("could not start {}: {e}", binary().display()),
            })?;
        let mut stdout = BufReader::new(child.stdout.take().expect("piped")).lines();
        let mut stderr = child.stderr.take().expect("piped");
        let mut banner = String::new();
        let started = tokio::time::timeout(Duration::from_secs(30), async {
            while let Ok(Some(line)) = stdout.next_line().await {
                banner.push_str(&line);
                banner.push('\n');
                if line.contains("Press Ctrl-C") {
                    return true;
                }
            }
            false
        })
        .await
        .unwrap_or(false);
        if !started {
            let _ = child.start_kill();
            let mut err = String::new();
            use tokio::io::AsyncReadExt;
            let _ =
                tokio::time::timeout(Duration::from_secs(5), stderr.read_to_string(&mut err)).await;
            return Err(StartFailure {
                output: format!("{banner}{err}"),
            });
        }
        // Keep draining both pipes so a chatty server never blocks on a full one.
        tokio::spawn(async move { while let Ok(Some(_)) = stdout.next_line().await {} });
        tokio::spawn(async move {
            use tokio::io::AsyncReadExt;
            let mut sink = Vec::new();
            let _ = stderr.read_to_end(&mut sink).await;
        });
        let login = banner
            .split("demo login: ")
            .nth(1)
            .and_then(|l| l.lines().next())
            .expect("the banner has the demo login");
        let (email, password) = login.split_once(" / ").expect("email / password");
        let links = banner
            .lines()
            .filter_map(|l| {
                let (label, link) = l.trim().split_once(char::is_whitespace)?;
                Some((
                    label.to_owned(),
                    link.trim().split_once("#t=")?.1.to_owned(),
                ))
            })
            .collect();
        Ok(Server {
            port,
            email: email.to_owned(),
            password: password.trim().to_owned(),
            links,
            child,
        })
    }

    /// SIGKILL: no shutdown, no checkpoint, nothing flushed that was not already.
    pub async fn kill(mut self) {
        let _ = self.child.kill().await;
    }

    /// SIGTERM and wait: the clean stop a person makes with Ctrl-C.
    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .arg(pid.to_string())
                .status();
        }
        let _ = tokio::time::timeout(Duration::from_secs(20), self.child.wait()).await;
    }
}
