//! What embedding needs from the server, against the real server: the
//! generated `config.json`, the Content-Security-Policy of the app's HTML
//! (script hashes, frame-ancestors), and the demo agent console with its
//! token endpoint.

mod support;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use customer_summary_model::Actor;
use customer_summary_server::AuthMode;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use support::{content_type, expect, header, Options, TestServer};
use tempfile::TempDir;

/// The inline bootstrap script of a Trunk build, as Trunk writes it.
const BOOTSTRAP: &str = "
import init, * as bindings from '/customer-summary-0123.js';
const wasm = await init({ module_or_path: '/customer-summary-0123_bg.wasm' });
window.wasmBindings = bindings;
";

/// An app directory like Trunk's `dist/`, with a stale static config.json.
fn app_dir() -> TempDir {
    let dir = TempDir::new().expect("app directory");
    let index = format!(
        "<!DOCTYPE html><html><head><title>Customer summary</title>\
         <script type=\"module\">{BOOTSTRAP}</script>\
         <link rel=\"modulepreload\" href=\"/customer-summary-0123.js\"></head><body></body></html>"
    );
    std::fs::write(dir.path().join("index.html"), index).expect("index.html");
    std::fs::write(
        dir.path().join("config.json"),
        r#"{"api_base_url":"/stale"}"#,
    )
    .expect("config.json");
    dir
}

/// The sources of one directive of a policy.
fn directive<'p>(policy: &'p str, name: &str) -> Vec<&'p str> {
    policy
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix(name).filter(|rest| rest.starts_with(' ')))
        .unwrap_or_else(|| panic!("no {name} in {policy}"))
        .split_whitespace()
        .collect()
}

#[tokio::test]
async fn config_json_is_generated_with_the_console_origins_and_not_cached() {
    let app = app_dir();
    let server = TestServer::start_with(
        Some(app.path()),
        vec!["https://console.example", "http://127.0.0.1:8082"],
    )
    .await;
    let response = server.get("/config.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "cache-control"), "no-store");
    assert_eq!(content_type(&response), "application/json");
    let config: Value = response.json().await.expect("JSON");
    assert_eq!(
        config,
        json!({
            "api_base_url": "/api/v1",
            "console_origins": ["https://console.example", "http://127.0.0.1:8082"],
            "recent_cases_count": 4,
            "timeline_page_size": 10,
            "self_service_tab": true,
            "request_timeout_ms": 15000,
        })
    );
    let none: Value = TestServer::start().await.json("/config.json").await;
    assert_eq!(none["console_origins"], json!([]));
}

#[tokio::test]
async fn app_html_carries_a_strict_policy_with_the_script_hash_and_console_origins() {
    let app = app_dir();
    let origins = vec!["https://console.example", "http://127.0.0.1:8082"];
    let server = TestServer::start_with(Some(app.path()), origins.clone()).await;
    let hash = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(BOOTSTRAP)));
    for path in ["/", "/index.html", "/deep/link?conversation=1"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let policy = header(&response, "content-security-policy");
        assert_eq!(directive(policy, "frame-ancestors"), origins, "{path}");
        assert_eq!(
            directive(policy, "script-src"),
            ["'self'", "'wasm-unsafe-eval'", hash.as_str()],
            "{path}"
        );
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert_eq!(directive(policy, "default-src"), ["'self'"]);
        assert_eq!(directive(policy, "style-src"), ["'self'"]);
        assert_eq!(directive(policy, "connect-src"), ["'self'"]);
        assert_eq!(directive(policy, "object-src"), ["'none'"]);
        assert_eq!(directive(policy, "base-uri"), ["'none'"]);
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(
            header(&response, "cross-origin-opener-policy"),
            "same-origin"
        );
        assert_eq!(header(&response, "referrer-policy"), "no-referrer");
    }

    let alone = TestServer::start_with(Some(app.path()), Vec::new()).await;
    let response = alone.get("/").await;
    let policy = header(&response, "content-security-policy");
    assert_eq!(directive(policy, "frame-ancestors"), ["'self'"]);
}

#[tokio::test]
async fn the_console_serves_its_page_and_tokens_the_api_accepts() {
    let server = TestServer::launch(Options {
        auth: AuthMode::Jwt,
        console: true,
        ..Options::default()
    })
    .await;
    let console = server.console.clone().expect("console started");
    let client = server.client();

    let page = client
        .get(format!("{console}/"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(content_type(&page).starts_with("text/html"));
    let policy = header(&page, "content-security-policy").to_owned();
    assert_eq!(directive(&policy, "frame-src"), [server.base.as_str()]);
    assert_eq!(directive(&policy, "script-src"), ["'self'"]);
    assert_eq!(header(&page, "x-content-type-options"), "nosniff");
    let html = page.text().await.expect("body");
    assert!(html.contains(r#"title="Customer summary""#), "{html}");
    assert!(!html.contains("<script>"), "no inline script");

    let script = client
        .get(format!("{console}/console.js"))
        .send()
        .await
        .expect("js");
    assert_eq!(content_type(&script), "text/javascript");
    let script = script.text().await.expect("body");
    assert!(script.contains("event.origin !== appOrigin"));
    assert!(script.contains("event.source !== frame.contentWindow"));
    assert!(!script.contains(", '*')") && !script.contains("innerHTML"));
    let style = client
        .get(format!("{console}/console.css"))
        .send()
        .await
        .expect("css");
    assert_eq!(content_type(&style), "text/css");

    let settings: Value = client
        .get(format!("{console}/console-config.json"))
        .send()
        .await
        .expect("settings")
        .json()
        .await
        .expect("JSON");
    assert_eq!(settings["app_origin"], json!(server.base));
    assert_eq!(
        settings["agents"][1],
        json!({"id": "ben.carter", "name": "Ben Carter"})
    );

    let minted = client
        .post(format!("{console}/token"))
        .header("origin", console)
        .json(&json!({"agent": "ben.carter"}))
        .send()
        .await
        .expect("token");
    assert_eq!(minted.status(), StatusCode::OK);
    assert_eq!(header(&minted, "cache-control"), "no-store");
    let minted: Value = minted.json().await.expect("JSON");
    let token = minted["access_token"].as_str().expect("a JWT");
    assert_eq!(token.split('.').count(), 3);
    let response = server.get_with_token("/api/v1/conversations", token).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        server.get("/api/v1/conversations").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_console_hands_out_the_picked_agents_static_token_or_a_signed_demo_token() {
    let tokens = TestServer::launch(Options {
        auth: AuthMode::Tokens,
        static_tokens: vec![("Ana", "alpha"), ("Ben", "beta")],
        console: true,
        ..Options::default()
    })
    .await;
    assert_eq!(
        tokens.console_token("Ben").await,
        json!({ "access_token": "beta" })
    );

    let open = TestServer::launch(Options {
        console: true,
        ..Options::default()
    })
    .await;
    let minted = open.console_token("chen.jing").await;
    let token = minted["access_token"].as_str().expect("a signed token");
    let me: Actor = expect(
        open.get_with_token("/api/v1/me", token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (me.id.as_str(), me.name.as_str()),
        ("chen.jing", "Chen Jing")
    );

    for server in [&tokens, &open] {
        let console = server.console.as_deref().expect("console");
        let unknown = server
            .client()
            .post(format!("{console}/token"))
            .header("origin", console)
            .json(&json!({"agent": "mallory"}))
            .send()
            .await
            .expect("token");
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    }
}
