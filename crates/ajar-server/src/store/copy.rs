//! `ajar copy`: everything in a SQLite database moved into an empty PostgreSQL one, the
//! audit chain included (entries, hashes and the key that signs them), then checked: the
//! same number of rows in every table, and a chain that verifies to the same head.
//!
//! Each table goes over in pages of its rows as JSON (SQLite's `json_object` out,
//! PostgreSQL's `json_populate_recordset` in), in their insertion order, in one
//! PostgreSQL transaction: a copy cut short leaves the target empty. The statements are
//! written out per table, so no SQL is built at run time.

use super::{PgStore, SqliteStore, Store};
use anyhow::{Context, bail};
use std::path::Path;

/// Rows per page: a few megabytes of JSON at most.
const PAGE: i64 = 2000;

/// One table: how SQLite gives a page of its rows (after `rowid` ?1, at most ?2) as a JSON
/// array with the last rowid, and how PostgreSQL takes such an array ($1).
struct Table {
    name: &'static str,
    read: &'static str,
    write: &'static str,
}

/// In an order that satisfies every foreign key.
const TABLES: &[Table] = &[
    Table {
        name: "therapists",
        read: "SELECT json_group_array(json_object('id', id, 'email', email,
                   'display_name', display_name, 'password_hash', password_hash,
                   'created_at', created_at, 'door_open_message', door_open_message,
                   'crisis_text', crisis_text, 'disabled_at', disabled_at)), MAX(rowid)
               FROM (SELECT rowid, * FROM therapists WHERE rowid > ?1 ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO therapists (id, email, display_name, password_hash, created_at,
                    door_open_message, crisis_text, disabled_at)
                SELECT id, email, display_name, password_hash, created_at, door_open_message,
                    crisis_text, disabled_at
                FROM json_populate_recordset(NULL::therapists, $1::json)",
    },
    Table {
        name: "clients",
        read: "SELECT json_group_array(json_object('id', id, 'therapist_id', therapist_id,
                   'label', label,
                   'link_hash', CASE WHEN link_hash IS NULL THEN NULL
                                     ELSE '\\x' || lower(hex(link_hash)) END,
                   'created_at', created_at, 'plan', plan, 'archived_at', archived_at,
                   'phone_ref', phone_ref)), MAX(rowid)
               FROM (SELECT rowid, * FROM clients WHERE rowid > ?1 ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO clients (id, therapist_id, label, link_hash, created_at, plan,
                    archived_at, phone_ref)
                SELECT id, therapist_id, label, link_hash, created_at, plan, archived_at,
                    phone_ref
                FROM json_populate_recordset(NULL::clients, $1::json)",
    },
    Table {
        name: "episodes",
        read: "SELECT json_group_array(json_object('id', id, 'client_id', client_id,
                   'started_at', started_at, 'ended_at', ended_at,
                   'ending_type', ending_type)), MAX(rowid)
               FROM (SELECT rowid, * FROM episodes WHERE rowid > ?1 ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO episodes (id, client_id, started_at, ended_at, ending_type)
                SELECT id, client_id, started_at, ended_at, ending_type
                FROM json_populate_recordset(NULL::episodes, $1::json)",
    },
    Table {
        name: "responses",
        read: "SELECT json_group_array(json_object('id', id, 'client_id', client_id,
                   'instrument', instrument, 'version', version, 'answers', answers,
                   'total', total, 'band', band, 'risk', risk, 'received_at', received_at,
                   'answered_at', answered_at)), MAX(rowid)
               FROM (SELECT rowid, * FROM responses WHERE rowid > ?1 ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO responses (id, client_id, instrument, version, answers, total,
                    band, risk, received_at, answered_at)
                SELECT id, client_id, instrument, version, answers, total, band, risk,
                    received_at, answered_at
                FROM json_populate_recordset(NULL::responses, $1::json)",
    },
    Table {
        name: "risk_acknowledgements",
        read: "SELECT json_group_array(json_object('response_id', response_id,
                   'therapist_id', therapist_id, 'action', action, 'note', note,
                   'at', at)), MAX(rowid)
               FROM (SELECT rowid, * FROM risk_acknowledgements WHERE rowid > ?1
                     ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO risk_acknowledgements (response_id, therapist_id, action, note, at)
                SELECT response_id, therapist_id, action, note, at
                FROM json_populate_recordset(NULL::risk_acknowledgements, $1::json)",
    },
    Table {
        name: "requests",
        read: "SELECT json_group_array(json_object('id', id, 'client_id', client_id,
                   'wish', wish, 'reasons', reasons, 'message', message,
                   'preferred_times', preferred_times, 'check_back_on', check_back_on,
                   'status', status, 'reply', reply, 'proposed_time', proposed_time,
                   'time_answer', time_answer, 'time_suggestion', time_suggestion,
                   'created_at', created_at, 'updated_at', updated_at,
                   'received_at', received_at)), MAX(rowid)
               FROM (SELECT rowid, * FROM requests WHERE rowid > ?1 ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO requests (id, client_id, wish, reasons, message, preferred_times,
                    check_back_on, status, reply, proposed_time, time_answer, time_suggestion,
                    created_at, updated_at, received_at)
                SELECT id, client_id, wish, reasons, message, preferred_times, check_back_on,
                    status, reply, proposed_time, time_answer, time_suggestion, created_at,
                    updated_at, received_at
                FROM json_populate_recordset(NULL::requests, $1::json)",
    },
    Table {
        name: "sessions",
        read: "SELECT json_group_array(json_object(
                   'token_hash', '\\x' || lower(hex(token_hash)), 'kind', kind,
                   'subject_id', subject_id, 'created_at', created_at,
                   'expires_at', expires_at, 'last_seen_at', last_seen_at,
                   'ended_because', ended_because, 'device', device)), MAX(rowid)
               FROM (SELECT rowid, * FROM sessions WHERE rowid > ?1 ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO sessions (token_hash, kind, subject_id, created_at, expires_at,
                    last_seen_at, ended_because, device)
                SELECT token_hash, kind, subject_id, created_at, expires_at, last_seen_at,
                    ended_because, device
                FROM json_populate_recordset(NULL::sessions, $1::json)",
    },
    Table {
        name: "therapist_totp",
        read: "SELECT json_group_array(json_object('therapist_id', therapist_id,
                   'secret', '\\x' || lower(hex(secret)), 'created_at', created_at,
                   'confirmed_at', confirmed_at, 'last_step', last_step)), MAX(rowid)
               FROM (SELECT rowid, * FROM therapist_totp WHERE rowid > ?1
                     ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO therapist_totp (therapist_id, secret, created_at, confirmed_at,
                    last_step)
                SELECT therapist_id, secret, created_at, confirmed_at, last_step
                FROM json_populate_recordset(NULL::therapist_totp, $1::json)",
    },
    Table {
        name: "recovery_codes",
        read: "SELECT json_group_array(json_object('therapist_id', therapist_id,
                   'code_hash', '\\x' || lower(hex(code_hash)), 'used_at', used_at)),
                   MAX(rowid)
               FROM (SELECT rowid, * FROM recovery_codes WHERE rowid > ?1
                     ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO recovery_codes (therapist_id, code_hash, used_at)
                SELECT therapist_id, code_hash, used_at
                FROM json_populate_recordset(NULL::recovery_codes, $1::json)",
    },
    Table {
        name: "push_subscriptions",
        read: "SELECT json_group_array(json_object(
                   'session_hash', '\\x' || lower(hex(session_hash)), 'client_id', client_id,
                   'endpoint', endpoint, 'p256dh', '\\x' || lower(hex(p256dh)),
                   'auth', '\\x' || lower(hex(auth)),
                   'utc_offset_minutes', utc_offset_minutes, 'created_at', created_at,
                   'reminded_for', reminded_for, 'sent_at', sent_at)), MAX(rowid)
               FROM (SELECT rowid, * FROM push_subscriptions WHERE rowid > ?1
                     ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO push_subscriptions (session_hash, client_id, endpoint, p256dh, auth,
                    utc_offset_minutes, created_at, reminded_for, sent_at)
                SELECT session_hash, client_id, endpoint, p256dh, auth, utc_offset_minutes,
                    created_at, reminded_for, sent_at
                FROM json_populate_recordset(NULL::push_subscriptions, $1::json)",
    },
    // The subscriptions above were made with this key; a key the target made at its
    // first start gives way to it.
    Table {
        name: "vapid_keys",
        read: "SELECT json_group_array(json_object('id', id,
                   'private_key', '\\x' || lower(hex(private_key)),
                   'created_at', created_at)), MAX(rowid)
               FROM (SELECT rowid, * FROM vapid_keys WHERE rowid > ?1 ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO vapid_keys (id, private_key, created_at)
                SELECT id, private_key, created_at
                FROM json_populate_recordset(NULL::vapid_keys, $1::json)
                ON CONFLICT (id) DO UPDATE SET private_key = EXCLUDED.private_key,
                    created_at = EXCLUDED.created_at",
    },
    Table {
        name: "audit",
        read: "SELECT json_group_array(json_object('seq', seq, 'at', at, 'actor', actor,
                   'action', action, 'subject', subject,
                   'prev_hash', '\\x' || lower(hex(prev_hash)),
                   'hash', '\\x' || lower(hex(hash)), 'keyed', keyed)), MAX(rowid)
               FROM (SELECT rowid, * FROM audit WHERE rowid > ?1 ORDER BY rowid LIMIT ?2)",
        write: "INSERT INTO audit (seq, at, actor, action, subject, prev_hash, hash, keyed)
                SELECT seq, at, actor, action, subject, prev_hash, hash, keyed
                FROM json_populate_recordset(NULL::audit, $1::json)",
    },
];

