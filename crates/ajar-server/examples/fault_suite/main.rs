//! The fault suite: the real `ajar` binary under the faults a server meets in the world,
//! with a ledger of every check-in it acknowledged. Run by `cargo xtask test` (short)
//! and `cargo xtask torture` (full); prints one table row per fault and exits non-zero
//! if any acknowledged check-in is missing or stored twice, or a fault is mishandled.
//!
//! `--rounds N` SIGKILL rounds, `--phones N` concurrent phones, `--round-ms N` the
//! longest round, `--abusers N` tasks abandoning requests, `--seed S` to replay.
//! `--postgres URL` runs the suite on PostgreSQL instead (a server's URL; each case makes
//! a database of its own): the SIGKILL rounds, then its connections cut and, with
//! `--pg-restart COMMAND`, the database server restarted without a clean shutdown. The
//! SQLite cases of disks and files do not apply there.

mod db;
mod faults;
mod http;
mod kill_rounds;
mod ledger;
mod postgres_faults;
mod rng;
mod server;

use std::process::ExitCode;

/// One line of the closing table.
pub struct Row {
    pub fault: &'static str,
    pub rounds: u32,
    pub acknowledged: usize,
    pub lost: usize,
    pub duplicated: usize,
    /// `PRAGMA integrity_check` and `ajar audit verify`, or why the case was skipped.
    pub integrity: String,
    pub ok: bool,
}

pub struct Args {
    pub rounds: u32,
    pub phones: usize,
    pub seed: u64,
    /// The longest a round runs before its SIGKILL (the shortest is 300 ms).
    pub round_ms: u64,
    /// Tasks that open requests and abandon them mid-flight.
    pub abusers: usize,
    /// How many times the disk-full case runs (it failed about one run in twenty before
    /// connections spoiled by SQLite's own rollback were closed; torture runs it often).
    pub disk_full: u32,
    /// Run on this PostgreSQL server instead of SQLite files.
    pub postgres: Option<String>,
    /// A shell command that restarts that server with no clean shutdown.
    pub pg_restart: Option<String>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        rounds: 10,
        phones: 8,
        seed: rng::fresh_seed(),
        round_ms: 1500,
        abusers: 3,
        disk_full: 1,
        postgres: None,
        pg_restart: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |e: std::num::ParseIntError| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--rounds" => a.rounds = value.parse().map_err(bad)?,
            "--phones" => a.phones = value.parse().map_err(bad)?,
            "--seed" => a.seed = value.parse().map_err(bad)?,
            "--abusers" => a.abusers = value.parse().map_err(bad)?,
            "--postgres" => a.postgres = Some(value),
            "--pg-restart" => a.pg_restart = Some(value),
            "--disk-full" => a.disk_full = value.parse().map_err(bad)?,
            "--round-ms" => a.round_ms = value.parse::<u64>().map_err(bad)?.max(301),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(a)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("fault suite: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "fault suite: {} SIGKILL rounds, {} phones, seed {} (replay with --seed {})",
        args.rounds, args.phones, args.seed, args.seed
    );
    let rows = match &args.postgres {
        Some(server) => vec![
            kill_rounds::run(&args, Some(server)).await,
            postgres_faults::connections_cut(server, args.pg_restart.as_deref()).await,
        ],
        None => {
            let mut rows = vec![kill_rounds::run(&args, None).await, faults::busy().await];
            for _ in 0..args.disk_full {
                rows.push(faults::disk_full().await);
            }
            rows.extend([
                faults::read_only().await,
                faults::torn_wal().await,
                faults::slow_callers().await,
            ]);
            rows
        }
    };
    println!(
        "\n| fault | rounds | acknowledged | lost | duplicated | integrity | result |\n|---|---|---|---|---|---|---|"
    );
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.fault,
            r.rounds,
            r.acknowledged,
            r.lost,
            r.duplicated,
            r.integrity,
            if r.ok { "ok" } else { "FAILED" }
        );
    }
    let passed = rows.iter().filter(|r| r.ok).count();
    println!("faults: {passed} passed, {} failed", rows.len() - passed);
    if passed == rows.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
