//! The client's personal link.
//!
//! The token rides in the URL *fragment* (`/c#t=…`): browsers never send the fragment to
//! the server, so it stays out of access logs, proxies and `Referer` headers. The app reads
//! it once, trades it for a session cookie and removes it from the address bar.

/// The app route a client link opens.
pub const CLIENT_PATH: &str = "/c";

/// Bytes of randomness in a link token (256 bits; the house minimum is 128).
pub const TOKEN_BYTES: usize = 32;

/// Length of a token as unpadded base64url text.
pub const TOKEN_CHARS: usize = 43;

/// The link a client opens, for a server reachable at `base_url` (no trailing slash needed).
pub fn client_link(base_url: &str, token: &str) -> String {
    format!("{}{CLIENT_PATH}#t={token}", base_url.trim_end_matches('/'))
}

/// The token in a location hash such as `#t=…`, if it is well formed.
pub fn token_from_fragment(hash: &str) -> Option<&str> {
    let token = hash.strip_prefix('#').unwrap_or(hash).strip_prefix("t=")?;
    is_well_formed(token).then_some(token)
}

/// True when `token` has the shape of a link or session token: 43 base64url characters.
/// Checked before any lookup so junk never reaches the store.
pub fn is_well_formed(token: &str) -> bool {
    token.len() == TOKEN_CHARS
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_x";

    #[test]
    fn link_puts_the_token_in_the_fragment() {
        assert_eq!(TOKEN.len(), TOKEN_CHARS);
        assert_eq!(
            client_link("http://127.0.0.1:8080/", TOKEN),
            format!("http://127.0.0.1:8080/c#t={TOKEN}")
        );
    }

    #[test]
    fn fragment_round_trips() {
        let link = client_link("https://ajar.example", TOKEN);
        let hash = &link[link.find('#').unwrap()..];
        assert_eq!(token_from_fragment(hash), Some(TOKEN));
        assert_eq!(token_from_fragment(&hash[1..]), Some(TOKEN));
    }

    #[test]
    fn malformed_fragments_are_refused() {
        assert_eq!(token_from_fragment(""), None);
        assert_eq!(token_from_fragment("#"), None);
        assert_eq!(token_from_fragment("#t="), None);
        assert_eq!(token_from_fragment(&format!("#x={TOKEN}")), None);
        assert_eq!(token_from_fragment(&format!("#t={}", &TOKEN[1..])), None);
        assert_eq!(token_from_fragment(&format!("#t={TOKEN}a")), None);
        let with_plus = format!("#t=+{}", &TOKEN[1..]);
        assert_eq!(token_from_fragment(&with_plus), None);
    }
}
