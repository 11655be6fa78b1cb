//! A minimal HTTP/1.1 client over a raw socket: the suite needs to cut a request off at
//! any byte and any moment, which a client library is built to prevent.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{}: ", name.to_ascii_lowercase());
        self.head.lines().find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with(&prefix)
                .then(|| &l[prefix.len()..])
        })
    }

    /// The `name=value` of the first Set-Cookie, for sending back.
    pub fn cookie(&self) -> Option<String> {
        Some(self.header("set-cookie")?.split(';').next()?.to_owned())
    }
}

pub fn request(method: &str, path: &str, cookie: &str, body: &str) -> Vec<u8> {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nx-ajar-csrf: 1\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nCookie: {cookie}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// One whole exchange, or an error if the server went away or took longer than `limit`.
pub async fn call(
    port: u16,
    method: &str,
    path: &str,
    cookie: &str,
    body: &str,
    limit: Duration,
) -> std::io::Result<Reply> {
    let exchange = async {
        let mut s = TcpStream::connect(("127.0.0.1", port)).await?;
        s.write_all(&request(method, path, cookie, body)).await?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await?;
        parse(&raw)
    };
    tokio::time::timeout(limit, exchange)
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer in time"))?
}

fn parse(raw: &[u8]) -> std::io::Result<Reply> {
    let text = String::from_utf8_lossy(raw);
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not an HTTP answer");
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(bad)?;
    let status = head
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or_else(bad)?;
    Ok(Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    })
}

/// Sends the request (all of it, or only its first `cut` bytes), waits `after`, and
/// closes the connection without reading: a caller that gave up.
pub async fn abandon(port: u16, bytes: &[u8], cut: usize, after: Duration) {
    if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)).await {
        let _ = s.write_all(&bytes[..cut.min(bytes.len())]).await;
        tokio::time::sleep(after).await;
        // Dropping the stream closes it; a reset rather than a polite FIN is fine.
    }
}
