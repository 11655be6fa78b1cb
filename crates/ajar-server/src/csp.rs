//! The Content-Security-Policy: no inline script or style but Trunk's own bootstrap
//! script, allowed by its SHA-256 (read from both built pages at start-up, so a new
//! build never needs a config change).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// The hashes (`'sha256-…'`) of every inline `<script>` in `html`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let body = &after[body_start..body_start + close];
            hashes.push(format!(
                "'sha256-{}'",
                STANDARD.encode(Sha256::digest(body.as_bytes()))
            ));
        }
        rest = &after[body_start + close..];
    }
    hashes
}

/// The policy for every response. `wasm-unsafe-eval` lets the browser compile the app's
/// WebAssembly; nothing allows `eval` of JavaScript or inline styles.
pub fn policy<'a>(pages: impl IntoIterator<Item = &'a str>) -> String {
    let hashes = pages
        .into_iter()
        .flat_map(inline_script_hashes)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = r#"<script src="/a.js"></script><script type="module">go()</script>"#;
        let hashes = inline_script_hashes(html);
        let expected = STANDARD.encode(Sha256::digest(b"go()"));
        assert_eq!(hashes, [format!("'sha256-{expected}'")]);
    }

    #[test]
    fn every_inline_script_is_hashed_in_page_order() {
        let html = "<p>x</p><script>first_function_call()</script><div></div>\
                    <script src=\"/b.js\"></script><script>two()</script>";
        let hash = |body: &[u8]| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(body)));
        assert_eq!(
            inline_script_hashes(html),
            [hash(b"first_function_call()"), hash(b"two()")]
        );
    }

    #[test]
    fn the_policy_forbids_inline_code_and_framing() {
        let p = policy([]);
        assert!(!p.contains("unsafe-inline"));
        for part in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "'wasm-unsafe-eval'",
        ] {
            assert!(p.contains(part), "{part}");
        }
    }
}
