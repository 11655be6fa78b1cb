//! The one module that talks to the server. Components call these functions and never
//! build a request themselves.

use ajar_core::Secret;
use ajar_core::api::{
    CSRF_HEADER, CaseloadEntry, ClientHome, ErrorBody, LinkExchange, NewResponse, PREFIX, Receipt,
    SignIn, TherapistMe,
};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a call did not succeed, sorted by what the page should do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// No answer reached us (offline, server down). Keep what the person typed; retry later.
    Unreachable,
    /// Not signed in (401).
    SignedOut(String),
    /// The server refused the request and said why (other 4xx). Show it; keep the input.
    Refused { status: u16, message: String },
    /// The server failed (5xx) or answered something we cannot read. Retry later.
    ServerTrouble(String),
}

impl ApiFailure {
    /// Worth sending again later, unchanged.
    pub fn is_retryable(&self) -> bool {
        matches!(self, ApiFailure::Unreachable | ApiFailure::ServerTrouble(_))
    }

    pub fn message(&self) -> String {
        match self {
            ApiFailure::Unreachable => "Can't reach Ajar right now.".into(),
            ApiFailure::SignedOut(m)
            | ApiFailure::Refused { message: m, .. }
            | ApiFailure::ServerTrouble(m) => m.clone(),
        }
    }
}

type ApiResult<T> = Result<T, ApiFailure>;

fn url(path: &str) -> String {
    format!("{PREFIX}{path}")
}

/// State-changing requests carry the CSRF header the server insists on.
fn changing(builder: RequestBuilder) -> RequestBuilder {
    builder.header(CSRF_HEADER, "1")
}

async fn send(request: Result<Request, gloo_net::Error>) -> ApiResult<Response> {
    let request = request.map_err(|e| ApiFailure::ServerTrouble(e.to_string()))?;
    let response = request.send().await.map_err(|_| ApiFailure::Unreachable)?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let message = match response.json::<ErrorBody>().await {
        Ok(body) => body.error,
        Err(_) => format!("The server answered {status}."),
    };
    Err(match status {
        401 => ApiFailure::SignedOut(message),
        400..=499 => ApiFailure::Refused { status, message },
        _ => ApiFailure::ServerTrouble(message),
    })
}

async fn read<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    response
        .json::<T>()
        .await
        .map_err(|e| ApiFailure::ServerTrouble(format!("Unexpected answer from the server: {e}")))
}

async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    read(send(Request::get(&url(path)).build()).await?).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ApiResult<T> {
    read(send(changing(Request::post(&url(path))).json(body)).await?).await
}

async fn delete(path: &str) -> ApiResult<()> {
    send(changing(Request::delete(&url(path))).build())
        .await
        .map(drop)
}

pub async fn exchange_link(token: &str) -> ApiResult<ClientHome> {
    let body = LinkExchange {
        token: Secret::new(token),
    };
    post("/client/session", &body).await
}

pub async fn client_home() -> ApiResult<ClientHome> {
    get("/client/home").await
}

pub async fn submit_response(response: &NewResponse) -> ApiResult<Receipt> {
    post("/client/responses", response).await
}

/// Ends this phone's session on the server ("Forget this phone").
pub async fn client_sign_out() -> ApiResult<()> {
    delete("/client/session").await
}

pub async fn sign_in(email: &str, password: &str) -> ApiResult<TherapistMe> {
    let body = SignIn {
        email: email.to_owned(),
        password: Secret::new(password),
    };
    post("/therapist/session", &body).await
}

pub async fn sign_out() -> ApiResult<()> {
    delete("/therapist/session").await
}

pub async fn caseload() -> ApiResult<Vec<CaseloadEntry>> {
    get("/therapist/caseload").await
}
