//! Shared by the API tests: a router on a fresh database with two therapists, each with
//! one client, driven through `oneshot`. The database is a new SQLite file, or, when
//! `AJAR_TEST_POSTGRES` names a PostgreSQL server (`cargo xtask test` starts one), a new
//! database on it: the same tests hold both engines to the same promises.
#![allow(dead_code)]

#[path = "../../examples/fault_suite/db.rs"]
mod db;

use ajar_core::Secret;
use ajar_server::app::{AppState, router};
use ajar_server::auth::{Token, hash_password};
use ajar_server::clock::now_ms;
use ajar_server::store::{Audited, ClientId, PgStore, SqliteStore, Store, TherapistId};
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;

pub const PASSWORD: &str = "a long enough password";

/// The engine a world's store runs on.
pub enum Engine {
    Sqlite(Arc<SqliteStore>),
    Postgres { store: Arc<PgStore>, url: String },
}

pub struct World {
    pub app: Router,
    pub store: Arc<dyn Store>,
    pub engine: Engine,
    pub state: AppState,
    /// The SQLite file (on PostgreSQL: a path nothing is written to).
    pub db: PathBuf,
    /// The audit key's file.
    pub key_file: PathBuf,
    _dir: tempfile::TempDir,
    /// Link tokens of client A (therapist 1) and client B (therapist 2).
    pub link_a: Token,
    pub link_b: Token,
    pub client_a: ClientId,
    pub client_b: ClientId,
}

pub async fn world() -> World {
    world_with_dist(None).await
}

pub async fn world_with_dist(dist: Option<PathBuf>) -> World {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ajar.sqlite3");
    let key_file = ajar_server::store::audit_key_path(&db);
    let engine = match std::env::var("AJAR_TEST_POSTGRES") {
        Ok(server) => {
            let url = fresh_postgres_database(&server).await;
            let store = Arc::new(PgStore::open(&url, &key_file).await.unwrap());
            Engine::Postgres { store, url }
        }
        Err(_) => Engine::Sqlite(Arc::new(SqliteStore::open(&db).await.unwrap())),
    };
    let store: Arc<dyn Store> = match &engine {
        Engine::Sqlite(s) => s.clone(),
        Engine::Postgres { store, .. } => store.clone(),
    };
    let phc = hash_password(&Secret::new(PASSWORD)).unwrap();
    let t1 = store
        .add_therapist("one@example.org", "Therapist One", &phc, now_ms())
        .await
        .unwrap();
    let t2 = store
        .add_therapist("two@example.org", "Therapist Two", &phc, now_ms())
        .await
        .unwrap();
    let (link_a, link_b) = (Token::generate(), Token::generate());
    let client_a = add_client(store.as_ref(), t1, "A", &link_a).await;
    let client_b = add_client(store.as_ref(), t2, "B", &link_b).await;
    // These tests send hundreds of requests from one phone; the limit has its own test.
    let state = AppState::new(store.clone(), false).limiting_phones(1_000_000);
    World {
        app: router(state.clone(), dist),
        state,
        store,
        engine,
        db,
        key_file,
        _dir: dir,
        link_a,
        link_b,
        client_a,
        client_b,
    }
}

/// A new, empty database on the PostgreSQL server at `server` (a URL of any database on
/// it); its URL.
pub async fn fresh_postgres_database(server: &str) -> String {
    db::fresh_postgres_url(server).await
}

async fn add_client(store: &dyn Store, t: TherapistId, label: &str, link: &Token) -> ClientId {
    store
        .add_client(
            t,
            label,
            &link.hash(),
            now_ms(),
            &Audited::new("test", "client.add", "", now_ms()),
        )
        .await
        .unwrap()
}

pub struct Reply {
    pub status: StatusCode,
    pub cookie: Option<String>,
    pub body: Value,
}

impl World {
    pub fn on_postgres(&self) -> bool {
        matches!(self.engine, Engine::Postgres { .. })
    }

