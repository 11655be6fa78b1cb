//! The router, built by a function so tests drive it with `oneshot` and no socket.

use crate::csp;
use crate::openapi::{self, ApiDoc};
use crate::password_checks::PasswordChecks;
use crate::routes::{
    account, client, client_page, clients, devices, exports, reminders, risk, therapist,
};
use crate::run_to_completion::run_to_completion;
use crate::store::Store;
use crate::throttle::SignInThrottle;
use ajar_core::api::{CSRF_HEADER, ErrorBody, PREFIX};
use axum::extract::{DefaultBodyLimit, OriginalUri, Request};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json, Router};
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::compression::Compression;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// The server is reached over https (its public URL says so): HSTS is sent.
    pub over_tls: bool,
    pub sign_ins: Arc<SignInThrottle>,
    pub password_checks: Arc<PasswordChecks>,
    /// `ajar serve --require-mfa`: a therapist without two-step sign-in may only set it up.
    pub require_mfa: bool,
    /// `--trusted-proxy`: whose `X-Forwarded-For` is believed (`client_addr.rs`).
    pub trusted_proxies: Arc<Vec<ipnet::IpNet>>,
    /// Requests from phones, per session and per address (`rate_limit.rs`).
    pub client_limits: Arc<crate::rate_limit::ClientLimits>,
    /// Reminders: the VAPID public key (set by `serve` at start; read on first use where
    /// a router is built without it, as in tests), and where tests' stand-in push
    /// service listens.
    pub push: Arc<PushSetup>,
}

#[derive(Default)]
pub struct PushSetup {
    pub public_key: tokio::sync::OnceCell<String>,
    /// `--push-service-for-tests`: endpoints starting with this are accepted though they
    /// are plain http on this machine. Never set in a practice.
    pub test_service: Option<String>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, over_tls: bool) -> Self {
        Self {
            store,
            over_tls,
            sign_ins: Arc::default(),
            password_checks: Arc::default(),
            require_mfa: false,
            trusted_proxies: Arc::default(),
            client_limits: Arc::default(),
            push: Arc::default(),
        }
    }

    pub fn with_test_push_service(mut self, prefix: Option<String>) -> Self {
        self.push = Arc::new(PushSetup {
            public_key: tokio::sync::OnceCell::new(),
            test_service: prefix,
        });
        self
    }

    pub fn limiting_phones(mut self, per_session_per_minute: u32) -> Self {
        self.client_limits = Arc::new(crate::rate_limit::ClientLimits::per_minute(
            per_session_per_minute,
        ));
        self
    }

    pub fn trusting(mut self, proxies: Vec<ipnet::IpNet>) -> Self {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    pub fn requiring_mfa(mut self, required: bool) -> Self {
        self.require_mfa = required;
        self
    }
}

/// The therapist app's page inside `dist`: `trunk build therapist/index.html` puts it there.
pub const THERAPIST_INDEX: &str = "therapist/index.html";

/// The browser features Ajar never uses, turned off for its pages and anything they might
/// load. Copying a client's link (clipboard) stays with Ajar's own pages.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), \
     display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), \
     hid=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), \
     publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), \
     xr-spatial-tracking=(), clipboard-write=(self)";

/// An API body is a few answers; anything bigger is a mistake or an attack.
const API_BODY_LIMIT: usize = 64 * 1024;

