//! `cargo xtask test`: every check the project has, in the order that fails fastest.
//! Nothing is skipped: a missing browser is installed, or the run fails.

use crate::build;
use crate::cmd::{self, Result, command};
use crate::faults;
use crate::postgres;
use crate::schemathesis;
use crate::tools::{self, CHROMEDRIVER, CHROMIUM, Need};
use std::time::{Duration, Instant};

struct Step {
    name: &'static str,
    /// Far above what the step needs on a cold machine: a hang fails the run at this
    /// point, with time left in CI's 90 minutes to say which step hung.
    minutes: u64,
    run: fn(Duration) -> Result<Ran>,
}

/// What a step did: a check with nothing to count, or a number of tests run (never 0:
/// a test step that ran nothing fails, because it proved nothing).
enum Ran {
    Checked,
    Tests(usize),
}

const STEPS: &[Step] = &[
    Step {
        name: "tools (install what is missing)",
        minutes: 40,
        run: |_| tools::ensure_all(Need::Everything).map(|()| Ran::Checked),
    },
    Step {
        name: "cargo fmt --check",
        minutes: 5,
        run: |limit| check(&["fmt", "--all", "--check"], limit),
    },
    Step {
        name: "clippy (native, all targets)",
        minutes: 25,
        run: |limit| {
            check(
                &[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ],
                limit,
            )
        },
    },
    Step {
        name: "clippy (wasm32: app and core, with browser tests)",
        minutes: 25,
        run: |limit| {
            check(
                &[
                    "clippy",
                    "--package",
                    "ajar-app",
                    "--package",
                    "ajar-core",
                    "--all-targets",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--",
                    "-D",
                    "warnings",
                ],
                limit,
            )
        },
    },
    Step {
        name: "native tests (all crates)",
        minutes: 30,
        run: |limit| cargo_tests(command("cargo", &["test", "--workspace"]), limit),
    },
    Step {
        name: "the API tests again on PostgreSQL (a throwaway cluster)",
        minutes: 20,
        run: postgres_tests,
    },
    Step {
        name: "fault suite, short (real binary: SIGKILL, abandoned requests, disk faults)",
        minutes: 15,
        run: |limit| {
            faults::run("dev", &["--rounds", "25", "--phones", "8"], limit).map(Ran::Tests)
        },
    },
    Step {
        name: "fault suite on PostgreSQL, short (SIGKILL, abandoned requests, connections cut, the database restarted)",
        minutes: 15,
        run: postgres_faults,
    },
    Step {
        name: "schemathesis (every API operation against the real binary)",
        minutes: 15,
        run: |limit| schemathesis::run("dev", 100, limit).map(Ran::Tests),
    },
    Step {
        name: "ajar-core builds for wasm32",
        minutes: 10,
        run: |limit| {
            check(
                &[
                    "build",
                    "--package",
                    "ajar-core",
                    "--target",
                    "wasm32-unknown-unknown",
                ],
                limit,
            )
        },
    },
    Step {
        name: "browser tests (wasm-bindgen-test, headless Chromium)",
        minutes: 20,
        run: wasm_tests,
    },
    Step {
        name: "release build of the app (Trunk)",
        minutes: 25,
        run: release_build,
    },
    Step {
        name: "journeys (Playwright, Chromium at 390×844)",
        minutes: 25,
        run: |limit| journeys(limit, None),
    },
    Step {
        name: "journeys again on PostgreSQL (5 random phone runs instead of 20)",
        minutes: 25,
        run: |limit| {
            let cluster = postgres::Cluster::start()?;
            let ran = journeys(limit, Some(&cluster.url));
            drop(cluster);
            ran
        },
    },
];

