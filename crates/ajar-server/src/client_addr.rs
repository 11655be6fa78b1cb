//! Where a request comes from. The peer's address, unless the peer is a proxy the person
//! running Ajar named (`--trusted-proxy`): then the right-most address in
//! `X-Forwarded-For` that is not itself one of those proxies, which is the first hop a
//! trusted proxy saw. Everything left of it could have been written by the caller.

use crate::app::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// The address a request came from; `None` when it is not known (tests through `oneshot`).
pub struct ClientAddr(pub Option<IpAddr>);

/// Parses `--trusted-proxy` values: an address (`127.0.0.1`) or a network (`10.0.0.0/8`).
pub fn parse_trusted(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{text:?} is neither an IP address nor a network like 10.0.0.0/8"))
}

pub fn resolve(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpNet]) -> Option<IpAddr> {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    let peer = peer?;
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|hop| hop.trim().parse().ok())
        .collect();
    // Right to left: past our own proxies, the first address is who reached them.
    Some(
        hops.iter()
            .rev()
            .find(|ip| !is_trusted(ip))
            .or(hops.first())
            .copied()
            .unwrap_or(peer),
    )
}

/// Where the request with these extensions and headers came from.
pub fn of(extensions: &Extensions, headers: &HeaderMap, trusted: &[IpNet]) -> Option<IpAddr> {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    resolve(peer, headers, trusted)
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(of(
            &parts.extensions,
            &parts.headers,
            &state.trusted_proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", v.parse().unwrap());
        h
    }

    #[test]
    fn only_a_named_proxy_is_believed_and_only_for_the_hop_it_saw() {
        let proxy = vec![
            parse_trusted("127.0.0.1").unwrap(),
            parse_trusted("10.0.0.0/8").unwrap(),
        ];
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        let stranger: IpAddr = "198.51.100.9".parse().unwrap();
        // Not behind a named proxy: the header is ignored, whatever it says.
        assert_eq!(
            resolve(Some(stranger), &xff("203.0.113.1"), &proxy),
            Some(stranger)
        );
        assert_eq!(
            resolve(Some(lo), &xff("203.0.113.1"), &[]),
            Some(lo),
            "loopback is not trusted by default"
        );
        // Behind it: the right-most hop that is not one of ours, not the forged left one.
        assert_eq!(
            resolve(Some(lo), &xff("6.6.6.6, 203.0.113.1, 10.1.2.3"), &proxy),
            Some("203.0.113.1".parse().unwrap())
        );
        assert_eq!(resolve(Some(lo), &HeaderMap::new(), &proxy), Some(lo));
        assert!(parse_trusted("not an address").is_err());
    }
}