/// The counts of every table, by the same names on both engines.
macro_rules! count_all {
    () => {
        "SELECT (SELECT COUNT(*) FROM therapists), (SELECT COUNT(*) FROM clients),
                (SELECT COUNT(*) FROM episodes), (SELECT COUNT(*) FROM responses),
                (SELECT COUNT(*) FROM risk_acknowledgements), (SELECT COUNT(*) FROM requests),
                (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM therapist_totp),
                (SELECT COUNT(*) FROM recovery_codes), (SELECT COUNT(*) FROM audit),
                (SELECT COUNT(*) FROM push_subscriptions)"
    };
}

/// (`vapid_keys` is not counted: the target may have made its own key at a first start,
/// which the copy replaces.)
type Counts = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);

/// What was copied, for the person who asked.
pub struct Copied {
    pub rows: i64,
    pub audit_entries: usize,
}

/// Copies `from` (a SQLite file) into the empty PostgreSQL database at `to`, with the
/// audit key from beside `from` to `key_file`.
pub async fn sqlite_to_postgres(from: &Path, to: &str, key_file: &Path) -> anyhow::Result<Copied> {
    let source = SqliteStore::open(from).await?;
    let head = match source.verify_audit(None).await? {
        Ok(head) => head,
        Err(broken) => bail!(
            "the audit trail of {} is broken, so it is not copied: {broken}",
            from.display()
        ),
    };
    let source_key = super::audit_key_path(from);
    match std::fs::read(key_file) {
        Ok(existing) if existing == std::fs::read(&source_key)? => {}
        Ok(_) => bail!(
            "{} holds another audit key; the copy needs {}'s (move the other away, or set AJAR_AUDIT_KEY_FILE elsewhere)",
            key_file.display(),
            from.display()
        ),
        Err(_) => {
            if let Some(dir) = key_file.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::copy(&source_key, key_file)
                .with_context(|| format!("copying the audit key to {}", key_file.display()))?;
        }
    }
    let target = PgStore::open(to, key_file).await?;
    let before: Counts = sqlx::query_as(count_all!())
        .fetch_one(target.pool())
        .await?;
    if before.0 + before.1 + before.9 > 0 {
        bail!("the PostgreSQL database already holds data; copy into an empty one");
    }
    let mut tx = target.pool().begin().await?;
    for table in TABLES {
        let mut after = 0i64;
        loop {
            let (page, last): (String, Option<i64>) = sqlx::query_as(table.read)
                .bind(after)
                .bind(PAGE)
                .fetch_one(source.pool())
                .await
                .with_context(|| format!("reading {}", table.name))?;
            let Some(last) = last else { break };
            sqlx::query(table.write)
                .bind(page)
                .execute(&mut *tx)
                .await
                .with_context(|| format!("writing {}", table.name))?;
            after = last;
        }
    }
    // Ids made from here on follow the copied ones.
    for reset in [
        "SELECT setval(pg_get_serial_sequence('therapists', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM therapists",
        "SELECT setval(pg_get_serial_sequence('clients', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM clients",
        "SELECT setval(pg_get_serial_sequence('episodes', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM episodes",
    ] {
        sqlx::query(reset).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    // A database filled in one transaction has no planner statistics until autovacuum
    // comes round; without them the first caseloads are planned blind.
    sqlx::query("ANALYZE").execute(target.pool()).await?;
    let copied: Counts = sqlx::query_as(count_all!())
        .fetch_one(target.pool())
        .await?;
    let original: Counts = sqlx::query_as(count_all!())
        .fetch_one(source.pool())
        .await?;
    if copied != original {
        bail!("the copy's row counts {copied:?} differ from the original's {original:?}");
    }
    // The counts the caseload reads, kept by triggers as the rows went in.
    let (miscounted,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM clients c
         WHERE c.response_count <> (SELECT COUNT(*) FROM responses r WHERE r.client_id = c.id)
            OR c.open_risk_count <> (SELECT COUNT(*) FROM responses r
                                     WHERE r.client_id = c.id AND r.risk
                                       AND NOT EXISTS (SELECT 1 FROM risk_acknowledgements a
                                                       WHERE a.response_id = r.id))",
    )
    .fetch_one(target.pool())
    .await?;
    if miscounted > 0 {
        bail!("the copy's kept counts are wrong for {miscounted} clients");
    }
    match target.verify_audit(None).await? {
        Ok(now) if now == head => {}
        Ok(now) => bail!(
            "the copied audit trail ends at {} where the original ends at {}",
            now.to_text(),
            head.to_text()
        ),
        Err(broken) => bail!("the copied audit trail does not verify: {broken}"),
    }
    let rows = copied.0
        + copied.1
        + copied.2
        + copied.3
        + copied.4
        + copied.5
        + copied.6
        + copied.7
        + copied.8
        + copied.9
        + copied.10;
    source.close().await;
    target.close().await;
    Ok(Copied {
        rows,
        audit_entries: head.entries,
    })
}