/// Every step, or with `only` the tools and the steps whose name holds it (in any case).
pub fn test(only: Option<&str>) -> Result {
    let mut results: Vec<(&str, Option<bool>, Duration)> = Vec::new();
    let mut failed = false;
    let chosen = STEPS.iter().enumerate().filter(|(i, s)| {
        *i == 0 || only.is_none_or(|o| s.name.to_lowercase().contains(&o.to_lowercase()))
    });
    for (_, step) in chosen {
        if failed {
            results.push((step.name, None, Duration::ZERO));
            continue;
        }
        println!("\n=== {} ===", step.name);
        let started = Instant::now();
        let outcome = match (step.run)(Duration::from_secs(step.minutes * 60)) {
            Ok(Ran::Tests(0)) => Err("it ran 0 tests, so it proved nothing".to_owned()),
            Ok(Ran::Tests(n)) => {
                println!("--- {}: {n} tests ran", step.name);
                Ok(())
            }
            Ok(Ran::Checked) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = &outcome {
            eprintln!("FAILED: {e}");
            failed = true;
        }
        results.push((step.name, Some(outcome.is_ok()), started.elapsed()));
    }

    println!("\nSummary");
    for (name, ok, took) in &results {
        let mark = match ok {
            Some(true) => "ok    ",
            Some(false) => "FAILED",
            None => "not run",
        };
        println!("  {mark} {name} ({:.0}s)", took.as_secs_f64());
    }
    let count = |want: Option<bool>| results.iter().filter(|r| r.1 == want).count();
    let (passed, failures, not_run) = (count(Some(true)), count(Some(false)), count(None));
    // The last line is the one CI reads.
    if not_run == 0 {
        println!("steps: {passed} passed, {failures} failed");
    } else {
        println!("steps: {passed} passed, {failures} failed, {not_run} skipped");
    }
    if failed {
        Err("some checks failed".into())
    } else {
        Ok(())
    }
}

fn check(args: &[&str], limit: Duration) -> Result<Ran> {
    cmd::run_captured(command("cargo", args), limit).map(|_| Ran::Checked)
}

/// Runs a libtest-style runner (cargo test, wasm-bindgen-test-runner) and adds up the
/// `N passed` of every `test result:` line it printed.
fn cargo_tests(c: std::process::Command, limit: Duration) -> Result<Ran> {
    let out = cmd::run_captured(c, limit)?;
    Ok(Ran::Tests(passed_in(&out)))
}

fn passed_in(out: &str) -> usize {
    out.lines()
        .filter_map(|l| l.trim().strip_prefix("test result: "))
        .filter_map(|l| {
            l.split("; ")
                .next()?
                .split_whitespace()
                .rev()
                .nth(1)?
                .parse::<usize>()
                .ok()
        })
        .sum()
}

/// Builds both bundles, then checks the client's keeps a promise of ARCHITECTURE.md that
/// no test of behaviour would notice breaking: no serde_json (whose parse errors are text
/// only it carries) on the phone.
fn release_build(_: Duration) -> Result<Ran> {
    build::app_release(true)?;
    let wasm: Vec<_> = build::app_files(&cmd::root().join("dist"))?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect();
    // A guard that finds nothing to look at would pass on anything.
    if wasm.is_empty() {
        return Err("dist/ holds no .wasm file: the serde_json guard had nothing to check".into());
    }
    for path in wasm {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if bytes.windows(17).any(|w| w == b"EOF while parsing") {
            return Err(format!(
                "{} holds serde_json: the phone's JSON goes through miniserde \
                 (ajar_core::phone_json); find what pulled serde_json back in",
                path.display()
            ));
        }
    }
    Ok(Ran::Checked)
}

/// The server's tests that hold for either engine (every one that drives the API through
/// `common::world()` and never reaches into a SQLite file), the library's own tests,
/// and tests/postgres.rs, tests/copy.rs and tests/two_servers.rs (which need PostgreSQL), with
/// `AJAR_TEST_POSTGRES` naming a cluster started for them.
const ON_BOTH_ENGINES: &[&str] = &[
    "abuse",
    "accounts",
    "answered_at",
    "api",
    "caseload_window",
    "client_labels",
    "client_words",
    "clients",
    "copy",
    "endings",
    "episodes",
    "export",
    "export_stream",
    "headers",
    "hostile_requests",
    "matrix",
    "missed_session",
    "mfa",
    "openapi",
    "postgres",
    "rate_limit",
    "reminders",
    "request_history",
    "risk",
    "two_servers",
    "written_for",
];

fn postgres_tests(limit: Duration) -> Result<Ran> {
    let cluster = postgres::Cluster::start()?;
    let mut args = vec!["test", "--package", "ajar-server", "--lib"];
    for t in ON_BOTH_ENGINES {
        args.extend(["--test", t]);
    }
    let mut c = command("cargo", &args);
    c.env("AJAR_TEST_POSTGRES", &cluster.url);
    let ran = cargo_tests(c, limit);
    drop(cluster);
    ran
}

fn postgres_faults(limit: Duration) -> Result<Ran> {
    let cluster = postgres::Cluster::start()?;
    let mut args = vec![
        "--rounds",
        "10",
        "--phones",
        "8",
        "--postgres",
        &cluster.url,
    ];
    let restart = cluster.restart_command();
    if let Some(command) = &restart {
        args.extend(["--pg-restart", command]);
    }
    let ran = faults::run("dev", &args, limit).map(Ran::Tests);
    drop(cluster);
    ran
}

fn wasm_tests(limit: Duration) -> Result<Ran> {
    // The runner in .cargo/config.toml drives Chromium through chromedriver;
    // webdriver.json adds the flags for a closed network.
    let mut c = command(
        "cargo",
        &[
            "test",
            "--package",
            "ajar-app",
            "--target",
            "wasm32-unknown-unknown",
        ],
    );
    c.env("CHROMEDRIVER", CHROMEDRIVER);
    cargo_tests(c, limit)
}

/// The journeys' runner (tests/e2e/run.mjs) ends with `journeys: N passed, M failed`.
/// With `postgres` (a server's URL) each journey file's server runs on a database of its
/// own there.
fn journeys(limit: Duration, postgres: Option<&str>) -> Result<Ran> {
    let ajar = build::server("dev")?;
    let mut c = command("npm", &["run", "--silent", "e2e"]);
    c.env("AJAR_BIN", ajar).env("CHROMIUM_PATH", CHROMIUM);
    if let Some(url) = postgres {
        c.env("AJAR_E2E_POSTGRES", url).env("AJAR_RANDOM_RUNS", "5");
    }
    let out = cmd::run_captured(c, limit)?;
    let passed = out
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("journeys: "))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .ok_or("the journeys printed no `journeys: N passed` line")?;
    Ok(Ran::Tests(passed))
}

#[cfg(test)]
mod tests {
    use super::passed_in;

    #[test]
    fn counts_every_test_result_line() {
        let out = "running 3 tests\ntest result: ok. 3 passed; 0 failed; 0 ignored\n\
                   test result: ok. 0 passed; 0 failed\n   test result: FAILED. 2 passed; 1 failed\n";
        assert_eq!(passed_in(out), 5);
        assert_eq!(passed_in("running 0 tests\n"), 0);
    }
}
