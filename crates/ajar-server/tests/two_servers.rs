//! Two `ajar serve` processes on one PostgreSQL database, as behind a load balancer: an
//! account, a phone's link, a check-in and failed sign-ins made through one are known to
//! the other. Needs `AJAR_TEST_POSTGRES` (`cargo xtask test` sets it); without it the
//! test says so and does nothing.

#[path = "../examples/fault_suite/db.rs"]
#[allow(dead_code)]
mod db;
#[path = "../examples/fault_suite/http.rs"]
#[allow(dead_code)]
mod http;
#[path = "../examples/fault_suite/server.rs"]
#[allow(dead_code)]
mod server;

use db::Db;
use http::call;
use server::{Server, free_port};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(20);

fn responses_of(caseload: &str, label: &str) -> u64 {
    let entries: serde_json::Value = serde_json::from_str(caseload).expect("a caseload");
    entries
        .as_array()
        .expect("a list")
        .iter()
        .find(|e| e["label"] == label)
        .and_then(|e| e["response_count"].as_u64())
        .unwrap_or_else(|| panic!("{label} on the caseload: {caseload}"))
}

#[tokio::test]
async fn two_servers_on_one_postgres_know_the_same_accounts_phones_check_ins_and_failures() {
    let Ok(postgres) = std::env::var("AJAR_TEST_POSTGRES") else {
        eprintln!("skipped: AJAR_TEST_POSTGRES is not set, so there is no PostgreSQL to share");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = Db::fresh_postgres(&postgres, dir.path()).await;
    let one = Server::start_on(&db, free_port(), &[])
        .await
        .ok()
        .expect("the first server starts");
    // The second server's demo start renews the demo password and links in the shared
    // database: its banner holds the ones that now work, on both servers.
    let two = Server::start_on(&db, free_port(), &[])
        .await
        .ok()
        .expect("the second server starts");
    assert_ne!(one.password, two.password);

    let sign_in =
        |password: &str| format!(r#"{{"email":"{}","password":"{password}"}}"#, two.email);
    let r = call(
        one.port,
        "POST",
        "/api/v1/therapist/session",
        "",
        &sign_in(&two.password),
        LIMIT,
    )
    .await
    .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let therapist = r.cookie().expect("a session");

    let (label, token) = two.links.iter().next().expect("a demo client");
    let r = call(
        one.port,
        "POST",
        "/api/v1/client/session",
        "",
        &format!(r#"{{"token":"{token}"}}"#),
        LIMIT,
    )
    .await
    .unwrap();
    assert_eq!(
        r.status, 200,
        "the link the second server made opens on the first: {}",
        r.body
    );
    let phone = r.cookie().expect("a phone session");

    let before = call(
        one.port,
        "GET",
        "/api/v1/therapist/caseload",
        &therapist,
        "",
        LIMIT,
    )
    .await
    .unwrap();
    let check_in = r#"{"id":"b0b0b0b0-0000-4000-8000-000000000001","instrument":"ajar-session","version":1,"answers":{"heard":7,"goals":6,"approach":8,"overall":7,"pace":1,"note":""}}"#;
    let r = call(
        two.port,
        "POST",
        "/api/v1/client/responses",
        &phone,
        check_in,
        LIMIT,
    )
    .await
    .unwrap();
    assert_eq!(
        r.status, 201,
        "the phone's session works on the second server: {}",
        r.body
    );
    let after = call(
        one.port,
        "GET",
        "/api/v1/therapist/caseload",
        &therapist,
        "",
        LIMIT,
    )
    .await
    .unwrap();
    assert_eq!(
        responses_of(&after.body, label),
        responses_of(&before.body, label) + 1,
        "sent through the second server, on the caseload through the first"
    );

    // Five wrong passwords, alternating servers (the first server's own, now old, demo
    // password among them): the account's free failures are used up on both.
    let wrong = [
        one.password.clone(),
        "wrong 1".into(),
        "wrong 2".into(),
        "wrong 3".into(),
        "wrong 4".into(),
    ];
    for (n, password) in wrong.iter().enumerate() {
        let port = if n % 2 == 0 { two.port } else { one.port };
        let r = call(
            port,
            "POST",
            "/api/v1/therapist/session",
            "",
            &sign_in(password),
            LIMIT,
        )
        .await
        .unwrap();
        assert_eq!(r.status, 401, "try {n}: {}", r.body);
    }
    for port in [one.port, two.port] {
        let r = call(
            port,
            "POST",
            "/api/v1/therapist/session",
            "",
            &sign_in("wrong 5"),
            LIMIT,
        )
        .await
        .unwrap();
        assert_eq!(r.status, 429, "counted together: {}", r.body);
    }
    one.stop().await;
    two.stop().await;
}
