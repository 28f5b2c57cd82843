//! The server's defences, against the real server: it answers only the
//! hosts it is known by (DNS rebinding), the demo console hands tokens
//! only to its own page, open mode and the console refuse public
//! addresses, search texts are bounded, and API answers can be neither
//! rendered nor framed.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use clap::Parser;
use customer_summary_model::ErrorBody;
use customer_summary_server::{serve, Config};
use reqwest::StatusCode;
use serde_json::json;
use support::{content_type, expect_bad_parameter, Options, TestServer, SERVER};

/// `GET path` on `base`, sent with `Host: host`.
async fn get_as_host(base: &str, path: &str, host: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{base}{path}"))
        .header("host", host)
        .send()
        .await
        .expect("request sent")
}

fn port_of(base: &str) -> &str {
    base.rsplit(':').next().expect("a port")
}

async fn assert_misdirected(response: reqwest::Response, why: &str) {
    assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST, "{why}");
    assert_eq!(content_type(&response), "application/json", "{why}");
    let body: ErrorBody = response.json().await.expect("error body");
    assert_eq!(body.error.code, "misdirected_request", "{why}");
}

// Regression: `curl -H 'Host: rb.evil.test:8080' …/api/v1/conversations/1`
// returned the conversation, so a page whose name was rebound to
// 127.0.0.1 could read every customer.
#[tokio::test]
async fn a_host_the_server_is_not_known_by_is_refused_and_the_probes_are_answered() {
    let server = TestServer::launch(Options {
        public_hosts: vec!["summary.example.com"],
        ..Options::default()
    })
    .await;
    let port = port_of(&server.base);
    let evil = format!("rb.evil.test:{port}");
    for path in ["/api/v1/conversations/1", "/", "/config.json"] {
        assert_misdirected(get_as_host(&server.base, path, &evil).await, path).await;
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "summary.example.com".into(),
    ] {
        let response = get_as_host(&server.base, "/api/v1/conversations/1", &host).await;
        assert_eq!(response.status(), StatusCode::OK, "{host}");
    }
    // A load balancer probes by the instance's own address.
    for probe in ["/healthz", "/readyz", "/metrics"] {
        let response = get_as_host(&server.base, probe, "10.0.0.5:8080").await;
        assert_eq!(response.status(), StatusCode::OK, "{probe}");
    }
}

#[tokio::test]
async fn the_console_answers_its_own_names_and_hands_tokens_only_to_its_own_page() {
    let server = TestServer::launch(Options {
        console: true,
        ..Options::default()
    })
    .await;
    let console = server.console.as_deref().expect("console");
    let evil = format!("rb.evil.test:{}", port_of(console));
    assert_misdirected(get_as_host(console, "/", &evil).await, "console page").await;
    let token = |origin: Option<String>| {
        let mut request = server
            .client()
            .post(format!("{console}/token"))
            .json(&json!({"agent": "ben.carter"}));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    for origin in [
        None,
        Some("http://rb.evil.test".to_owned()),
        Some(server.base.clone()),
    ] {
        let response = token(origin.clone()).await.expect("token");
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin:?}");
    }
    let own = token(Some(console.to_owned())).await.expect("token");
    assert_eq!(own.status(), StatusCode::OK);
}

#[tokio::test]
async fn open_mode_and_the_console_refuse_a_public_address() {
    let open_public = Config::try_parse_from(["server", "--bind", "0.0.0.0:0"]).expect("flags");
    let refused = serve(open_public).await.expect_err("refused");
    assert!(
        refused
            .to_string()
            .contains("--insecure-open-on-public-address"),
        "{refused}"
    );
    let console_public =
        Config::try_parse_from(["server", "--console-bind", "0.0.0.0:0"]).expect("flags");
    let refused = serve(console_public).await.expect_err("refused");
    assert!(refused.to_string().contains("loopback"), "{refused}");

    // Said loudly, it starts, and warns.
    let dir = tempfile::TempDir::new().expect("directory");
    let mut child = Command::new(SERVER)
        .args(["--bind", "0.0.0.0:0", "--app-dir", "no-app", "--database"])
        .arg(dir.path().join("open.db"))
        .arg("--insecure-open-on-public-address")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut started = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut started)
        .expect("the start-up line");
    child.kill().expect("killed");
    let output = child.wait_with_output().expect("reaped");
    assert!(started.starts_with("Customer Summary: "), "{started:?}");
    let logged = String::from_utf8_lossy(&output.stderr);
    assert!(logged.contains("INSECURE"), "a warning at start: {logged}");
}

#[tokio::test]
async fn a_search_text_is_at_most_200_characters() {
    let server = TestServer::start().await;
    let long = "e".repeat(201);
    for path in [
        "/api/v1/customers",
        "/api/v1/cases",
        "/api/v1/records/contact/1/timeline",
    ] {
        let response = server.get_with(path, &[("q", long.as_str())]).await;
        expect_bad_parameter(response, "q").await;
        let fits = server.get_with(path, &[("q", &long[..200])]).await;
        assert_eq!(fits.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn api_answers_can_be_neither_rendered_nor_framed() {
    let server = TestServer::start().await;
    for path in [
        "/api/v1/conversations/1",
        "/api/v1/nope",
        "/api/v1/openapi.json",
    ] {
        let response = server.get(path).await;
        let headers = response.headers();
        assert_eq!(
            headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'",
            "{path}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abusive_agent_gets_429s_while_another_agent_in_the_same_moment_gets_none() {
    let server = TestServer::launch(Options {
        auth: customer_summary_server::AuthMode::Tokens,
        static_tokens: vec![("Abuser", "abuser-token"), ("Agent", "agent-token")],
        rate_limit: 5,
        rate_limit_burst: 10,
        ..Options::default()
    })
    .await;
    let get = |token: &'static str| {
        server
            .client()
            .get(format!("{}/api/v1/conversations/1", server.base))
            .bearer_auth(token)
            .send()
    };
    let abuse = futures::future::join_all((0..60).map(|_| get("abuser-token")));
    let work = futures::future::join_all((0..10).map(|_| get("agent-token")));
    let (abused, worked) = tokio::join!(abuse, work);
    let limited: Vec<_> = abused
        .into_iter()
        .map(|response| response.expect("answered"))
        .filter(|response| response.status() == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!(limited.len() >= 40, "{} of 60 limited", limited.len());
    let retry_after: u64 = limited[0].headers()["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    for response in worked {
        assert_eq!(response.expect("answered").status(), StatusCode::OK);
    }
}
