//! The HTTP API driven through the router with `oneshot`: no socket, a real database
//! (a SQLite file, or PostgreSQL under `AJAR_TEST_POSTGRES`).

mod common;

use ajar_server::auth::Token;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::*;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

#[tokio::test]
async fn a_link_is_traded_for_an_http_only_strict_session_cookie() {
    let w = world().await;
    let set = w.client_cookie(&w.link_a).await;
    assert!(set.starts_with("__Host-ajar_client="), "{set}");
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Strict"), "{set}");
    assert!(set.contains("Path=/"), "{set}");
    assert!(set.contains("Secure"), "{set}");
    assert!(
        !set.contains("Domain"),
        "a __Host- cookie has no Domain: {set}"
    );
    assert!(
        !set.contains(w.link_a.expose()),
        "the session is not the link token"
    );

    let home = w
        .call(Method::GET, "/client/home", Some(&pair(&set)), None)
        .await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.body["therapist_name"], "Therapist One");
    assert_eq!(home.body["recent"], json!([]));
    assert_eq!(home.body["last_sent"], json!([]));
}

#[tokio::test]
async fn an_unknown_or_malformed_link_gets_a_plain_404() {
    let w = world().await;
    for token in [Token::generate().expose().to_owned(), "short".to_owned()] {
        let r = w
            .call(
                Method::POST,
                "/client/session",
                None,
                Some(json!({ "token": token })),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(
            r.body["error"],
            "This link does not work any more. Please ask your therapist for a new one."
        );
        assert!(r.cookie.is_none());
    }
}

#[tokio::test]
async fn a_check_in_is_stored_once_however_often_it_is_sent() {
    let w = world().await;
    let c = pair(&w.client_cookie(&w.link_a).await);

    let first = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&c),
            Some(checkin(ID, 6, "rushed")),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(first.body["id"], ID);
    assert_eq!(first.body["instrument"], "ajar-session");
    assert_eq!(first.body["version"], 1);

    let again = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&c),
            Some(checkin(ID, 6, "rushed")),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body, first.body, "a retry gets the original receipt");

    let other = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&c),
            Some(checkin(ID, 7, "rushed")),
        )
        .await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert!(
        other.body["error"]
            .as_str()
            .unwrap()
            .contains("already sent with this id")
    );

    let t = pair(&w.therapist_cookie("one@example.org").await);
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t), None)
        .await;
    assert_eq!(caseload.body[0]["response_count"], 1);
    let latest = &caseload.body[0]["latest"][0];
    assert_eq!(latest["answers"]["note"], "rushed");
    assert_eq!(latest["total"], 24, "scored by the server: 4 × 6");
}

#[tokio::test]
async fn a_201_means_the_check_in_is_on_disk() {
    let w = world().await;
    let c = pair(&w.client_cookie(&w.link_a).await);
    let r = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&c),
            Some(checkin(ID, 3, "")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    // A second, independent connection to the same database sees the committed row.
    let other = w.reopen().await;
    let home = other.client_home(w.client_a).await.unwrap();
    assert_eq!(home.recent.len(), 1);
    assert_eq!(home.recent[0].id.to_string(), ID);
    assert_eq!(home.last_sent[0].instrument, "ajar-session");
    // Seeing the row proves the commit, not the disk.
    match &w.engine {
        // Every connection that could have written it runs in WAL with
        // synchronous = FULL (2), which fsyncs the WAL at commit.
        Engine::Sqlite(store) => {
            let settings = store.durability_settings().await.unwrap();
            assert_eq!(settings.len(), 8, "every pooled connection was asked");
            for (mode, sync) in settings {
                assert_eq!(
                    (mode.as_str(), sync),
                    ("wal", 2),
                    "journal mode and synchronous"
                );
            }
        }
        // A commit waits for its WAL record to be flushed, and flushes are real.
        Engine::Postgres { store, .. } => {
            let settings = store.durability_settings().await.unwrap();
            assert_eq!(settings, ("on".to_owned(), "on".to_owned()));
        }
    }
}

