//! `cargo xtask size`: what a phone downloads for the client route, and (apart) what the
//! therapist's browser downloads.

use crate::build;
use crate::cmd::{Result, root};

pub fn size() -> Result {
    crate::tools::ensure_all(crate::tools::Need::Build)?;
    build::app_release(false)?;
    let has_brotli = build::has_brotli();
    let dist = root().join("dist");
    table(
        "The client route (what a phone downloads; goal: 130 KiB gzip in all)",
        &dist,
        has_brotli,
    )?;
    println!();
    table(
        "The therapist pages (a separate bundle, never sent to phones)",
        &root().join(build::THERAPIST_DIST),
        has_brotli,
    )
}

fn table(title: &str, dir: &std::path::Path, has_brotli: bool) -> Result {
    let files = build::app_files(dir)?;
    println!("{title}");
    println!(
        "{:<38} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip -9", "brotli"
    );
    let (mut raw_total, mut gz_total, mut br_total) = (0, 0, 0);
    for path in &files {
        let p = path.to_string_lossy();
        let raw = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let gz = compressed_len("gzip", &["-9", "-c", &p]);
        let br = if has_brotli {
            compressed_len("brotli", &["-c", "-q", "11", &p])
        } else {
            0
        };
        raw_total += raw;
        gz_total += gz;
        br_total += br;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let br = if has_brotli { kib(br) } else { "-".into() };
        println!("{name:<38} {:>10} {:>10} {br:>10}", kib(raw), kib(gz));
    }
    // Brotli is what the server sends a browser that asks for it (every one over HTTPS).
    let br_total = if has_brotli {
        kib(br_total)
    } else {
        "-".into()
    };
    println!(
        "{:<38} {:>10} {:>10} {br_total:>10}",
        "total",
        kib(raw_total),
        kib(gz_total)
    );
    Ok(())
}

fn compressed_len(program: &str, args: &[&str]) -> u64 {
    std::process::Command::new(program)
        .args(args)
        .output()
        .map(|o| o.stdout.len() as u64)
        .unwrap_or(0)
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}
