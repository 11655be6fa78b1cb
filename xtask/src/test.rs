//! `cargo xtask test`: every check the project has, in the order that fails fastest.
//! Nothing is skipped: a missing browser is installed, or the run fails.

use crate::build;
use crate::cmd::{self, Result, command};
use crate::tools::{self, CHROMEDRIVER, CHROMIUM, Need};
use std::time::{Duration, Instant};

struct Step {
    name: &'static str,
    run: fn() -> Result,
}

const STEPS: &[Step] = &[
    Step {
        name: "tools (install what is missing)",
        run: || tools::ensure_all(Need::Everything),
    },
    Step {
        name: "cargo fmt --check",
        run: || cargo(&["fmt", "--all", "--check"]),
    },
    Step {
        name: "clippy (native, all targets)",
        run: || {
            cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])
        },
    },
    Step {
        name: "clippy (wasm32: app and core, with browser tests)",
        run: || {
            cargo(&[
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
            ])
        },
    },
    Step {
        name: "native tests (all crates)",
        run: || cargo(&["test", "--workspace"]),
    },
    Step {
        name: "ajar-core builds for wasm32",
        run: || {
            cargo(&[
                "build",
                "--package",
                "ajar-core",
                "--target",
                "wasm32-unknown-unknown",
            ])
        },
    },
    Step {
        name: "browser tests (wasm-bindgen-test, headless Chromium)",
        run: wasm_tests,
    },
    Step {
        name: "release build of the app (Trunk)",
        run: release_build,
    },
    Step {
        name: "journeys (Playwright, Chromium at 390×844)",
        run: journeys,
    },
];

pub fn test() -> Result {
    let mut results: Vec<(&str, Option<bool>, Duration)> = Vec::new();
    let mut failed = false;
    for step in STEPS {
        if failed {
            results.push((step.name, None, Duration::ZERO));
            continue;
        }
        println!("\n=== {} ===", step.name);
        let started = Instant::now();
        let outcome = (step.run)();
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

fn cargo(args: &[&str]) -> Result {
    cmd::run(command("cargo", args))
}

/// Builds both bundles, then checks the client's keeps a promise of ARCHITECTURE.md that
/// no test of behaviour would notice breaking: no serde_json (whose parse errors are text
/// only it carries) on the phone.
fn release_build() -> Result {
    build::app_release(true)?;
    let wasm = build::app_files(&cmd::root().join("dist"))?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"));
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
    Ok(())
}

fn wasm_tests() -> Result {
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
    cmd::run(c)
}

fn journeys() -> Result {
    let ajar = build::server("dev")?;
    let mut c = command("npm", &["run", "--silent", "e2e"]);
    c.env("AJAR_BIN", ajar).env("CHROMIUM_PATH", CHROMIUM);
    cmd::run(c)
}
