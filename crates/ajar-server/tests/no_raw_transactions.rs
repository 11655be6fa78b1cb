//! No transaction is opened or closed by a raw SQL string: sqlx cannot see those, so a
//! request abandoned inside one hands its connection back to the pool still inside it
//! (tests/cancellation.rs shows the loss). The only way in is sqlx's own transaction,
//! `begin_with("BEGIN IMMEDIATE")` where a read decides the write.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The raw transaction statements found in `source` (outside `begin_with(…)`): a string
/// literal that starts with one of the keywords as a word. A JSON key or index that is
/// the same word (`"end":`, `["end"]`, a FHIR period's end) is not a statement. A
/// file's unit tests (from `#[cfg(test)] mod tests` on) are not the server: one makes
/// the state this rule prevents, to show the pool refuses a connection left in it.
fn raw_transaction_statements(source: &str) -> Vec<String> {
    let source = source
        .split("#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or_default();
    const STATEMENTS: [&str; 6] = [
        "begin",
        "start transaction",
        "commit",
        "rollback",
        "end",
        "savepoint",
    ];
    let is_statement = |lower: &str| {
        STATEMENTS.iter().any(|kw| {
            lower.match_indices(&format!("\"{kw}")).any(|(at, m)| {
                let rest = &lower[at + m.len()..];
                match rest.chars().next() {
                    None | Some(' ' | ';') => true,
                    Some('"') => !rest[1..].trim_start().starts_with([':', ']']),
                    _ => false,
                }
            })
        })
    };
    source
        .lines()
        .filter(|line| {
            let lower = line.to_lowercase();
            is_statement(&lower) && !lower.contains("begin_with(")
        })
        .map(|l| l.trim().to_owned())
        .collect()
}

#[test]
fn no_raw_begin_commit_or_rollback_in_the_server() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10, "found the server's sources: {files:?}");
    let found: Vec<_> = files
        .iter()
        .flat_map(|f| {
            raw_transaction_statements(&std::fs::read_to_string(f).unwrap())
                .into_iter()
                .map(move |l| format!("{}: {l}", f.display()))
        })
        .collect();
    assert!(found.is_empty(), "raw transaction statements: {found:#?}");
}

#[test]
fn the_scan_sees_what_it_forbids() {
    let bad = r#"sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
        sqlx::query("COMMIT").execute(&mut *conn).await?;
        sqlx::query("rollback").execute(&mut *conn).await.ok();
        sqlx::query("END").execute(&mut *conn).await?;
        sqlx::query("SAVEPOINT a").execute(&mut *conn).await?;
        sqlx::raw_sql("START TRANSACTION").execute(&mut *conn).await?;"#;
    assert_eq!(raw_transaction_statements(bad).len(), 6);
    let tested = "fn serve() {}\n#[cfg(test)]\nmod tests {\n    sqlx::raw_sql(\"BEGIN\");\n}";
    assert!(raw_transaction_statements(tested).is_empty());
    let served = tested.replace("fn serve() {}", "sqlx::raw_sql(\"BEGIN\");");
    assert_eq!(raw_transaction_statements(&served).len(), 1);
    let good = r#"let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        period["end"] = json!(at);
        json!({ "start": a, "end": b, "commitment": c, "beginner": d })"#;
    assert!(raw_transaction_statements(good).is_empty());
}
