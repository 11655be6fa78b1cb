//! The fault suite (crates/ajar-server/examples/fault_suite): the real `ajar` binary
//! killed, abandoned mid-request, locked out, out of disk, read-only, its log torn.

use crate::build;
use crate::cmd::{self, Result, command};
use std::time::Duration;

/// Builds the binary and the suite with `profile` and runs it; returns how many fault
/// cases passed (the suite's last line is `faults: N passed, M failed`).
pub fn run(profile: &str, suite_args: &[&str], limit: Duration) -> Result<usize> {
    let ajar = build::server(profile)?;
    cmd::run(command(
        "cargo",
        &[
            "build",
            "--package",
            "ajar-server",
            "--example",
            "fault_suite",
            "--profile",
            profile,
        ],
    ))?;
    let suite = ajar.with_file_name("examples").join("fault_suite");
    let suite = suite.to_string_lossy();
    let mut c = command(&suite, suite_args);
    c.env("AJAR_BIN", &ajar);
    let out = cmd::run_captured(c, limit)?;
    out.lines()
        .rev()
        .find_map(|l| l.strip_prefix("faults: "))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| "the fault suite printed no `faults: N passed` line".to_owned())
}