#[tokio::test]
async fn bad_answers_get_a_4xx_that_names_the_problem() {
    let w = world().await;
    let c = pair(&w.client_cookie(&w.link_a).await);
    let mut pace_5 = checkin(ID, 3, "");
    pace_5["answers"]["pace"] = json!(5);
    let mut no_pace = checkin(ID, 3, "");
    no_pace["answers"].as_object_mut().unwrap().remove("pace");
    let mut unknown = checkin(ID, 3, "");
    unknown["instrument"] = json!("ors");
    let cases = [
        (
            checkin(ID, 11, ""),
            "Session check-in: question heard takes a whole number from 0 to 10, got 11.",
        ),
        (
            pace_5,
            "Session check-in: 5 is not one of the options for question pace.",
        ),
        (
            no_pace,
            "Session check-in: question pace (\"How was the pace today?\") needs an answer.",
        ),
        (
            checkin(ID, 3, &"x".repeat(4001)),
            "the answer to question note is 4001 characters long; the limit is 4000",
        ),
        (unknown, "There is no check-in \"ors\" version 1."),
        (
            json!({ "id": "not-a-uuid", "instrument": "ajar-session", "version": 1, "answers": {} }),
            "id",
        ),
        (
            json!({ "id": ID, "instrument": "ajar-session", "version": 1 }),
            "missing field `answers`",
        ),
    ];
    for (body, expected) in cases {
        let r = w
            .call(Method::POST, "/client/responses", Some(&c), Some(body))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        let error = r.body["error"].as_str().unwrap();
        assert!(
            error.contains(expected),
            "{error:?} should mention {expected:?}"
        );
    }
    let not_json = Request::post("/api/v1/client/responses")
        .header("x-ajar-csrf", "1")
        .header(header::COOKIE, &c)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{nope"))
        .unwrap();
    let r = send(&w.app, not_json).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body["error"].as_str().unwrap().contains("JSON"));
}

