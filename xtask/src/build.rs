//! Building the app (Trunk) and the server.

use crate::cmd::{self, Result, command, root};
use crate::tools::modified;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What the app's build reads; when none is newer than `dist/index.html`, the build is
/// skipped so a second `cargo xtask run` starts in seconds.
const APP_INPUTS: &[&str] = &[
    "src",
    "style",
    "index.html",
    "Cargo.toml",
    "Cargo.lock",
    "Trunk.toml",
    "crates/ajar-core",
];

pub fn app_release(force: bool) -> Result {
    let root = root();
    let built = modified(&root.join("dist/index.html"));
    let newest_input = APP_INPUTS
        .iter()
        .filter_map(|p| newest(&root.join(p)))
        .max();
    if !force && matches!((built, newest_input), (Some(b), Some(i)) if b >= i) {
        println!("The app in dist/ is up to date.");
        return Ok(());
    }
    cmd::run(command("trunk", &["build", "--release"]))
}

/// Builds `ajar` with the given cargo profile and returns the binary's path.
pub fn server(profile: &str) -> Result<PathBuf> {
    cmd::run(command(
        "cargo",
        &[
            "build",
            "--package",
            "ajar-server",
            "--bin",
            "ajar",
            "--profile",
            profile,
        ],
    ))?;
    let dir = if profile == "dev" { "debug" } else { profile };
    Ok(root().join("target").join(dir).join("ajar"))
}

fn newest(path: &Path) -> Option<SystemTime> {
    let own = modified(path);
    let Ok(entries) = std::fs::read_dir(path) else {
        return own;
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != "target")
        .filter_map(|e| newest(&e.path()))
        .chain(own)
        .max()
}