    /// A second, independent store on the same database (another server, or a command
    /// run beside the server).
    pub async fn reopen(&self) -> Arc<dyn Store> {
        match &self.engine {
            Engine::Sqlite(_) => Arc::new(SqliteStore::open(&self.db).await.unwrap()),
            Engine::Postgres { url, .. } => {
                Arc::new(PgStore::open(url, &self.key_file).await.unwrap())
            }
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method.clone())
            .uri(format!("/api/v1{path}"));
        if method != Method::GET {
            req = req.header("x-ajar-csrf", "1");
        }
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        send(&self.app, req).await
    }

    /// A setup step: fails the test at once unless the server answered 2xx, so a test
    /// never goes on to check a world its setup did not build.
    pub async fn call_ok(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let shown = format!("{method} {path}");
        let r = self.call(method, path, cookie, body).await;
        assert!(r.status.is_success(), "{shown}: {} {}", r.status, r.body);
        r
    }

    /// `GET /api/v1/openapi.json`, which every route is registered with.
    pub async fn described(&self) -> Value {
        let r = self.call(Method::GET, "/openapi.json", None, None).await;
        assert_eq!(r.status, StatusCode::OK);
        r.body
    }

    /// Signs client A's phone in; returns its cookie pair.
    pub async fn client_cookie(&self, link: &Token) -> String {
        let r = self
            .call(
                Method::POST,
                "/client/session",
                None,
                Some(json!({ "token": link.expose() })),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        r.cookie.expect("a session cookie")
    }

    /// The actions of the signed-in therapist's own audit trail, newest first.
    pub async fn audit_actions(&self, cookie: &str) -> Vec<String> {
        let trail = self
            .call(Method::GET, "/therapist/audit", Some(cookie), None)
            .await;
        trail
            .body
            .as_array()
            .expect("the trail is a list")
            .iter()
            .map(|e| e["action"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    pub async fn therapist_cookie(&self, email: &str) -> String {
        let r = self
            .call(
                Method::POST,
                "/therapist/session",
                None,
                Some(json!({ "email": email, "password": PASSWORD })),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        r.cookie.expect("a session cookie")
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        cookie,
        body,
    }
}

/// "name=value" from a Set-Cookie header, as a browser would send it back.
pub fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

/// A complete session check-in whose four scales are all `rating`.
pub fn checkin(id: &str, rating: u8, note: &str) -> Value {
    json!({
        "id": id, "instrument": "ajar-session", "version": 1,
        "answers": { "heard": rating, "goals": rating, "approach": rating, "overall": rating,
                     "pace": 1, "note": note }
    })
}

/// A PHQ-9 with items 1–8 at `each` and item 9 at `item9`.
pub fn phq9(id: &str, each: u8, item9: u8) -> Value {
    let mut answers = serde_json::Map::new();
    for i in 1..=8 {
        answers.insert(format!("phq9-{i}"), json!(each));
    }
    answers.insert("phq9-9".into(), json!(item9));
    json!({ "id": id, "instrument": "phq-9", "version": 1, "answers": answers })
}

pub const ID: &str = "6f1c1b38-1f05-4b5e-9d3c-6c0ad1c1a0b2";

/// A GET whose answer is not JSON: status, content type, disposition and body text.
pub async fn get_text(
    app: &Router,
    path: &str,
    cookie: Option<&str>,
) -> (StatusCode, String, String, String) {
    let mut req = Request::get(format!("/api/v1{path}"));
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let header_text = |name| {
        res.headers()
            .get(name)
            .map(|v: &axum::http::HeaderValue| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (kind, disposition) = (
        header_text(header::CONTENT_TYPE),
        header_text(header::CONTENT_DISPOSITION),
    );
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        kind,
        disposition,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

/// Every operation of an OpenAPI document: (method in capitals, path, operation).
pub fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            found.push((method.to_uppercase(), path.clone(), op.clone()));
        }
    }
    found
}
