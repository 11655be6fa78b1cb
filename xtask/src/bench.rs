//! `cargo xtask bench`: the server's benchmarks, built as the server is built for use:
//! the caseload on 200 clients × 3 years, then durable check-ins per second against the
//! real binary beside the disk's single-commit floor.

use crate::build;
use crate::cmd::{self, Result, command};

pub fn bench() -> Result {
    let example = |name: &str| {
        cmd::run(command(
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
        ))
    };
    example("bench_caseload")?;
    let ajar = build::server("server")?;
    let mut c = command(
        "cargo",
        &[
            "run",
            "--profile",
            "server",
            "--package",
            "ajar-server",
            "--example",
            "bench_checkins",
        ],
    );
    c.env("AJAR_BIN", ajar);
    cmd::run(c)
}
