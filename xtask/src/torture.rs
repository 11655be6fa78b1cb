//! `cargo xtask torture`: the long runs that would make `cargo xtask test` too slow for
//! every change, at full size. Each prints its own figures; any failure fails the task.

use crate::build;
use crate::cmd::{self, Result, command};
use crate::faults;
use crate::schemathesis;
use crate::tools;
use std::time::{Duration, Instant};

/// The files cargo-mutants mutates: all of ajar-core, and the server's pure modules
/// (no I/O: their unit tests are their whole proof).
/// With the test filter given to `cargo test`: ajar-core's tests are all unit tests;
/// the server's pure modules by their unit tests and the API tests that use them (the
/// export writers, the audit chain, the bound on password hashes).
const MUTATED: &[(&str, &[&str], &[&str])] = &[
    ("ajar-core", &["crates/ajar-core/src/**/*.rs"], &["--lib"]),
    (
        "ajar-server",
        &[
            "crates/ajar-server/src/throttle.rs",
            "crates/ajar-server/src/audit.rs",
            "crates/ajar-server/src/csp.rs",
            "crates/ajar-server/src/export/*.rs",
            "crates/ajar-server/src/store/sqlite/preflight.rs",
            "crates/ajar-server/src/password_checks.rs",
        ],
        &[
            "--lib",
            "--test",
            "export",
            "--test",
            "hostile_text",
            "--test",
            "abuse",
            "--test",
            "audit",
        ],
    ),
];

/// Generated cases per API operation in the long run (the test command runs 100).
const SCHEMATHESIS_EXAMPLES: u32 = 1000;

/// Randomised phone journeys in the long run (the test command runs 20).
const PHONE_RUNS: u32 = 200;

/// Cases per property in the long run (the test command runs proptest's default 256).
const DECODER_CASES: u32 = 200_000;

pub fn torture(args: &[String]) -> Result {
    let only = args.first().map(String::as_str);
    let started = Instant::now();
    if only.is_none() || only == Some("faults") {
        println!("\n=== fault suite, full size (server profile) ===");
        faults::run(
            "server",
            &[
                "--rounds",
                "120",
                "--phones",
                "16",
                "--round-ms",
                "4000",
                "--disk-full",
                "50",
            ],
            Duration::from_secs(60 * 60),
        )?;
        println!("\n=== fault suite on PostgreSQL, full size (server profile) ===");
        let cluster = crate::postgres::Cluster::start()?;
        let restart = cluster.restart_command();
        let mut pg = vec!["--rounds", "60", "--phones", "16", "--round-ms", "4000"];
        pg.extend(["--postgres", &cluster.url]);
        if let Some(command) = &restart {
            pg.extend(["--pg-restart", command]);
        }
        faults::run("server", &pg, Duration::from_secs(30 * 60))?;
        drop(cluster);
    }
    if only.is_none() || only == Some("schemathesis") {
        println!("\n=== schemathesis, {SCHEMATHESIS_EXAMPLES} examples per operation ===");
        schemathesis::run(
            "server",
            SCHEMATHESIS_EXAMPLES,
            Duration::from_secs(2 * 60 * 60),
        )?;
    }
    if only.is_none() || only == Some("decoders") {
        println!("\n=== property tests of the decoders, {DECODER_CASES} cases each ===");
        let mut c = command(
            "cargo",
            &[
                "test",
                "--release",
                "--package",
                "ajar-core",
                "--test",
                "decoders",
            ],
        );
        c.env("PROPTEST_CASES", DECODER_CASES.to_string());
        cmd::run_captured(c, Duration::from_secs(60 * 60))?;
        println!("decoders: 3 properties × {DECODER_CASES} cases, 0 failures");
    }
    if only.is_none() || only == Some("phone") {
        println!("\n=== randomised phone journeys, {PHONE_RUNS} runs ===");
        build::app_release(false)?;
        let ajar = build::server("dev")?;
        let mut c = command(
            "npm",
            &[
                "run",
                "--silent",
                "e2e",
                "--",
                "tests/e2e/random_phone.test.mjs",
            ],
        );
        c.env("AJAR_BIN", ajar)
            .env("CHROMIUM_PATH", tools::CHROMIUM)
            .env("AJAR_RANDOM_RUNS", PHONE_RUNS.to_string())
            .env("AJAR_E2E_FILE_TIMEOUT_MS", (2 * 60 * 60 * 1000).to_string());
        let out = cmd::run_captured(c, Duration::from_secs(2 * 60 * 60))?;
        if let Some(line) = out.lines().find(|l| l.starts_with("random phone: ")) {
            println!("{line}");
        }
    }
    if only.is_none() || only == Some("mutants") {
        println!("\n=== mutation testing (cargo-mutants) ===");
        mutants()?;
    }
    println!("torture: done in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Every mutant of every listed file, each built and tested; cargo-mutants prints the
/// caught / missed / unviable counts, and writes the missed ones to mutants.out/.
fn mutants() -> Result {
    if cmd::output("cargo", &["mutants", "--version"]).is_none() {
        cmd::run(command(
            "cargo",
            &[
                "install",
                "cargo-mutants",
                "--version",
                "27.1.0",
                "--locked",
            ],
        ))?;
    }
    for (package, files, filter) in MUTATED {
        let mut a = vec!["mutants", "--package", package, "--no-shuffle", "-j", "1"];
        for f in *files {
            a.extend(["--file", f]);
        }
        let out = format!("target/mutants/{package}");
        a.extend(["--output", &out, "--"]);
        a.extend(filter.iter());
        // cargo-mutants exits non-zero when any mutant is missed: that is a figure to
        // report, not a broken run, so the outcome is read from its summary instead.
        let c = command("cargo", &a);
        let _ = cmd::run_captured(c, Duration::from_secs(3 * 60 * 60));
    }
    Ok(())
}
