//! Check-ins are written by one task, in groups: whatever arrived while the previous
//! group was being committed goes into the next transaction, and each sender is
//! answered only after that transaction's commit (and fsync). Throughput is then no
//! longer one fsync per check-in, and nobody waits for a window to fill: a check-in
//! alone is committed at once.
//!
//! The writer is its own task, so a request dropped halfway never cuts a group short.

use crate::store::rows::{StoredResponse, receipt, response_again};
use crate::store::{ClientId, Recorded, StoreResult};
use ajar_core::api::Receipt;
use sqlx::sqlite::SqlitePool;
use tokio::sync::{mpsc, oneshot};

/// The most check-ins in one transaction (a bound on how long one commit holds others).
const MAX_GROUP: usize = 256;

/// One check-in, validated and scored, on its way to the disk.
pub struct Row {
    pub client: ClientId,
    pub id: String,
    pub instrument: String,
    pub version: i64,
    pub answers: String,
    pub total: Option<i64>,
    pub band: Option<&'static str>,
    pub risk: bool,
    /// When the phone says it was finished; clamped by the insert.
    pub answered_at_ms: Option<i64>,
    pub now_ms: i64,
}

struct Job {
    row: Row,
    reply: oneshot::Sender<StoreResult<Recorded<Receipt>>>,
}

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

/// The SQLite result code of a failed group commit, kept so that every sender in the
/// group gets an error the HTTP layer can still read (busy, full, read-only: a 503).
#[derive(Debug, thiserror::Error)]
#[error("database error (SQLite code {0})")]
struct DbCode(i32);

impl Writer {
    pub fn start(pool: SqlitePool) -> Self {
        let (jobs, queue) = mpsc::channel(4 * MAX_GROUP);
        tokio::spawn(run(pool, queue));
        Self { jobs }
    }

    /// Stores the check-in; returns once it is committed to disk.
    pub async fn record(&self, row: Row) -> StoreResult<Recorded<Receipt>> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job { row, reply })
            .await
            .map_err(|_| anyhow::anyhow!("the check-in writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the check-in writer dropped a check-in"))?
    }
}

async fn run(pool: SqlitePool, mut queue: mpsc::Receiver<Job>) {
    while let Some(first) = queue.recv().await {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match queue.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let rows: Vec<&Row> = group.iter().map(|j| &j.row).collect();
        match commit(&pool, &rows).await {
            Ok(outcomes) => {
                for (job, outcome) in group.into_iter().zip(outcomes) {
                    let _ = job.reply.send(outcome);
                }
            }
            Err(e) => {
                let code = sqlite_code(&e);
                tracing::error!(
                    error = format!("{e:#}"),
                    size = rows.len(),
                    "group commit failed"
                );
                for job in group {
                    let err = match code {
                        Some(c) => anyhow::Error::new(DbCode(c)),
                        None => anyhow::anyhow!("storing check-ins failed"),
                    };
                    let _ = job.reply.send(Err(err));
                }
            }
        }
    }
}

/// The (extended) SQLite result code behind a store error, if it came from SQLite: from
/// sqlx directly, or handed on by a failed group commit.
pub fn sqlite_code(e: &anyhow::Error) -> Option<i32> {
    if let Some(DbCode(code)) = e.chain().find_map(|c| c.downcast_ref::<DbCode>()) {
        return Some(*code);
    }
    match e.chain().find_map(|c| c.downcast_ref::<sqlx::Error>())? {
        sqlx::Error::Database(db) => db.code()?.parse().ok(),
        sqlx::Error::PoolTimedOut => Some(5), // SQLITE_BUSY: the pool is the wait
        _ => None,
    }
}

/// One transaction for the group; each row in its own savepoint, so a row the
/// database refuses (its client deleted meanwhile) fails alone.
async fn commit(
    pool: &SqlitePool,
    rows: &[&Row],
) -> StoreResult<Vec<StoreResult<Recorded<Receipt>>>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    if let [row] = rows {
        // Alone in its group: its failure is the group's, no savepoint needed.
        let outcome = one(&mut tx, row).await?;
        tx.commit().await?;
        return Ok(vec![Ok(outcome)]);
    }
    let mut outcomes = Vec::with_capacity(rows.len());
    for row in rows {
        let mut savepoint = sqlx::Connection::begin(&mut *tx).await?;
        match one(&mut savepoint, row).await {
            Ok(outcome) => {
                savepoint.commit().await?;
                outcomes.push(Ok(outcome));
            }
            Err(e) => {
                savepoint.rollback().await?;
                outcomes.push(Err(e));
            }
        }
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn one(conn: &mut sqlx::SqliteConnection, row: &Row) -> StoreResult<Recorded<Receipt>> {
    let inserted = sqlx::query(
        "INSERT INTO responses
             (id, client_id, instrument, version, answers, total, band, risk, received_at,
              answered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                 MIN(?9, MAX(COALESCE(?10, ?9), (SELECT created_at FROM clients WHERE id = ?2))))
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
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(Recorded::New(receipt(
            &row.id,
            row.instrument.clone(),
            row.version,
            row.now_ms,
        )?));
    }
    let stored: StoredResponse = sqlx::query_as(
        "SELECT client_id, instrument, version, answers, received_at FROM responses WHERE id = ?",
    )
    .bind(&row.id)
    .fetch_one(&mut *conn)
    .await?;
    response_again(
        &row.id,
        stored,
        row.client,
        (&row.instrument, row.version, &row.answers),
    )
}
