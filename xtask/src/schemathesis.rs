//! schemathesis (PyPI) against the real `ajar` binary: every operation of
//! `/api/v1/openapi.json`, signed in as a client and as a therapist, then the FHIR export
//! checked by an independent FHIR R4 implementation (`fhir.resources`; tests/api/run.py).
//! Both live in a virtual environment under `target/`, made on first use, so nothing is
//! installed into the machine's own Python.

use crate::build;
use crate::cmd::{self, Result, command, root};
use crate::tools;
use std::path::PathBuf;
use std::time::Duration;

/// What the virtual environment holds, exactly; it is made again when this changes.
const REQUIREMENTS: &[&str] = &["schemathesis==4.32.5", "fhir.resources==8.3.0"];

fn venv() -> PathBuf {
    root().join("target/tools/schemathesis")
}

/// Makes the virtual environment with the requirements in it unless it already has them.
pub fn ensure() -> Result {
    let marker = venv().join("ajar-requirements.txt");
    let wanted = REQUIREMENTS.join("\n");
    if std::fs::read_to_string(&marker).is_ok_and(|had| had == wanted) {
        return Ok(());
    }
    println!(
        "Installing {} from PyPI into {}…",
        REQUIREMENTS.join(", "),
        venv().display()
    );
    let make = || {
        cmd::run(command(
            "python3",
            &["-m", "venv", "--clear", &venv().to_string_lossy()],
        ))
    };
    if make().is_err() {
        // Debian's python3 comes without its venv module (and pip) unless asked for.
        tools::apt_install(
            &["python3-venv", "python3-pip"],
            "schemathesis needs python3's venv module",
        )?;
        make()?;
    }
    let pip = venv().join("bin/pip");
    let mut args = vec!["install", "--quiet"];
    args.extend(REQUIREMENTS);
    cmd::run(command(&pip.to_string_lossy(), &args))?;
    std::fs::write(&marker, wanted).map_err(|e| format!("writing {}: {e}", marker.display()))
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
