//! `cargo xtask run`: from a fresh machine to a running Ajar with demo data.

use crate::build;
use crate::cmd::{Result, root};
use crate::tools::{self, Need};

pub fn run(extra: &[String]) -> Result {
    tools::ensure_all(Need::Build)?;
    build::app_release(false)?;
    let ajar = build::server("server")?;
    let root = root();
    let mut serve = std::process::Command::new(&ajar);
    serve.current_dir(&root).args(["serve", "--demo"]);
    // Defaults the person did not override; the data folder is documented in README.md.
    // The demo has a database of its own, never the one real accounts live in.
    for (flag, value) in [("--db", "data/demo.sqlite3"), ("--dist", "dist")] {
        if !extra
            .iter()
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
        {
            serve.args([flag, value]);
        }
    }
    serve.args(extra.iter().filter(|a| *a != "--demo"));
    exec(serve)
}

/// Replaces this process with the server, so Ctrl-C reaches it directly and it shuts
/// down cleanly.
#[cfg(unix)]
fn exec(mut c: std::process::Command) -> Result {
    use std::os::unix::process::CommandExt;
    Err(format!("could not start the server: {}", c.exec()))
}

#[cfg(not(unix))]
fn exec(mut c: std::process::Command) -> Result {
    let status = c
        .status()
        .map_err(|e| format!("could not start the server: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or(format!("the server stopped: {status}"))
}
