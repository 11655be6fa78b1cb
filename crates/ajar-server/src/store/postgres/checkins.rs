//! Check-ins on PostgreSQL: one statement each, committed (and its WAL flushed, with
//! `synchronous_commit = on`) before the receipt is returned. PostgreSQL groups
//! concurrent commits' flushes itself, so there is no writer task as on SQLite; the
//! statement runs in a task of its own, so a request dropped halfway never leaves it
//! unfinished on its connection.

use crate::store::rows::{StoredResponse, receipt, response_again};
use crate::store::{ClientId, Recorded, StoreResult};
use ajar_core::api::Receipt;
use ajar_core::response::ValidResponse;
use sqlx::PgPool;

struct Row {
    client: ClientId,
    id: String,
    instrument: String,
    version: i64,
    answers: String,
    total: Option<i64>,
    band: Option<&'static str>,
    risk: bool,
    answered_at_ms: Option<i64>,
    now_ms: i64,
}

pub async fn record(
    pool: &PgPool,
    client: ClientId,
    response: &ValidResponse,
    now_ms: i64,
) -> StoreResult<Recorded<Receipt>> {
    let scored = response.scored();
    let row = Row {
        client,
        id: response.id().0.to_string(),
        instrument: response.instrument().id.to_owned(),
        version: i64::from(response.instrument().version),
        // BTreeMap keys serialize sorted: equal answers give equal text.
        answers: serde_json::to_string(response.answers())?,
        total: scored.total.map(i64::from),
        band: scored.band,
        risk: scored.risk,
        answered_at_ms: response.answered_at_ms(),
        now_ms,
    };
    let pool = pool.clone();
    tokio::spawn(async move { store(&pool, &row).await }).await?
}

async fn store(pool: &PgPool, row: &Row) -> StoreResult<Recorded<Receipt>> {
    let inserted = sqlx::query(
        "INSERT INTO responses
             (id, client_id, instrument, version, answers, total, band, risk, received_at,
              answered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
                 LEAST($9, GREATEST(COALESCE($10, $9),
                                    (SELECT created_at FROM clients WHERE id = $2))))
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&row.id)
    .bind(row.client.0)
    .bind(&row.instrument)
    .bind(row.version)
    .bind(&row.answers)
    .bind(row.total)
    .bind(row.band)
    .bind(row.risk)
    .bind(row.now_ms)
    .bind(row.answered_at_ms)
    .execute(pool)
    .await?
    .rows_affected();
    if inserted == 1 {
        return receipt(&row.id, row.instrument.clone(), row.version, row.now_ms)
            .map(Recorded::New);
    }
    let stored: StoredResponse = sqlx::query_as(
        "SELECT client_id, instrument, version, answers, received_at FROM responses WHERE id = $1",
    )
    .bind(&row.id)
    .fetch_one(pool)
    .await?;
    response_again(
        &row.id,
        stored,
        row.client,
        (&row.instrument, row.version, &row.answers),
    )
}
