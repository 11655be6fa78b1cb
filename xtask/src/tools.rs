//! Installs what the build and tests need, and only what is missing. Nothing here
//! downloads a binary: Rust tools come from crates.io, wasm-opt and Playwright from npm,
//! Chromium and PostgreSQL from Debian.

use crate::cmd::{self, Result, command, output, root};
use std::path::Path;

pub const TRUNK_VERSION: &str = "0.21.14";
/// npm's binaryen package; Trunk.toml pins the same (`wasm_opt = "version_132"`).
const WASM_OPT_VERSION: &str = "version 132";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// For the app's precompressed `.br` files (the release build skips them without it).
const BROTLI: &str = "/usr/bin/brotli";
/// What `ensure_chromium` installs with apt when one of the three above is missing.
const DEBIAN_PACKAGES: &[&str] = &["chromium", "chromium-driver", "brotli"];
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Building and running the app.
    Build,
    /// Also the browser for tests.
    Everything,
}

pub fn ensure_all(need: Need) -> Result {
    ensure_wasm_target()?;
    let bindgen = wasm_bindgen_version()?;
    ensure_trunk()?;
    ensure_wasm_bindgen(&bindgen)?;
    ensure_npm_packages()?;
    if need == Need::Everything {
        ensure_chromium()?;
        crate::postgres::ensure_installed()?;
    }
    Ok(())
}

fn ensure_wasm_target() -> Result {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    cmd::run(command("rustup", &["target", "add", WASM_TARGET]))
}

fn ensure_trunk() -> Result {
    if output("trunk", &["--version"]).as_deref() == Some(&format!("trunk {TRUNK_VERSION}")) {
        return Ok(());
    }
    println!("Installing Trunk {TRUNK_VERSION} (builds from source; about 7 minutes on 2 cores)…");
    // 0.22 needs a newer rustc than this toolchain; --locked keeps its tested dependencies.
    cmd::run(command(
        "cargo",
        &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
    ))
}

/// The wasm-bindgen crate version in Cargo.lock: the CLI must be exactly this version,
/// and Trunk.toml must pin it so Trunk never tries to fetch another.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"wasm-bindgen\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned())
        .ok_or("Cargo.lock has no wasm-bindgen package")?;
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|e| format!("reading Trunk.toml: {e}"))?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{version}\"")) {
        return Err(format!(
            "Trunk.toml must pin wasm_bindgen = \"{version}\" (the version in Cargo.lock)"
        ));
    }
    Ok(version)
}

fn ensure_wasm_bindgen(version: &str) -> Result {
    if output("wasm-bindgen", &["--version"]).as_deref() == Some(&format!("wasm-bindgen {version}"))
    {
        return Ok(());
    }
    println!("Installing wasm-bindgen-cli {version} (about 2 minutes)…");
    // Not --locked: its lock file names a crate version the registry no longer has.
    cmd::run(command(
        "cargo",
        &["install", "wasm-bindgen-cli", "--version", version],
    ))
}

fn ensure_npm_packages() -> Result {
    let root = root();
    let installed = root.join("node_modules/.package-lock.json");
    let fresh = newer(&installed, &root.join("package-lock.json"))
        && root
            .join("node_modules/playwright-core/package.json")
            .is_file()
        && root.join("node_modules/axe-core/axe.min.js").is_file()
        && root.join("node_modules/terser/package.json").is_file();
    if !fresh {
        let mut c = command("npm", &["ci", "--no-audit", "--no-fund"]);
        // Playwright must never fetch a browser: tests drive Debian's Chromium.
        c.env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        cmd::run(c)?;
    }
    let found = output("wasm-opt", &["--version"]).unwrap_or_default();
    if !found.contains(WASM_OPT_VERSION) {
        return Err(format!(
            "wasm-opt on PATH says {found:?}, expected {WASM_OPT_VERSION} from npm's binaryen"
        ));
    }
    Ok(())
}

fn ensure_chromium() -> Result {
    if [CHROMIUM, CHROMEDRIVER, BROTLI]
        .iter()
        .all(|p| Path::new(p).is_file())
    {
        return Ok(());
    }
    apt_install(
        DEBIAN_PACKAGES,
        "the tests need Debian's Chromium, ChromeDriver and brotli",
    )
}

/// Installs Debian packages when running as root; otherwise says which command to run.
pub fn apt_install(packages: &[&str], why: &str) -> Result {
    let install = format!(
        "apt-get update && apt-get install -y {}",
        packages.join(" ")
    );
    if output("id", &["-u"]).as_deref() != Some("0") {
        return Err(format!(
            "{why}. Run:\n  sudo sh -c '{install}'\nthen run this command again."
        ));
    }
    println!("Installing {} from Debian…", packages.join(", "));
    let mut update = command("apt-get", &["update"]);
    update.env("DEBIAN_FRONTEND", "noninteractive");
    cmd::run(update)?;
    let mut add = command("apt-get", &[&["install", "-y"], packages].concat());
    add.env("DEBIAN_FRONTEND", "noninteractive");
    cmd::run(add)
}

/// True when `a` exists and was modified no earlier than `b`.
pub fn newer(a: &Path, b: &Path) -> bool {
    match (modified(a), modified(b)) {
        (Some(a), Some(b)) => a >= b,
        (Some(_), None) => true,
        _ => false,
    }
}

pub fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}
