//! The audit chain's key: 32 random bytes in a file beside the database (or where
//! `AJAR_AUDIT_KEY_FILE` says), made at the first start, readable by its owner only. It
//! never enters the database file: each connection holds it in a temporary in-memory
//! table, where `audit_log` reads it.
//!
//! The file also says from which entry on the trail is signed (`from <seq>`): entries
//! written before the key existed are plain SHA-256 links, and a trail rewritten whole as
//! such plain links would otherwise verify.

use anyhow::{Context, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const KEY_BYTES: usize = 32;

/// Where the key of the database at `db` lives.
pub fn path_for(db: &Path) -> PathBuf {
    match std::env::var_os("AJAR_AUDIT_KEY_FILE") {
        Some(p) => PathBuf::from(p),
        None => {
            let mut name = db.as_os_str().to_owned();
            name.push(".audit-key");
            PathBuf::from(name)
        }
    }
}

/// The key, and the first entry it signs.
pub struct AuditKey {
    pub key: [u8; KEY_BYTES],
    pub signs_from: i64,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuditKey {{ signs_from: {}, .. }}", self.signs_from)
    }
}

/// Reads the key, or makes it when there is none and no entry was ever signed with one
/// (`signed_before`): a lost key must not be silently replaced, or every signed entry
/// would then fail to verify and the trail could be rewritten under the new key. A new
/// key signs from `next_seq` on.
pub fn load_or_create(path: &Path, signed_before: bool, next_seq: i64) -> anyhow::Result<AuditKey> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text).with_context(|| {
            format!(
                "the audit key file {} is not 64 hex digits and a `from <entry>` line",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if signed_before {
                bail!(
                    "the audit key file {} is missing, but the audit trail was signed with it. Restore it from your backup (or set AJAR_AUDIT_KEY_FILE to where it is); Ajar will not make a new one over a signed trail",
                    path.display()
                );
            }
            let key: [u8; KEY_BYTES] = crate::auth::random_bytes();
            let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
            let mut file = create_private(path)
                .with_context(|| format!("creating the audit key file {}", path.display()))?;
            writeln!(file, "{hex}\nfrom {next_seq}")?;
            file.sync_all()?;
            Ok(AuditKey {
                key,
                signs_from: next_seq,
            })
        }
        Err(e) => Err(e).with_context(|| format!("reading the audit key file {}", path.display())),
    }
}

fn parse(text: &str) -> anyhow::Result<AuditKey> {
    let mut lines = text.lines();
    let hex = lines.next().unwrap_or("").trim();
    if hex.len() != KEY_BYTES * 2 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("not a key");
    }
    let mut key = [0u8; KEY_BYTES];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)?;
    }
    let signs_from = lines
        .next()
        .and_then(|l| l.trim().strip_prefix("from "))
        .ok_or_else(|| anyhow::anyhow!("no `from <entry>` line"))?
        .parse()?;
    Ok(AuditKey { key, signs_from })
}

#[cfg(unix)]
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_read_back_and_never_replaced_over_a_signed_trail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.audit-key");
        let made = load_or_create(&path, false, 7).unwrap();
        let read = load_or_create(&path, true, 99).unwrap();
        assert_eq!((read.key, read.signs_from), (made.key, 7));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_file(&path).unwrap();
        let refused = load_or_create(&path, true, 1).unwrap_err().to_string();
        assert!(refused.contains("is missing"), "{refused}");
        std::fs::write(&path, "not hex").unwrap();
        assert!(load_or_create(&path, false, 1).is_err());
    }
}
