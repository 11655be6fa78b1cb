//! `cargo xtask bench`: the server's benchmarks, built as the server is built for use:
//! the caseload on 200 clients × 3 years, then durable check-ins per second against the
//! real binary beside the disk's single-commit floor, then the server's memory while it
//! streams exports of 100,000 responses.

use crate::build;
use crate::cmd::{self, Result, command};
use std::path::Path;

pub fn bench() -> Result {
    example("bench_caseload", None)?;
    let ajar = build::server("server")?;
    example("bench_checkins", Some(&ajar))?;
    example("bench_export", Some(&ajar))
}

/// Runs one of the server's benchmark examples; `ajar` is the binary it starts, if any.
fn example(name: &str, ajar: Option<&Path>) -> Result {
    let mut c = command(
        "cargo",
        &[
            "run",
            "--profile",
            "server",
            "--package",
            "ajar-server",
            "--example",
            name,
        ],
    );
    if let Some(ajar) = ajar {
        c.env("AJAR_BIN", ajar);
    }
    cmd::run(c)
}
