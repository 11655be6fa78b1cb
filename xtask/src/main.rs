//! Project chores, run as `cargo xtask <task>`. Std only, so it builds in seconds.

mod bench;
mod build;
mod cmd;
mod faults;
mod postgres;
mod run;
mod schemathesis;
mod size;
mod test;
mod tools;
mod torture;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <task>

Tasks:
  run [ajar serve flags…]  Install missing tools, build the app and server, and start Ajar
                           with the demo practice on http://127.0.0.1:8080.
  test [STEP]              Install missing tools (Chromium, PostgreSQL too), then run every
                           check: fmt, clippy, native tests (the API tests on SQLite and
                           again on a throwaway PostgreSQL), wasm tests in headless
                           Chromium, and the Playwright journeys at phone size. With
                           STEP, only the steps whose name holds it (and the tools).
  size                     Build the app and print the sizes of its wasm, js and css.
  bench                    Time the caseload and a client's page on 200 clients × 3 years
                           of weekly answers (p50/p95), durable check-ins per second, and
                           the server's memory while it streams exports of 100,000
                           responses. A measurement, not a test.
  torture [faults|schemathesis|decoders|phone|mutants]
                           The long runs, at full size: the fault suite (120 SIGKILL
                           rounds under load, busy, full and read-only disks, a torn
                           WAL), schemathesis with 1000 examples per API operation,
                           200,000 cases of each decoder property, 200 randomised phone
                           journeys in Chromium, and mutation testing of ajar-core and
                           the server's pure modules.
  setup                    Only install the missing tools.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run::run(&args[1..]),
        Some("test") => test::test(args.get(1).map(String::as_str)),
        Some("size") => size::size(),
        Some("bench") => bench::bench(),
        Some("torture") => torture::torture(&args[1..]),
        Some("setup") => tools::ensure_all(tools::Need::Everything),
        Some("-h" | "--help" | "help") | None => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown task {other:?}\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}