#[tokio::test]
async fn nothing_but_a_signed_in_phone_may_send_or_read_check_ins() {
    let w = world().await;
    let r = w
        .call(
            Method::POST,
            "/client/responses",
            None,
            Some(checkin(ID, 5, "")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.body["error"],
        "This phone is not signed in. Open your personal link again."
    );
    let forged = format!("__Host-ajar_client={}", Token::generate().expose());
    let r = w
        .call(Method::GET, "/client/home", Some(&forged), None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // A therapist's session is not a client's.
    let t = pair(&w.therapist_cookie("one@example.org").await);
    let as_client = t.replace("__Host-ajar_therapist=", "__Host-ajar_client=");
    let r = w
        .call(Method::GET, "/client/home", Some(&as_client), None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_client_and_therapist_sees_only_their_own() {
    let w = world().await;
    let a = pair(&w.client_cookie(&w.link_a).await);
    let b = pair(&w.client_cookie(&w.link_b).await);
    w.call_ok(
        Method::POST,
        "/client/responses",
        Some(&a),
        Some(checkin(ID, 2, "from A")),
    )
    .await;
    // B cannot overwrite or read A's check-in by reusing its id.
    let r = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&b),
            Some(checkin(ID, 2, "from A")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let home_b = w.call(Method::GET, "/client/home", Some(&b), None).await;
    assert_eq!(home_b.body["therapist_name"], "Therapist Two");
    assert_eq!(home_b.body["recent"], json!([]));

    let t1 = pair(&w.therapist_cookie("one@example.org").await);
    let t2 = pair(&w.therapist_cookie("two@example.org").await);
    let one = w
        .call(Method::GET, "/therapist/caseload", Some(&t1), None)
        .await;
    let two = w
        .call(Method::GET, "/therapist/caseload", Some(&t2), None)
        .await;
    let labels = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["label"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(labels(&one.body), ["A"]);
    assert_eq!(labels(&two.body), ["B"]);
    assert_eq!(two.body[0]["latest"], json!([]));
}

#[tokio::test]
async fn sign_in_refuses_wrong_passwords_and_unknown_emails_alike() {
    let w = world().await;
    for (email, password) in [
        ("one@example.org", "wrong password!"),
        ("nobody@example.org", PASSWORD),
    ] {
        let r = w
            .call(
                Method::POST,
                "/therapist/session",
                None,
                Some(json!({ "email": email, "password": password })),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            r.body["error"],
            "That email and password do not match an account."
        );
        assert!(r.cookie.is_none());
    }
    let r = w
        .call(
            Method::POST,
            "/therapist/session",
            None,
            Some(json!({ "email": "", "password": "" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn email_is_matched_without_regard_to_case() {
    let w = world().await;
    let cookie = w.therapist_cookie("ONE@Example.org").await;
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let w = world().await;
    let t = pair(&w.therapist_cookie("one@example.org").await);
    assert_eq!(
        w.call(Method::GET, "/therapist/me", Some(&t), None)
            .await
            .status,
        StatusCode::OK
    );
    let out = w
        .call(Method::DELETE, "/therapist/session", Some(&t), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(
        out.cookie.unwrap().contains("__Host-ajar_therapist=;"),
        "the cookie is cleared"
    );
    // Replaying the old cookie no longer works.
    let r = w
        .call(Method::GET, "/therapist/caseload", Some(&t), None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

/// "Forget this phone": the phone drops its cookie, but a copy of it (another tab's
/// request in flight, a backup of the browser profile) must be worth nothing either.
#[tokio::test]
async fn forgetting_the_phone_ends_the_client_session_on_the_server() {
    let w = world().await;
    let c = pair(&w.client_cookie(&w.link_a).await);
    let home = w.call(Method::GET, "/client/home", Some(&c), None).await;
    assert_eq!(home.status, StatusCode::OK);
    let out = w
        .call(Method::DELETE, "/client/session", Some(&c), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let home = w.call(Method::GET, "/client/home", Some(&c), None).await;
    assert_eq!(home.status, StatusCode::UNAUTHORIZED);
    let sent = w
        .call(
            Method::POST,
            "/client/responses",
            Some(&c),
            Some(checkin(ID, 3, "")),
        )
        .await;
    assert_eq!(sent.status, StatusCode::UNAUTHORIZED);
    assert!(
        w.store
            .client_home(w.client_a)
            .await
            .unwrap()
            .recent
            .is_empty()
    );
    // The link itself still works: forgetting a phone is not revoking the link.
    assert!(!w.client_cookie(&w.link_a).await.is_empty());
}

#[tokio::test]
async fn changes_without_the_csrf_header_or_from_another_site_are_refused() {
    let w = world().await;
    let body = json!({ "token": w.link_a.expose() }).to_string();
    let no_header = Request::post("/api/v1/client/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.clone()))
        .unwrap();
    let r = send(&w.app, no_header).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.body["error"],
        "This request changes data, so it needs the x-ajar-csrf header."
    );

    let cross_site = Request::post("/api/v1/client/session")
        .header("x-ajar-csrf", "1")
        .header("sec-fetch-site", "cross-site")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let r = send(&w.app, cross_site).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.cookie.is_none());
}

#[tokio::test]
async fn tokens_are_stored_only_as_hashes() {
    let w = world().await;
    let session = pair(&w.client_cookie(&w.link_a).await);
    let session_token = session.trim_start_matches("__Host-ajar_client=").to_owned();
    let bytes = everything_stored(&w).await;
    assert!(!bytes.is_empty());
    for secret in [w.link_a.expose(), w.link_b.expose(), &session_token] {
        let found = bytes
            .windows(secret.len())
            .any(|win| win == secret.as_bytes());
        assert!(!found, "a token is stored in plain text");
    }
    let hash = Token::parse(&session_token).unwrap().hash();
    // As bytes in a SQLite file, as hex in PostgreSQL's text form of a row.
    let hex: String = hash.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let found = bytes.windows(32).any(|win| win == hash.as_bytes())
        || bytes.windows(hex.len()).any(|win| win == hex.as_bytes());
    assert!(found, "the session's hash is what is stored");
}

#[tokio::test]
async fn api_answers_are_never_cached_and_carry_safety_headers() {
    let w = world().await;
    let req = Request::get("/api/v1/client/home")
        .body(Body::empty())
        .unwrap();
    let res = w.app.clone().oneshot(req).await.unwrap();
    let h = res.headers();
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert!(h.contains_key("x-request-id"));
}

#[tokio::test]
async fn unknown_api_routes_say_so_in_json() {
    let w = world().await;
    let r = w.call(Method::GET, "/nope", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.body["error"], "There is no API route GET /api/v1/nope.");
}

#[tokio::test]
async fn each_app_answers_its_own_routes() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Ajar</title>",
    )
    .unwrap();
    std::fs::create_dir(dist.path().join("therapist")).unwrap();
    std::fs::write(
        dist.path().join("therapist/index.html"),
        "<!doctype html><title>Ajar for therapists</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("app.js"), "console.log(1)").unwrap();
    let w = world_with_dist(Some(dist.path().to_owned())).await;
    for (path, title) in [
        ("/", "Ajar"),
        ("/c", "Ajar"),
        ("/c/phq-9", "Ajar"),
        ("/t", "Ajar for therapists"),
        ("/t/sign-in", "Ajar for therapists"),
        ("/t/clients/3", "Ajar for therapists"),
        ("/therapist/index.html", "Ajar for therapists"),
    ] {
        let res = w
            .app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let expected = format!("<!doctype html><title>{title}</title>");
        assert_eq!(body, expected.as_bytes(), "{path}");
    }
    let js = w
        .app
        .clone()
        .oneshot(Request::get("/app.js").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    assert!(
        js.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
}

#[tokio::test]
async fn the_server_scores_and_flags_risk_whatever_the_phone_claims() {
    let w = world().await;
    let c = pair(&w.client_cookie(&w.link_a).await);
    let mut body = phq9(ID, 2, 1);
    // A phone cannot set the score or clear the flag: unknown fields are ignored.
    body["total"] = json!(0);
    body["risk"] = json!(false);
    let r = w
        .call(Method::POST, "/client/responses", Some(&c), Some(body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);

    let t = pair(&w.therapist_cookie("one@example.org").await);
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t), None)
        .await;
    let latest = &caseload.body[0]["latest"][0];
    assert_eq!(latest["instrument"], "phq-9");
    assert_eq!(latest["total"], 17);
    assert_eq!(latest["band"], "Moderately severe");
    assert_eq!(latest["risk"], true);
}

#[tokio::test]
async fn the_caseload_shows_the_newest_response_of_each_instrument() {
    let w = world().await;
    let c = pair(&w.client_cookie(&w.link_a).await);
    let ids = [
        "00000000-0000-4000-8000-000000000001",
        "00000000-0000-4000-8000-000000000002",
        "00000000-0000-4000-8000-000000000003",
    ];
    w.call_ok(
        Method::POST,
        "/client/responses",
        Some(&c),
        Some(checkin(ids[0], 9, "old")),
    )
    .await;
    w.call_ok(
        Method::POST,
        "/client/responses",
        Some(&c),
        Some(phq9(ids[1], 0, 0)),
    )
    .await;
    w.call_ok(
        Method::POST,
        "/client/responses",
        Some(&c),
        Some(checkin(ids[2], 4, "new")),
    )
    .await;
    let t = pair(&w.therapist_cookie("one@example.org").await);
    let caseload = w
        .call(Method::GET, "/therapist/caseload", Some(&t), None)
        .await;
    let a = &caseload.body[0];
    assert_eq!(a["response_count"], 3);
    let latest = a["latest"].as_array().unwrap();
    assert_eq!(latest.len(), 2);
    let session = latest
        .iter()
        .find(|r| r["instrument"] == "ajar-session")
        .unwrap();
    assert_eq!(session["answers"]["note"], "new");
    let phq = latest.iter().find(|r| r["instrument"] == "phq-9").unwrap();
    assert_eq!(phq["risk"], false);
    assert_eq!(phq["band"], "None–minimal");
}

#[tokio::test]
async fn every_answer_carries_the_csp_with_the_bootstrap_script_hash_and_hsts_only_over_tls() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><script type=\"module\">boot()</script>",
    )
    .unwrap();
    std::fs::create_dir(dist.path().join("therapist")).unwrap();
    std::fs::write(
        dist.path().join("therapist/index.html"),
        "<!doctype html><script type=\"module\">boot_therapist()</script>",
    )
    .unwrap();
    let w = world_with_dist(Some(dist.path().to_owned())).await;
    for path in ["/", "/t", "/api/v1/client/home"] {
        let res = w
            .app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            csp.matches("'sha256-").count(),
            2,
            "both pages' bootstraps: {csp}"
        );
        assert!(csp.contains("object-src 'none'") && csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(
            !res.headers().contains_key("strict-transport-security"),
            "not over plain http"
        );
    }
}

#[tokio::test]
async fn therapist_sessions_end_after_15_idle_minutes_or_12_hours_whatever_the_use() {
    use ajar_server::session::{THERAPIST_IDLE_MS, THERAPIST_SESSION_MS};
    use ajar_server::store::{SessionKind, SessionLookup};
    let w = world().await;
    let store = w.store.clone();
    let token = Token::generate();
    let t0 = 1_000_000_000;
    store
        .create_session(
            &token.hash(),
            SessionKind::Therapist,
            1,
            t0,
            t0 + THERAPIST_SESSION_MS,
            None,
        )
        .await
        .unwrap();
    let at = |ms: i64| {
        let store = &store;
        let hash = token.hash();
        async move {
            store
                .session_subject(&hash, SessionKind::Therapist, ms, Some(THERAPIST_IDLE_MS))
                .await
                .unwrap()
        }
    };
    // Used every 14 minutes, it stays alive…
    let mut now = t0;
    while now + 14 * 60_000 < t0 + THERAPIST_SESSION_MS {
        now += 14 * 60_000;
        assert_eq!(
            at(now).await,
            SessionLookup::Live(1),
            "at +{} min",
            (now - t0) / 60_000
        );
    }
    // …until the absolute limit, however busy.
    assert_eq!(at(t0 + THERAPIST_SESSION_MS).await, SessionLookup::Missing);

    let idle = Token::generate();
    store
        .create_session(
            &idle.hash(),
            SessionKind::Therapist,
            1,
            t0,
            t0 + THERAPIST_SESSION_MS,
            None,
        )
        .await
        .unwrap();
    let idle_hash = idle.hash();
    let check = |ms| {
        store.session_subject(
            &idle_hash,
            SessionKind::Therapist,
            ms,
            Some(THERAPIST_IDLE_MS),
        )
    };
    assert_eq!(
        check(t0 + THERAPIST_IDLE_MS - 1).await.unwrap(),
        SessionLookup::Live(1)
    );
    // That use counted: 15 minutes from it, not from the start.
    assert_eq!(
        check(t0 + 2 * THERAPIST_IDLE_MS - 2).await.unwrap(),
        SessionLookup::Live(1)
    );
    assert_eq!(
        check(t0 + 3 * THERAPIST_IDLE_MS).await.unwrap(),
        SessionLookup::Missing,
        "15 idle minutes end it"
    );
}

/// Five wrong passwords, then the account's next try waits (a second, then two, four…):
/// it is slowed, never locked, and says how long to wait.
#[tokio::test]
async fn after_five_wrong_passwords_the_account_waits_and_says_how_long() {
    let w = world().await;
    let wrong = json!({ "email": "one@example.org", "password": "not the password" });
    for _ in 0..5 {
        let r = w
            .call(
                Method::POST,
                "/therapist/session",
                None,
                Some(wrong.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Now even the right password waits: the delay is checked first.
    let right = json!({ "email": "one@example.org", "password": PASSWORD });
    let r = w
        .call(
            Method::POST,
            "/therapist/session",
            None,
            Some(right.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        r.body["error"],
        "Too many unsuccessful sign-ins for this account or from this network. Please wait 1 second and try again."
    );
    // Another account is not affected.
    let other = json!({ "email": "two@example.org", "password": PASSWORD });
    assert_eq!(
        w.call(Method::POST, "/therapist/session", None, Some(other))
            .await
            .status,
        StatusCode::OK
    );
    // A second later, the right password signs in.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let r = w
        .call(Method::POST, "/therapist/session", None, Some(right))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn the_apps_files_are_compressed_and_api_answers_are_not() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").unwrap();
    let wasm = "(module)".repeat(4096);
    std::fs::write(dist.path().join("app_bg.wasm"), &wasm).unwrap();
    let w = world_with_dist(Some(dist.path().to_owned())).await;
    let get = |path: &'static str, encodings: &'static str| {
        let app = w.app.clone();
        async move {
            app.oneshot(
                Request::get(path)
                    .header("accept-encoding", encodings)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap()
        }
    };
    for (encodings, expected) in [("br", "br"), ("gzip", "gzip")] {
        let res = get("/app_bg.wasm", encodings).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-encoding"], expected);
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert!(
            body.len() < wasm.len() / 10,
            "{encodings}: {} bytes",
            body.len()
        );
    }
    // What the build compressed ahead is sent as it is, not compressed again.
    std::fs::write(dist.path().join("app_bg.wasm.br"), b"ahead of time").unwrap();
    let ahead = get("/app_bg.wasm", "gzip, br").await;
    assert_eq!(ahead.headers()["content-encoding"], "br");
    let body = ahead.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"ahead of time");
    let plain = get("/app_bg.wasm", "identity").await;
    assert!(!plain.headers().contains_key("content-encoding"));
    let api = get("/api/v1/therapist/me", "gzip, br").await;
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
    assert!(
        !api.headers().contains_key("content-encoding"),
        "API answers are never compressed"
    );
}

/// Every byte the database holds: the SQLite file and its log, or on PostgreSQL every
/// row of the tables a token could reach, as text.
async fn everything_stored(w: &World) -> Vec<u8> {
    match &w.engine {
        Engine::Sqlite(_) => {
            let mut bytes = Vec::new();
            for suffix in ["", "-wal"] {
                let mut path = w.db.clone().into_os_string();
                path.push(suffix);
                if let Ok(b) = std::fs::read(&path) {
                    bytes.extend(b);
                }
            }
            bytes
        }
        Engine::Postgres { url, .. } => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let (text,): (String,) = sqlx::query_as(
                "SELECT concat((SELECT string_agg(s::text, ' ') FROM sessions s),
                               (SELECT string_agg(c::text, ' ') FROM clients c),
                               (SELECT string_agg(t::text, ' ') FROM therapists t),
                               (SELECT string_agg(a::text, ' ') FROM audit a))",
            )
            .fetch_one(&pool)
            .await
            .unwrap();
            text.into_bytes()
        }
    }
}
