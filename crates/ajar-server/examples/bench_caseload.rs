//! Benchmark: a caseload of 200 clients × 3 years of weekly answers, and one client with
//! 50,000 answers of their own (another therapist's), then the caseload request, one
//! client's page data and the long client's page and words through the real router,
//! timed. Prints p50/p95. With `AJAR_BENCH_POSTGRES` (a PostgreSQL server's URL) the same
//! data is copied into a new database there (`ajar copy`'s code) and timed again, then
//! one therapist's caseload out of 1,000,000 responses (10 therapists × 200 clients).
//! Run with `cargo xtask bench`. A measurement, not a test: nothing here can fail on time.

#[path = "shared/caseload_data.rs"]
#[allow(dead_code)]
mod caseload_data;
#[path = "fault_suite/db.rs"]
#[allow(dead_code)]
mod db;

use ajar_core::caseload::FOR_CASELOAD;
use ajar_core::due::DAY_MS;
use ajar_server::app::{AppState, router};
use ajar_server::auth::Token;
use ajar_server::clock::now_ms;
use ajar_server::store::{
    Archived, ClientId, PgStore, SessionKind, SqliteStore, Store, TherapistId,
};
use axum::body::Body;
use axum::http::{Request, header};
use caseload_data::{Lcg, Spec};
use http_body_util::BodyExt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const CLIENTS: usize = 200;
const WEEKS: i64 = 156;
const RUNS: usize = 30;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(what: &str, mut times: Vec<Duration>, bytes: usize) {
    times.sort();
    println!(
        "{what:<28} p50 {:>8.1} ms   p95 {:>8.1} ms   ({} runs, {:.0} KiB JSON)",
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.95).as_secs_f64() * 1000.0,
        times.len(),
        bytes as f64 / 1024.0
    );
}

/// One client's history this long: 16,667 "weeks" of six hours, about 11 years.
const LONG_WEEKS: i64 = 16_667;

/// What is timed on each engine.
struct Data {
    therapist: TherapistId,
    clients: Vec<ClientId>,
    long_client: Option<(TherapistId, ClientId)>,
}

/// Generates into a new SQLite file: `therapists` caseloads of `CLIENTS` × `weeks`,
/// and with `long`, one more therapist with the one long client.
async fn generate(db: &Path, therapists: usize, weeks: i64, long: bool) -> anyhow::Result<Data> {
    let now = now_ms();
    let started = Instant::now();
    let store = SqliteStore::open_for_bulk_load(db).await?;
    let mut rows = 0;
    let mut first = None;
    for t in 0..therapists {
        let email = format!("bench{t}@ajar.invalid");
        let spec = Spec {
            email: &email,
            clients: CLIENTS,
            weeks,
            week_ms: 7 * DAY_MS,
            first_row: rows,
        };
        let (therapist, clients, made) = caseload_data::generate_with(&store, &spec, now).await?;
        rows += made;
        first.get_or_insert((therapist, clients));
    }
    let long_client = if long {
        let spec = Spec {
            email: "long@ajar.invalid",
            clients: 1,
            weeks: LONG_WEEKS,
            week_ms: DAY_MS / 4,
            first_row: rows,
        };
        let (therapist, clients, made) = caseload_data::generate_with(&store, &spec, now).await?;
        rows += made;
        Some((therapist, clients[0]))
    } else {
        None
    };
    store.close().await;
    println!(
        "generated {therapists} × {CLIENTS} clients × {weeks} weeks{}: {rows} responses in {:.1} s",
        if long { " and one client's 50,000" } else { "" },
        started.elapsed().as_secs_f64()
    );
    let (therapist, clients) = first.expect("at least one therapist");
    Ok(Data {
        therapist,
        clients,
        long_client,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.sqlite3");
    let data = generate(&db, 1, WEEKS, true).await?;

    // Measure on a store opened as the server opens it.
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&db).await?);
    println!("SQLite");
    measure(store.clone(), &data).await?;
    store.close().await;
    let Ok(server) = std::env::var("AJAR_BENCH_POSTGRES") else {
        return Ok(());
    };
    let key = dir.path().join("postgres.audit-key");
    let url = copied(&server, &db, &key).await?;
    println!("PostgreSQL (the same data)");
    let store: Arc<dyn Store> = Arc::new(PgStore::open(&url, &key).await?);
    measure(store.clone(), &data).await?;
    store.close().await;

    // One therapist's caseload among 1,000,000 responses: 10 × 200 clients × 167 weeks.
    let big = dir.path().join("million.sqlite3");
    let data = generate(&big, 10, 167, false).await?;
    let key = dir.path().join("million.audit-key");
    let url = copied(&server, &big, &key).await?;
    println!("PostgreSQL, 1,000,000 responses (one therapist's 200 clients timed)");
    let store: Arc<dyn Store> = Arc::new(PgStore::open(&url, &key).await?);
    measure(store.clone(), &data).await?;
    store.close().await;
    Ok(())
}

