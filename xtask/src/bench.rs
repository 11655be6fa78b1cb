//! `cargo xtask bench`: the server's benchmark, built as the server is built for use.

use crate::cmd::{self, Result, command};

pub fn bench() -> Result {
    cmd::run(command(
        "cargo",
        &[
            "run",
            "--profile",
            "server",
            "--package",
            "ajar-server",
            "--example",
            "bench_caseload",
        ],
    ))
}
