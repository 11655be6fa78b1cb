//! Building the app (Trunk) and the server.

use crate::cmd::{self, Result, command, root};
use crate::tools::modified;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What the apps' builds read; when none is newer than both built pages, the build is
/// skipped so a second `cargo xtask run` starts in seconds.
const APP_INPUTS: &[&str] = &[
    "src",
    "style",
    "index.html",
    "therapist",
    "public",
    "Cargo.toml",
    "Cargo.lock",
    "Trunk.toml",
    "crates/ajar-core",
];

pub fn app_release(force: bool) -> Result {
    let root = root();
    // The therapist's page is built second, so the older of the two is the client's.
    let built = modified(&root.join("dist/index.html"))
        .zip(modified(&root.join(THERAPIST_DIST).join("index.html")))
        .map(|(client, therapist)| client.min(therapist));
    let newest_input = APP_INPUTS
        .iter()
        .filter_map(|p| newest(&root.join(p)))
        .max();
    if !force && matches!((built, newest_input), (Some(b), Some(i)) if b >= i) {
        println!("The app in dist/ is up to date.");
        return Ok(());
    }
    // Two bundles, so a client's phone never downloads the therapist's pages. Trunk
    // empties `dist/` first, so the client's build must come first.
    cmd::run(command("trunk", &["build", "--release=true"]))?;
    cmd::run(command(
        "trunk",
        &[
            "build",
            "therapist/index.html",
            "--release=true",
            "--dist",
            THERAPIST_DIST,
            "--public-url",
            "/therapist/",
        ],
    ))?;
    for dist in [root.join("dist"), root.join(THERAPIST_DIST)] {
        let script = root.join("xtask/minify_js.mjs");
        cmd::run(command(
            "node",
            &[&script.to_string_lossy(), &dist.to_string_lossy()],
        ))?;
        precompress(&dist)?;
    }
    Ok(())
}

/// Writes `.gz` and `.br` beside each wasm, js and css file at the strongest settings;
/// the server sends those rather than compressing on the fly, where its brotli is light
/// (measured on the client's WebAssembly: 139.8 KiB against 117.3). Without the
/// `brotli` program (Debian's `brotli`) only the `.gz` files are written.
fn precompress(dir: &Path) -> Result {
    let brotli = has_brotli();
    for path in app_files(dir)? {
        let file = path.to_string_lossy();
        cmd::run(command("gzip", &["-9", "--keep", "--force", &file]))?;
        if brotli {
            cmd::run(command("brotli", &["-q", "11", "--force", &file]))?;
        }
    }
    Ok(())
}

/// The files a browser downloads from one built bundle (wasm, js, css), in name order.
pub fn app_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css")
        ) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Debian's `brotli` program, for the `.br` files and the size table's brotli column.
pub fn has_brotli() -> bool {
    cmd::output("brotli", &["--version"]).is_some()
}

/// Where the therapist's bundle goes; the server answers `/t/…` with its index.html.
pub const THERAPIST_DIST: &str = "dist/therapist";

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
