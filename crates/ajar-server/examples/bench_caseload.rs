//! Benchmark: a caseload of 200 clients × 3 years of weekly answers, then the caseload
//! request and one client's page data through the real router, timed. Prints p50/p95.
//! With `AJAR_BENCH_POSTGRES` (a PostgreSQL server's URL) the same data is then copied
//! into a new database there (`ajar copy`'s code) and timed again on PostgreSQL.
//! Run with `cargo xtask bench`. A measurement, not a test: nothing here can fail on time.

#[path = "shared/caseload_data.rs"]
#[allow(dead_code)]
mod caseload_data;
#[path = "fault_suite/db.rs"]
#[allow(dead_code)]
mod db;

use ajar_core::due::DAY_MS;
use ajar_server::app::{AppState, router};
use ajar_server::auth::Token;
use ajar_server::clock::now_ms;
use ajar_server::store::{
    Archived, ClientId, PgStore, SessionKind, SqliteStore, Store, TherapistId,
};
use axum::body::Body;
use axum::http::{Request, header};
use caseload_data::Lcg;
use http_body_util::BodyExt;
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

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.sqlite3");
    let now = now_ms();
    let started = Instant::now();
    let (therapist, clients) = {
        let store = SqliteStore::open_for_bulk_load(&db).await?;
        let (therapist, clients, rows) =
            caseload_data::generate(&store, CLIENTS, WEEKS, now).await?;
        store.close().await;
        println!(
            "generated {CLIENTS} clients × {WEEKS} weeks: {rows} responses in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        (therapist, clients)
    };

    // Measure on a store opened as the server opens it.
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&db).await?);
    println!("SQLite");
    measure(store.clone(), therapist, &clients, now).await?;
    store.close().await;
    if let Ok(server) = std::env::var("AJAR_BENCH_POSTGRES") {
        let url = db::fresh_postgres_url(&server).await;
        let key = dir.path().join("postgres.audit-key");
        let started = Instant::now();
        ajar_server::store::copy::sqlite_to_postgres(&db, &url, &key).await?;
        println!(
            "PostgreSQL (the same data, copied in {:.1} s)",
            started.elapsed().as_secs_f64()
        );
        let store: Arc<dyn Store> = Arc::new(PgStore::open(&url, &key).await?);
        measure(store.clone(), therapist, &clients, now).await?;
        store.close().await;
    }
    Ok(())
}

async fn measure(
    store: Arc<dyn Store>,
    therapist: TherapistId,
    clients: &[ClientId],
    now: i64,
) -> anyhow::Result<()> {
    let mut times = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let records = store
            .caseload(
                therapist,
                None,
                Some(ajar_core::caseload::RECENT_PER_INSTRUMENT),
                Archived::Exclude,
            )
            .await?;
        times.push(started.elapsed());
        assert_eq!(records.len(), CLIENTS);
    }
    report("  of which: storage query", times, 0);
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
    let app = router(AppState::new(store.clone(), false), None);
    let cookie = format!("__Host-ajar_therapist={}", token.expose());
    let get = |path: String| {
        let app = app.clone();
        let cookie = cookie.clone();
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
        get("/api/v1/therapist/caseload".into()).await;
    }
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..RUNS {
        let (t, b) = get("/api/v1/therapist/caseload".into()).await;
        times.push(t);
        bytes = b;
    }
    report("caseload (200 clients)", times, bytes);

    let mut times = Vec::new();
    let mut rng = Lcg(7);
    for _ in 0..RUNS {
        let client = clients[rng.next(200) as usize % clients.len()];
        let (t, b) = get(format!("/api/v1/therapist/clients/{}", client.0)).await;
        times.push(t);
        bytes = b;
    }
    report("one client's page data", times, bytes);
    Ok(())
}
