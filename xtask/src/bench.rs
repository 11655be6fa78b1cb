//! `cargo xtask bench`: the server's benchmarks, built as the server is built for use:
//! the caseload on 200 clients × 3 years (on SQLite, then the same data on a throwaway
//! PostgreSQL), then durable check-ins per second against the real binary beside the
//! disk's single-commit floor, then the server's memory while it streams exports of
//! 100,000 responses.

use crate::build;
use crate::cmd::{self, Result, command};
use std::path::Path;

pub fn bench() -> Result {
    crate::postgres::ensure_installed()?;
    let cluster = crate::postgres::Cluster::start()?;
    example("bench_caseload", None, Some(&cluster.url))?;
    drop(cluster);
    let ajar = build::server("server")?;
    example("bench_checkins", Some(&ajar), None)?;
    example("bench_export", Some(&ajar), None)
}

/// Runs one of the server's benchmark examples; `ajar` is the binary it starts, if any;
/// `postgres` a PostgreSQL server it may use too.
fn example(name: &str, ajar: Option<&Path>, postgres: Option<&str>) -> Result {
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
    if let Some(url) = postgres {
        c.env("AJAR_BENCH_POSTGRES", url);
    }
    cmd::run(c)
}
