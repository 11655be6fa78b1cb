//! `fetch`, straight from web-sys: a method, an optional JSON body, the CSRF header on
//! changes, and the answer's status, `Retry-After` and text, which is all Ajar asks of it.
//!
//! Why not gloo-net: its builder, error type and the `http` crate under them came to 1.9 KiB
//! of the phone's brotli download, for these same few calls.

use ajar_core::api::{CSRF_HEADER, WRITTEN_FOR_HEADER};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

/// An answer from the server (any status).
pub struct Answer {
    pub status: u16,
    response: Response,
}

impl Answer {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.response.headers().get(name).ok().flatten()
    }

    /// The body; `Err` when the connection broke while it was being read.
    pub async fn text(self) -> Result<String, ()> {
        let promise = self.response.text().map_err(drop)?;
        JsFuture::from(promise)
            .await
            .map_err(drop)?
            .as_string()
            .ok_or(())
    }
}

/// Sends one request. `Err` means no answer came (offline, refused by the browser).
/// Anything but a GET carries the header the server's CSRF check insists on; an outbox
/// item also says whom it was written for (`written_for`, a client's `phone_ref`).
pub async fn fetch(
    method: &str,
    url: &str,
    json: Option<&str>,
    written_for: Option<&str>,
) -> Result<Answer, ()> {
    let headers = Headers::new().map_err(drop)?;
    if method != "GET" {
        headers.set(CSRF_HEADER, "1").map_err(drop)?;
    }
    if let Some(phone_ref) = written_for {
        headers.set(WRITTEN_FOR_HEADER, phone_ref).map_err(drop)?;
    }
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = json {
        headers
            .set("content-type", "application/json")
            .map_err(drop)?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or(())?;
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(drop)?;
    let response: Response = answer.dyn_into().map_err(drop)?;
    Ok(Answer {
        status: response.status(),
        response,
    })
}
