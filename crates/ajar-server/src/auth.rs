//! Secrets: random tokens (link and session), their stored hashes, and password hashing.

use ajar_core::{Secret, link};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::fmt;

/// A fresh random token: 256 bits from the OS, as 43 base64url characters.
/// Used for client links and for session cookies; only its [`TokenHash`] is stored.
#[derive(Clone, Debug)]
pub struct Token(Secret);

/// `N` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes
}

impl Token {
    pub fn generate() -> Self {
        let bytes: [u8; link::TOKEN_BYTES] = random_bytes();
        Self(Secret::new(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// Accepts only text shaped like a token, so junk never reaches the store.
    pub fn parse(text: &str) -> Option<Self> {
        link::is_well_formed(text).then(|| Self(Secret::new(text)))
    }

    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// SHA-256 suffices here (unlike for passwords): a token has 256 bits of entropy,
    /// so the hash cannot be reversed by guessing.
    pub fn hash(&self) -> TokenHash {
        TokenHash(Sha256::digest(self.expose().as_bytes()).into())
    }
}

/// What the database keeps instead of a token.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenHash([u8; 32]);

impl TokenHash {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenHash(..)")
    }
}

/// argon2id with OWASP's minimum: m = 19 MiB, t = 2, p = 1.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string. Slow on purpose: call from a blocking thread.
pub fn hash_password(password: &Secret) -> anyhow::Result<String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(anyhow::Error::msg)?;
    let phc = argon2()
        .hash_password(password.expose().as_bytes(), &salt)
        .map_err(anyhow::Error::msg)?;
    Ok(phc.to_string())
}

/// True when `password` matches the stored PHC string. Slow on purpose.
pub fn verify_password(password: &Secret, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            argon2()
                .verify_password(password.expose().as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash that matches no password, verified when the email is unknown so that
/// "no such account" takes as long as "wrong password".
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        hash_password(&Secret::new(Token::generate().expose())).expect("hashing the decoy")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_well_formed() {
        let a = Token::generate();
        let b = Token::generate();
        assert_ne!(a.expose(), b.expose());
        assert_eq!(a.expose().len(), link::TOKEN_CHARS);
        assert!(Token::parse(a.expose()).is_some());
        assert!(Token::parse("short").is_none());
    }

    #[test]
    fn token_hash_is_stable_and_not_the_token() {
        let t = Token::generate();
        assert_eq!(t.hash(), Token::parse(t.expose()).unwrap().hash());
        assert_ne!(t.hash().as_bytes(), t.expose().as_bytes());
        assert_eq!(format!("{:?}", t.hash()), "TokenHash(..)");
        assert!(!format!("{t:?}").contains(t.expose()));
    }

    #[test]
    fn passwords_verify_only_when_right() {
        let pw = Secret::new("correct horse battery");
        let phc = hash_password(&pw).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password(&pw, &phc));
        assert!(!verify_password(&Secret::new("wrong"), &phc));
        assert!(!verify_password(&pw, "not a phc string"));
        assert!(!verify_password(&pw, decoy_hash()));
    }
}
