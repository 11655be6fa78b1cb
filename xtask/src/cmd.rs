//! Running other programs with the project's tools first on PATH.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_owned()
}

/// npm's `node_modules/.bin` (wasm-opt) and cargo's bin folder (trunk, wasm-bindgen)
/// come first, so the pinned tools win over anything else installed.
fn path_var() -> String {
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"))
        .join("bin");
    let mut parts = vec![root().join("node_modules/.bin"), cargo_bin];
    if let Some(existing) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&existing));
    }
    std::env::join_paths(parts)
        .expect("PATH entries are valid")
        .to_string_lossy()
        .into_owned()
}

/// A command in the workspace root with the project PATH.
pub fn command(program: &str, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args).current_dir(root()).env("PATH", path_var());
    c
}

/// Runs to completion with output shown; an error names the command.
pub fn run(mut c: Command) -> Result {
    let shown = describe(&c);
    println!("$ {shown}");
    let status = c
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs quietly and returns trimmed stdout, or None when the program is missing or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = command(program, args).stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Runs with a time limit, showing its output as it comes and keeping stdout for the
/// caller to read (test counts). The program runs in its own process group, so a hang
/// past `limit` kills it and everything it started (a server, a browser), and the
/// step fails with the time it was given instead of holding CI until its own limit.
pub fn run_captured(mut c: Command, limit: Duration) -> Result<String> {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::CommandExt;
    let shown = describe(&c);
    println!("$ {shown}");
    let mut child = c
        .stdout(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut kept = String::new();
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::io::Result::ok)
        {
            println!("{line}");
            kept.push_str(&line);
            kept.push('\n');
        }
        kept
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("`{shown}`: {e}"))? {
            break status;
        }
        if started.elapsed() > limit {
            kill_group(child.id());
            child.wait().ok();
            return Err(format!(
                "`{shown}` did not finish within {} minutes and was killed",
                limit.as_secs() / 60
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let out = reader.join().unwrap_or_default();
    if status.success() {
        Ok(out)
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// SIGKILL to a whole process group (std has no killpg; `kill -KILL -PGID` does it).
pub fn kill_group(pgid: u32) {
    Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .status()
        .ok();
}

fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}
