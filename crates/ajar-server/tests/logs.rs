//! Answer text, notes, passwords and tokens never reach the log, even at debug level:
//! the real binary is run, used over HTTP, and everything it logged is searched.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};

/// A minimal HTTP/1.1 exchange: enough for this test, no client library needed.
fn http(port: u16, method: &str, path: &str, cookie: &str, body: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nx-ajar-csrf: 1\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nCookie: {cookie}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let cookie = response
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .unwrap_or_default();
    (status, cookie, response)
}

#[test]
fn nothing_secret_or_written_by_a_client_reaches_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_ajar"))
        .args([
            "serve",
            "--demo",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--db",
        ])
        .arg(dir.path().join("ajar.sqlite3"))
        // The most an operator can turn on: every crate at trace level.
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain the log as it comes: a full pipe would block the server.
    let mut stderr = server.stderr.take().unwrap();
    let log_reader = std::thread::spawn(move || {
        let mut log = String::new();
        stderr.read_to_string(&mut log).unwrap();
        log
    });
    let mut banner = String::new();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    while !banner.contains("Press Ctrl-C") {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "server ended early: {banner}"
        );
        banner.push_str(&line);
    }
    let token = banner
        .split("#t=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let login = banner
        .split("demo login: ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap();
    let password = login.split(" / ").nth(1).unwrap().trim().to_owned();

    let (status, client_cookie, _) = http(
        port,
        "POST",
        "/api/v1/client/session",
        "",
        &format!(r#"{{"token":"{token}"}}"#),
    );
    assert_eq!(status, 200);
    let note = "zebra-secret-note-4711";
    let body = format!(
        r#"{{"id":"6f1c1b38-1f05-4b5e-9d3c-6c0ad1c1a0b2","instrument":"ajar-session","version":1,
            "answers":{{"heard":5,"goals":5,"approach":5,"overall":5,"pace":1,"note":"{note}"}}}}"#
    );
    assert_eq!(
        http(
            port,
            "POST",
            "/api/v1/client/responses",
            &client_cookie,
            &body
        )
        .0,
        201
    );
    // Malformed bodies that carry the note where the parser must read it: as the value
    // that fails to parse (serde quotes it in its message), after a field that parsed,
    // and in answers that parse but fail validation. Their 4xx must not log it either.
    let id = "7a2d2c49-2f16-4c6f-8e4d-7d1be2d2b1c3";
    let bad_bodies = [
        format!(r#"{{"id":"{id}","instrument":"ajar-session","answers":{{}},"version":"{note}"}}"#),
        format!(
            r#"{{"id":"{id}","instrument":"ajar-session","answers":{{"note":"{note}"}},"version":-1}}"#
        ),
        format!(
            r#"{{"id":"{id}","instrument":"ajar-session","version":1,
                "answers":{{"note":"{note}","heard":11,"goals":5,"approach":5,"overall":5,"pace":1}}}}"#
        ),
        format!(r#"{{"token":"{note}"}}"#),
    ];
    for (i, bad) in bad_bodies.iter().enumerate() {
        let path = if i == 3 {
            "/api/v1/client/session"
        } else {
            "/api/v1/client/responses"
        };
        let (status, _, answer) = http(port, "POST", path, &client_cookie, bad);
        assert!((400..500).contains(&status), "{bad} got {status}");
        if i < 2 {
            assert!(
                answer.contains("version"),
                "the 4xx names the field: {answer}"
            );
        }
    }
    let sign_in = format!(r#"{{"email":"demo@ajar.invalid","password":"{password}"}}"#);
    let (status, therapist_cookie, _) =
        http(port, "POST", "/api/v1/therapist/session", "", &sign_in);
    assert_eq!(status, 200);
    let (status, _, caseload) = http(
        port,
        "GET",
        "/api/v1/therapist/caseload",
        &therapist_cookie,
        "",
    );
    assert_eq!(status, 200);
    assert!(caseload.contains(note), "the note did reach the therapist");

    terminate(server.id());
    server.wait().unwrap();
    let log = log_reader.join().unwrap();
    // Nothing logs at TRACE on this path; DEBUG lines show the filter was raised.
    assert!(log.contains("DEBUG"), "verbose logging was on");
    assert!(
        log.contains("/api/v1/client/responses"),
        "the requests themselves were logged: {log}"
    );
    let session_values =
        [&client_cookie, &therapist_cookie].map(|c| c.split('=').nth(1).unwrap().to_owned());
    for secret in [
        note,
        token.as_str(),
        password.as_str(),
        &session_values[0],
        &session_values[1],
    ] {
        assert!(!log.contains(secret), "{secret:?} reached the log");
    }
}

/// SIGTERM, so the server shuts down cleanly and flushes its log.
fn terminate(pid: u32) {
    Command::new("kill").arg(pid.to_string()).status().unwrap();
}
