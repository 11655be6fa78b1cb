//! A throwaway PostgreSQL for the tests: Debian's `postgresql` (installed when missing
//! and running as root), a new cluster in a temporary folder on a free loopback port,
//! trust authentication for one role, stopped and deleted when dropped. Or, with
//! `AJAR_TEST_POSTGRES` set, the server it names, left as it is.

use crate::cmd::{self, Result, command, output};
use crate::tools;
use std::path::{Path, PathBuf};

/// Where Debian puts each major version's server programs.
const DEBIAN_LIB: &str = "/usr/lib/postgresql";

pub struct Cluster {
    /// `postgres://…/postgres`: the tests make a database of their own on it.
    pub url: String,
    /// The cluster this run started (None: `AJAR_TEST_POSTGRES`).
    started: Option<Started>,
}

struct Started {
    bin: PathBuf,
    dir: PathBuf,
    as_postgres: bool,
}

/// The newest installed major version's `bin` folder.
fn server_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(DEBIAN_LIB)
        .ok()?
        .filter_map(|e| {
            let path = e.ok()?.path();
            let major = path.file_name()?.to_str()?.parse().ok()?;
            path.join("bin/initdb")
                .is_file()
                .then(|| (major, path.join("bin")))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Installs Debian's PostgreSQL when no server is installed (and `AJAR_TEST_POSTGRES`
/// does not name one).
pub fn ensure_installed() -> Result {
    if std::env::var_os("AJAR_TEST_POSTGRES").is_some() || server_bin().is_some() {
        return Ok(());
    }
    tools::apt_install(
        &["postgresql"],
        "the tests run every API test on PostgreSQL too, and it is not installed",
    )
}

fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("finding a free port for PostgreSQL: {e}"))
}

/// Runs a server program as the `postgres` user when this is root (PostgreSQL refuses
/// to run as root), as the current user otherwise.
fn server_command(as_postgres: bool, program: &Path, args: &[&str]) -> std::process::Command {
    if as_postgres {
        let mut all = vec![
            "-u",
            "postgres",
            "--",
            program.to_str().expect("a UTF-8 path"),
        ];
        all.extend_from_slice(args);
        command("runuser", &all)
    } else {
        command(program.to_str().expect("a UTF-8 path"), args)
    }
}

impl Cluster {
    pub fn start() -> Result<Self> {
        if let Ok(url) = std::env::var("AJAR_TEST_POSTGRES") {
            println!("PostgreSQL: the server AJAR_TEST_POSTGRES names");
            return Ok(Self { url, started: None });
        }
        let bin = server_bin().ok_or(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): install Debian's postgresql, or set AJAR_TEST_POSTGRES to a server's URL",
        )?;
        let as_postgres = output("id", &["-u"]).as_deref() == Some("0");
        let dir = std::env::temp_dir().join(format!("ajar-postgres-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if as_postgres {
            cmd::run(command(
                "chown",
                &["postgres", dir.to_str().expect("UTF-8")],
            ))?;
        }
        let started = Started {
            bin,
            dir: dir.clone(),
            as_postgres,
        };
        let data = dir.join("data");
        let (data, socket) = (data.to_str().expect("UTF-8"), dir.to_str().expect("UTF-8"));
        let initdb = started.bin.join("initdb");
        let mut init = server_command(
            as_postgres,
            &initdb,
            &[
                "-D",
                data,
                "-U",
                "ajar",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-instructions",
            ],
        );
        init.stdout(std::process::Stdio::null());
        cmd::run(init).map_err(|e| format!("PostgreSQL could not make its cluster: {e}"))?;
        let port = free_port()?;
        let options = format!("-p {port} -k {socket} -c listen_addresses=127.0.0.1");
        let log = dir.join("server.log");
        let pg_ctl = started.bin.join("pg_ctl");
        let start = server_command(
            as_postgres,
            &pg_ctl,
            &[
                "-D",
                data,
                "-o",
                &options,
                "-l",
                log.to_str().expect("UTF-8"),
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        if let Err(e) = cmd::run(start) {
            let last = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(format!(
                "PostgreSQL could not start ({e}); its log says:\n{last}"
            ));
        }
        Ok(Self {
            url: format!("postgres://ajar@127.0.0.1:{port}/postgres"),
            started: Some(started),
        })
    }
}

impl Cluster {
    /// A shell command that restarts this cluster with no clean shutdown (`-m
    /// immediate`: like a crash, so it recovers from its log), for the fault suite; None
    /// for a server this run did not start.
    pub fn restart_command(&self) -> Option<String> {
        let s = self.started.as_ref()?;
        let port = self.url.rsplit(':').next()?.split('/').next()?;
        let dir = s.dir.to_str()?;
        let pg_ctl = s.bin.join("pg_ctl");
        let run_as = if s.as_postgres {
            "runuser -u postgres -- "
        } else {
            ""
        };
        Some(format!(
            "{run_as}{} -D {dir}/data -m immediate -w -t 60 restart -l {dir}/server.log \
             -o '-p {port} -k {dir} -c listen_addresses=127.0.0.1'",
            pg_ctl.display()
        ))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let Some(s) = &self.started else { return };
        let data = s.dir.join("data");
        let stop = server_command(
            s.as_postgres,
            &s.bin.join("pg_ctl"),
            &[
                "-D",
                data.to_str().expect("UTF-8"),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
        );
        if let Err(e) = cmd::run(stop) {
            eprintln!("stopping the test PostgreSQL: {e}");
        }
        let _ = std::fs::remove_dir_all(&s.dir);
    }
}