/// Copies the SQLite file into a new database on `server`; its URL.
async fn copied(server: &str, db: &Path, key: &Path) -> anyhow::Result<String> {
    let url = db::fresh_postgres_url(server).await;
    let started = Instant::now();
    ajar_server::store::copy::sqlite_to_postgres(db, &url, key).await?;
    println!(
        "copied into PostgreSQL in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(url)
}

async fn measure(store: Arc<dyn Store>, data: &Data) -> anyhow::Result<()> {
    let (therapist, clients, now) = (data.therapist, &data.clients, now_ms());
    let mut times = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let records = store
            .caseload(therapist, None, FOR_CASELOAD, Archived::Exclude)
            .await?;
        times.push(started.elapsed());
        assert_eq!(records.len(), CLIENTS);
    }
    report("  of which: storage query", times, 0);
    let app = router(AppState::new(store.clone(), false), None);
    let cookie = signed_in(store.as_ref(), therapist, now).await?;
    let get = |path: String, cookie: String| {
        let app = app.clone();
        async move {
            let req = Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap();
            let started = Instant::now();
            let res = app.oneshot(req).await.unwrap();
            assert!(res.status().is_success(), "{}", res.status());
            let body = res.into_body().collect().await.unwrap().to_bytes();
            (started.elapsed(), body.len())
        }
    };

    for _ in 0..3 {
        get("/api/v1/therapist/caseload".into(), cookie.clone()).await;
    }
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..RUNS {
        let (t, b) = get("/api/v1/therapist/caseload".into(), cookie.clone()).await;
        times.push(t);
        bytes = b;
    }
    report("caseload (200 clients)", times, bytes);

    let mut times = Vec::new();
    let mut rng = Lcg(7);
    for _ in 0..RUNS {
        let client = clients[rng.next(200) as usize % clients.len()];
        let (t, b) = get(
            format!("/api/v1/therapist/clients/{}", client.0),
            cookie.clone(),
        )
        .await;
        times.push(t);
        bytes = b;
    }
    report("one client's page data", times, bytes);

    let Some((long_therapist, long)) = data.long_client else {
        return Ok(());
    };
    let cookie = signed_in(store.as_ref(), long_therapist, now).await?;
    for (what, path) in [
        (
            "50,000-answer client's page",
            format!("/api/v1/therapist/clients/{}", long.0),
        ),
        (
            "  and its newest words",
            format!("/api/v1/therapist/clients/{}/words", long.0),
        ),
    ] {
        let mut times = Vec::new();
        for _ in 0..10 {
            let (t, b) = get(path.clone(), cookie.clone()).await;
            times.push(t);
            bytes = b;
        }
        report(what, times, bytes);
    }
    Ok(())
}

/// A therapist session's cookie.
async fn signed_in(store: &dyn Store, therapist: TherapistId, now: i64) -> anyhow::Result<String> {
    let token = Token::generate();
    store
        .create_session(
            &token.hash(),
            SessionKind::Therapist,
            therapist.0,
            now,
            now + DAY_MS,
            None,
        )
        .await?;
    Ok(format!("__Host-ajar_therapist={}", token.expose()))
}