/// The whole HTTP surface: the JSON API under `/api/v1` and, when `dist` is given, the
/// two built apps, each page answering its own routes.
pub fn router(state: AppState, dist: Option<PathBuf>) -> Router {
    let state_is_secure = state.over_tls;
    // Every API route goes through `routes!`, which adds its OpenAPI operation too.
    let (api, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(client::exchange_link, client::sign_out))
        .routes(routes!(client::home))
        .routes(routes!(client::submit_response))
        .routes(routes!(client::submit_request))
        .routes(routes!(client::withdraw_request))
        .routes(routes!(client::answer_time))
        .routes(routes!(
            reminders::reminders,
            reminders::subscribe,
            reminders::unsubscribe
        ))
        .routes(routes!(account::sign_in, account::sign_out))
        .routes(routes!(account::me))
        .routes(routes!(account::begin_totp))
        .routes(routes!(account::confirm_totp))
        .routes(routes!(account::remove_totp))
        .routes(routes!(devices::list, devices::end_others))
        .routes(routes!(devices::change_password))
        .routes(routes!(therapist::caseload))
        .routes(routes!(therapist::mark_seen))
        .routes(routes!(therapist::reply))
        .routes(routes!(therapist::close_request))
        .routes(routes!(therapist::close_therapy))
        .routes(routes!(therapist::reopen_therapy))
        .routes(routes!(clients::list, clients::add))
        .routes(routes!(client_page::client_detail))
        .routes(routes!(client_page::client_words))
        .routes(routes!(clients::rotate_link, clients::revoke_link))
        .routes(routes!(clients::set_plan))
        .routes(routes!(clients::archive))
        .routes(routes!(clients::restore))
        .routes(routes!(risk::acknowledge_risk))
        .routes(routes!(therapist::figures))
        .routes(routes!(therapist::audit_trail))
        .routes(routes!(exports::caseload_csv))
        .routes(routes!(exports::caseload_fhir))
        .routes(routes!(exports::client_csv))
        .routes(routes!(exports::client_fhir))
        .routes(routes!(therapist::crisis_text, therapist::set_crisis_text))
        .routes(routes!(therapist::door_open, therapist::set_door_open))
        .routes(routes!(openapi::document))
        .split_for_parts();
    let doc = openapi::complete(doc);
    let api = api
        .fallback(api_not_found)
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT))
        .layer(middleware::from_fn(require_same_site_for_changes))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::rate_limit::limit_phones,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(middleware::from_fn(run_to_completion))
        .layer(Extension(openapi::Served::new(&doc)))
        .with_state(state);

    let secure = state_is_secure;
    let mut app = Router::new().nest(PREFIX, api);
    let mut pages = Vec::new();
    if let Some(dist) = dist {
        // Two bundles: the client's app answers `/` and `/c/…`, the therapist's `/t/…`,
        // so a phone never downloads the therapist's pages.
        let client = dist.join("index.html");
        let therapist = dist.join(THERAPIST_INDEX);
        pages.extend([&client, &therapist].map(|p| std::fs::read_to_string(p).ok()));
        // The app's files are compressed for the browser (the client's WebAssembly is
        // a third of its raw size in brotli): from the `.br` and `.gz` files the build
        // writes beside them at the strongest setting when they are there (the
        // on-the-fly brotli is a fifth larger), on the fly otherwise. API answers are
        // not: they carry mental-health text beside what the caller sent, which
        // compression can leak (BREACH), and they are small.
        app = app
            .nest_service("/t", Compression::new(ServeFile::new(therapist)))
            .fallback_service(Compression::new(
                ServeDir::new(dist)
                    .precompressed_br()
                    .precompressed_gzip()
                    .fallback(ServeFile::new(client)),
            ));
    }
    let csp = HeaderValue::from_str(&csp::policy(pages.iter().flatten().map(String::as_str)))
        .expect("the policy is plain ASCII");
    app = app.layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        csp,
    ));
    if secure {
        // Only when served over TLS: over plain http the header is ignored anyway, and on
        // localhost it would pin the browser to https.
        app = app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    let request_id = HeaderName::from_static("x-request-id");
    app.layer(SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ))
    .layer(SetResponseHeaderLayer::overriding(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    ))
    // No other site's window keeps a handle on an Ajar page, and no other site may embed
    // what Ajar serves (a client's answers in an <img> or <script> of theirs).
    .layer(SetResponseHeaderLayer::overriding(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ))
    .layer(SetResponseHeaderLayer::overriding(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    ))
    .layer(SetResponseHeaderLayer::overriding(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS_POLICY),
    ))
    .layer(PropagateRequestIdLayer::new(request_id.clone()))
    // The trace logs method, path (never the query) and status, under the request id the
    // caller sees in `x-request-id`, so a 5xx can be found in the log: never bodies, never
    // cookies.
    .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
        let id = req
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", id, method = %req.method(), path = req.uri().path())
    }))
    .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

async fn api_not_found(method: Method, OriginalUri(uri): OriginalUri) -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        Json(ErrorBody::new(format!(
            "There is no API route {method} {}.",
            uri.path()
        ))),
    )
}

/// Cross-site request forgery guard for every state-changing API call: the request must
/// carry our custom header (which a cross-site form or simple request cannot send) and,
/// where the browser says where it came from, come from this same site.
async fn require_same_site_for_changes(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        let headers = request.headers();
        let refusal = if !headers.contains_key(CSRF_HEADER) {
            Some(format!(
                "This request changes data, so it needs the {CSRF_HEADER} header."
            ))
        } else {
            match headers.get("sec-fetch-site").map(|v| v.as_bytes()) {
                None | Some(b"same-origin") | Some(b"none") => None,
                Some(_) => Some("Requests from other sites are refused.".to_owned()),
            }
        };
        if let Some(error) = refusal {
            return (StatusCode::FORBIDDEN, Json(ErrorBody::new(error))).into_response();
        }
    }
    next.run(request).await
}
