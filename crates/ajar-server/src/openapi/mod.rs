//! The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`.
//!
//! Nothing here is written as JSON by hand: each operation comes from the
//! `#[utoipa::path]` beside its handler, each body from the ajar-core type the handler
//! itself reads or writes, and `app::router` registers every API route through
//! `utoipa_axum::routes!`, which adds the route and its description in one step (so the
//! two cannot drift apart; `tests/openapi.rs` checks that no route bypasses it). What
//! every operation shares (the error answers a layer or an extractor gives) is added
//! once, in [`complete`], from the same facts the layers act on.

pub mod rules;

use ajar_core::api::{ErrorBody, PREFIX};
use axum::Extension;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::Ref;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, OpenApi as Document, RefOr, Response, ResponseBuilder, Server,
};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ajar",
        description = "Check-ins and feedback for psychotherapy. A client's phone trades its \
            personal link for a session cookie and sends check-ins; a therapist signs in \
            and reads their own caseload. Every change needs the `x-ajar-csrf` header. \
            Times are milliseconds since the Unix epoch (UTC). Every 4xx and 5xx answer \
            is an `ErrorBody` whose `error` says in words what was wrong.",
        license(name = "AGPL-3.0-only", identifier = "AGPL-3.0-only"),
    ),
    tags(
        (name = "client", description = "What a client's phone may do."),
        (name = "therapist", description = "What a signed-in therapist may do, with their own clients only."),
        (name = "meta", description = "This description."),
    ),
)]
pub struct ApiDoc;

/// Adds what every operation shares, once `routes!` has added them all: the two session
/// cookies and the error answers that do not depend on the handler, on each operation
/// where they can happen. A handler's own `responses(...)` says the rest (its 2xx, its
/// 404 and 409 with their meaning).
pub fn complete(mut doc: Document) -> serde_json::Value {
    doc.servers = Some(vec![Server::new(PREFIX)]);
    let components = doc.components.get_or_insert_with(Default::default);
    for (name, cookie) in [
        ("client_session", crate::session::CLIENT_COOKIE),
        ("therapist_session", crate::session::THERAPIST_COOKIE),
    ] {
        components.add_security_scheme(
            name,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(cookie))),
        );
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        let phone = path.starts_with("/client/");
        for (operation, changes) in operations(item) {
            add_shared(operation, changes);
            if phone {
                operation
                    .responses
                    .responses
                    .entry("429".to_owned())
                    .or_insert_with(|| {
                        error("This phone (its session or its address) sent more than its share this minute; `Retry-After` says when to send again.")
                    });
            }
        }
    }
    let mut doc = serde_json::to_value(&doc).expect("an OpenAPI document is plain data");
    rules::apply(&mut doc);
    doc
}

/// Each operation of a path item with whether it changes data (what the CSRF guard and
/// run-to-completion layers look at).
fn operations(item: &mut PathItem) -> impl Iterator<Item = (&mut Operation, bool)> {
    [
        (item.get.as_mut(), false),
        (item.head.as_mut(), false),
        (item.post.as_mut(), true),
        (item.put.as_mut(), true),
        (item.patch.as_mut(), true),
        (item.delete.as_mut(), true),
    ]
    .into_iter()
    .filter_map(|(op, changes)| op.map(|op| (op, changes)))
}

fn add_shared(op: &mut Operation, changes: bool) {
    let has_body = op.request_body.is_some();
    let signed_in = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut shared: Vec<(&str, &str)> = vec![(
        "503",
        "The database cannot take a write just now (busy, disk full or read-only), or too many sign-ins are being checked at once. Nothing was stored; `Retry-After` says when to try again.",
    )];
    if changes {
        shared.push((
            "403",
            "The request changes data but lacks the x-ajar-csrf header, or came from another site.",
        ));
        shared.push((
            "408",
            "The change took longer than a minute; it still finishes on the server, so send it again with the same id to learn the outcome.",
        ));
    }
    if signed_in {
        shared.push((
            "401",
            "No session, or it has expired or been ended: sign in (or open the link) again.",
        ));
    }
    if has_body {
        shared.push((
            "400",
            "The body is not JSON, or a field has the wrong type; the message names the field.",
        ));
        shared.push(("413", "The body is larger than 64 KiB."));
        shared.push(("415", "The body is not sent as application/json."));
        shared.push((
            "422",
            "The body is JSON of the right shape but breaks a rule (a missing field, an answer out of range, a text too long); the message says which.",
        ));
    }
    for (status, meaning) in shared {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| error(meaning));
    }
}

/// An error answer: an [`ErrorBody`] whose `error` says what was wrong.
fn error(meaning: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(meaning)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                .build(),
        )
        .build()
        .into()
}

/// The served document, rendered once when the router is built (after every route has
/// added its operation), handed to [`document`] as an extension.
#[derive(Clone)]
pub struct Served(pub Bytes);

impl Served {
    pub fn new(doc: &serde_json::Value) -> Self {
        Self(Bytes::from(doc.to_string()))
    }
}

/// `GET /api/v1/openapi.json`.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    operation_id = "openapi",
    responses((status = 200, description = "This description (OpenAPI 3.1).", content_type = "application/json", body = Object)),
)]
pub async fn document(Extension(doc): Extension<Served>) -> impl IntoResponse {
    // A cheap handle on the one rendered copy, not a new string per request.
    ([(header::CONTENT_TYPE, "application/json")], doc.0)
}
