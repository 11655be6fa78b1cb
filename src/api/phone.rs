//! The client's calls: trade a link for a session, read the home, send what the outbox
//! holds, withdraw a request, forget this phone. Bodies are JSON through miniserde.

use super::{ApiResult, changing, delete, read_mini, send, url};
use ajar_core::api::{ClientHome, LinkExchange, RequestView};
use ajar_core::outbox::Outgoing;
use ajar_core::{CheckInId, Secret};
use gloo_net::http::Request;

fn post_json(path: &str, body: &impl miniserde::Serialize) -> Result<Request, gloo_net::Error> {
    changing(Request::post(&url(path)))
        .header("content-type", "application/json")
        .body(miniserde::json::to_string(body))
}

pub async fn exchange_link(token: &str) -> ApiResult<ClientHome> {
    let body = LinkExchange {
        token: Secret::new(token),
    };
    read_mini(send(post_json("/client/session", &body)).await?).await
}

pub async fn client_home() -> ApiResult<ClientHome> {
    read_mini(send(Request::get(&url("/client/home")).build()).await?).await
}

/// Sends one outbox item to where it belongs. Only success matters to the outbox;
/// what it returns is read again from the client's home.
pub async fn submit(item: &Outgoing) -> ApiResult<()> {
    let request = match item {
        Outgoing::Response(r) => post_json("/client/responses", r),
        Outgoing::Request(r) => post_json("/client/requests", r),
    };
    send(request).await.map(drop)
}

pub async fn withdraw_request(id: CheckInId) -> ApiResult<RequestView> {
    let path = url(&format!("/client/requests/{id}/withdraw"));
    read_mini(send(changing(Request::post(&path)).build()).await?).await
}

/// Ends this phone's session on the server ("Forget this phone").
pub async fn client_sign_out() -> ApiResult<()> {
    delete("/client/session").await
}
