//! schemathesis (PyPI) against the real `ajar` binary: every operation of
//! `/api/v1/openapi.json`, signed in as a client and as a therapist (tests/api/run.py).
//! It lives in a virtual environment under `target/`, made on first use, so nothing is
//! installed into the machine's own Python.

use crate::build;
use crate::cmd::{self, Result, command, root};
use std::path::PathBuf;
use std::time::Duration;

const VERSION: &str = "4.32.5";

fn venv() -> PathBuf {
    root().join("target/tools/schemathesis")
}

/// Makes the virtual environment with schemathesis in it unless it is already there.
pub fn ensure() -> Result {
    let st = venv().join("bin/st");
    let wanted = format!("st, version {VERSION}");
    if cmd::output(&st.to_string_lossy(), &["--version"]).is_some_and(|v| v.trim() == wanted) {
        return Ok(());
    }
    println!(
        "Installing schemathesis {VERSION} from PyPI into {}…",
        venv().display()
    );
    cmd::run(command(
        "python3",
        &["-m", "venv", "--clear", &venv().to_string_lossy()],
    ))
    .map_err(|e| {
        format!("{e}\n(python3 needs its venv module: on Debian, apt-get install -y python3-venv)")
    })?;
    let pip = venv().join("bin/pip");
    cmd::run(command(
        &pip.to_string_lossy(),
        &["install", "--quiet", &format!("schemathesis=={VERSION}")],
    ))
}

/// Runs every operation with `max_examples` generated cases each; returns how many
/// operations ran (the script's last line is `schemathesis: N operations, …`).
pub fn run(profile: &str, max_examples: u32, limit: Duration) -> Result<usize> {
    ensure()?;
    let ajar = build::server(profile)?;
    let python = venv().join("bin/python");
    let script = root().join("tests/api/run.py");
    let c = command(
        &python.to_string_lossy(),
        &[
            &script.to_string_lossy(),
            "--ajar",
            &ajar.to_string_lossy(),
            "--max-examples",
            &max_examples.to_string(),
        ],
    );
    let out = cmd::run_captured(c, limit)?;
    out.lines()
        .rev()
        .find_map(|l| l.strip_prefix("schemathesis: "))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| "schemathesis printed no `schemathesis: N operations` line".to_owned())
}
