//! Two-step sign-in: time-based one-time codes (RFC 6238, through `totp-rs`) and ten
//! single-use recovery codes.
//!
//! Ajar's own part is only what the RFC leaves to the caller: a code is accepted for a
//! 30-second step newer than the last one accepted (never twice, RFC 6238 §5.2), one step
//! of clock drift either way, and recovery codes stored as hashes.

use crate::auth::random_bytes;
use ajar_core::Secret;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Builder, Totp};

/// 160 bits, the key length RFC 4226 recommends.
pub const KEY_BYTES: usize = 20;
/// How many recovery codes a therapist is given.
pub const RECOVERY_CODES: usize = 10;
const STEP_S: u64 = 30;

/// What the authenticator app is told the account is.
const ISSUER: &str = "Ajar";

pub fn new_key() -> [u8; KEY_BYTES] {
    random_bytes()
}

fn totp(key: &[u8], account: &str) -> anyhow::Result<Totp> {
    // SHA-1, 6 digits, 30 s: what every authenticator app reads; some silently use SHA-1
    // whatever the key says. `:` would split the label, so it is left out of the name.
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP_S)
        .with_secret(key.to_vec())
        .with_account_name(account.replace(':', " "))
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| anyhow::anyhow!("a TOTP key Ajar made was refused: {e}"))
}

/// The key in base32 and as an `otpauth://` URL, for the enrolment page.
pub fn enrolment(key: &[u8], account: &str) -> anyhow::Result<(Secret, Secret)> {
    let t = totp(key, account)?;
    let url = t
        .to_url()
        .map_err(|e| anyhow::anyhow!("the otpauth URL could not be made: {e}"))?;
    Ok((Secret::new(t.secret().to_base32()), Secret::new(url)))
}

/// The 30-second step `code` belongs to, if it is right for now (one step of drift either
/// way). The caller accepts it only if that step is newer than the last one accepted.
pub fn step_of(key: &[u8], code: &str, now_ms: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now_s = u64::try_from(now_ms / 1000).ok()?;
    let t = totp(key, "-").ok()?;
    t.check(&code, now_s)
        .and_then(|step| i64::try_from(step).ok())
}

/// The code an authenticator app shows at `now_ms` (for tests and the fault suite).
pub fn code_at(key: &[u8], now_ms: i64) -> String {
    let t = totp(key, "-").expect("a 20-byte key builds");
    t.generate(u64::try_from(now_ms / 1000).unwrap_or(0))
        .to_string()
}

/// Ten recovery codes: 80 random bits each, written as four groups of four base32
/// letters and digits (`abcd-efgh-…`), easy to read out and type.
pub fn new_recovery_codes() -> Vec<Secret> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let bytes: [u8; 10] = random_bytes();
            let text = base32(&bytes);
            Secret::new(format!(
                "{}-{}-{}-{}",
                &text[..4],
                &text[4..8],
                &text[8..12],
                &text[12..]
            ))
        })
        .collect()
}

/// What is stored for a recovery code, and looked up for one typed at sign-in: the
/// hash of its letters, whatever case and separators it was typed with.
pub fn recovery_hash(code: &str) -> [u8; 32] {
    let canonical: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    Sha256::digest(canonical.as_bytes()).into()
}

/// Whether `code` looks like a recovery code rather than a six-digit one.
pub fn is_recovery_code(code: &str) -> bool {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).count() == 16
}

/// RFC 4648 base32, lower case, no padding (10 bytes make exactly 16 letters).
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_good_for_its_step_and_one_either_side_only() {
        let key = new_key();
        let now = 1_800_000_000_000;
        let code = code_at(&key, now);
        let step = step_of(&key, &code, now).unwrap();
        assert_eq!(
            step_of(&key, &code, now + 30_000),
            Some(step),
            "a step late"
        );
        assert_eq!(
            step_of(&key, &code, now - 30_000),
            Some(step),
            "a step early"
        );
        assert_eq!(step_of(&key, &code, now + 90_000), None, "three steps late");
        assert_eq!(
            step_of(&key, &format!("{} {}", &code[..3], &code[3..]), now),
            Some(step)
        );
        assert_eq!(step_of(&key, "12345", now), None);
        assert_eq!(step_of(&key, "abcdef", now), None);
        assert_eq!(step_of(&new_key(), &code, now), None, "another key");
    }

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238 Appendix B, SHA-1, T = 59 s: 94287082 (8 digits); its last 6 digits.
        let key = b"12345678901234567890";
        assert_eq!(code_at(key, 59_000), "287082");
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let mut hashes: Vec<_> = codes.iter().map(|c| recovery_hash(c.expose())).collect();
        hashes.sort();
        hashes.dedup();
        assert_eq!(hashes.len(), 10);
        let c = codes[0].expose();
        assert!(is_recovery_code(c), "{c}");
        assert_eq!(
            recovery_hash(&c.to_uppercase().replace('-', " ")),
            recovery_hash(c)
        );
        assert!(!is_recovery_code("123456"));
    }

    #[test]
    fn base32_is_rfc_4648() {
        assert_eq!(base32(b"foobar\0\0\0\0").len(), 16);
        assert_eq!(&base32(b"fooba")[..8], "mzxw6ytb");
    }
}
