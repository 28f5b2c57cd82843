//! Authentication of the API against the real server: JWTs in jwt mode
//! (expiry, audience, signature, algorithm), static tokens in tokens mode,
//! and what stays reachable without a token (the contract, CORS preflight).

mod support;

use customer_summary_model::{Actor, ErrorBody};
use customer_summary_server::AuthMode;
use reqwest::StatusCode;
use serde_json::json;
use support::{content_type, expect, jwt, jwt_part, now_seconds, Options, TestServer, JWT_SECRET};

const CONSOLE: &str = "https://console.example";
const CONVERSATIONS: &str = "/api/v1/conversations";

async fn jwt_server() -> TestServer {
    TestServer::launch(Options {
        auth: AuthMode::Jwt,
        origins: vec![CONSOLE],
        ..Options::default()
    })
    .await
}

fn hs256() -> serde_json::Value {
    json!({"alg": "HS256", "typ": "JWT"})
}

fn claims(exp_in: i64) -> serde_json::Value {
    json!({"sub": "agent-7", "aud": "customer-summary", "exp": now_seconds() + exp_in})
}

/// Asserts a 401 `unauthorized` JSON error with `WWW-Authenticate: Bearer`.
async fn assert_unauthorized(response: reqwest::Response, why: &str) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{why}");
    assert_eq!(response.headers()["www-authenticate"], "Bearer", "{why}");
    assert_eq!(content_type(&response), "application/json", "{why}");
    let body: ErrorBody = response.json().await.expect("error body");
    assert_eq!(body.error.code, "unauthorized", "{why}");
    assert!(!body.error.message.is_empty());
}

#[tokio::test]
async fn jwt_mode_requires_a_bearer_token() {
    let server = jwt_server().await;
    assert_unauthorized(server.get(CONVERSATIONS).await, "no token").await;
    // Unknown API paths and wrong methods are refused before routing.
    assert_unauthorized(server.get("/api/v1/nope").await, "unknown path").await;
    let put = server
        .request(reqwest::Method::PUT, "/api/v1/conversations/1", None)
        .await;
    assert_unauthorized(put, "wrong method").await;
    let basic = server
        .client()
        .get(format!("{}{CONVERSATIONS}", server.base))
        .header("authorization", "Basic dXNlcjpwYXNz")
        .send()
        .await
        .expect("request sent");
    assert_unauthorized(basic, "basic auth").await;
}

#[tokio::test]
async fn a_valid_jwt_is_accepted_with_a_string_or_array_audience() {
    let server = jwt_server().await;
    let token = jwt(&hs256(), &claims(300), JWT_SECRET);
    let response = server.get_with_token(CONVERSATIONS, &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let array =
        json!({"sub": "a", "aud": ["other", "customer-summary"], "exp": now_seconds() + 60});
    let token = jwt(&hs256(), &array, JWT_SECRET);
    let response = server
        .get_with_token("/api/v1/conversations/1", &token)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn bad_jwts_are_refused() {
    let server = jwt_server().await;
    let valid = jwt(&hs256(), &claims(300), JWT_SECRET);
    let parts: Vec<&str> = valid.split('.').collect();
    let forged = json!({"sub": "a", "aud": "customer-summary", "exp": now_seconds() + 99_999});
    let tampered = format!("{}.{}.{}", parts[0], jwt_part(&forged), parts[2]);
    let alg_none = format!("{}.{}.", jwt_part(&json!({"alg": "none"})), parts[1]);
    let cases = [
        ("expired", jwt(&hs256(), &claims(-120), JWT_SECRET)),
        (
            "wrong audience",
            jwt(
                &hs256(),
                &json!({"sub": "a", "aud": "another-app", "exp": now_seconds() + 300}),
                JWT_SECRET,
            ),
        ),
        (
            "wrong signature",
            jwt(&hs256(), &claims(300), "another-secret"),
        ),
        ("alg none", alg_none),
        (
            "HS512 header",
            jwt(&json!({"alg": "HS512"}), &claims(300), JWT_SECRET),
        ),
        ("tampered payload", tampered),
        ("not a JWT", "opaque-token".to_owned()),
    ];
    for (why, token) in cases {
        assert_unauthorized(server.get_with_token(CONVERSATIONS, &token).await, why).await;
    }
    let expired = server
        .get_with_token(CONVERSATIONS, &jwt(&hs256(), &claims(-120), JWT_SECRET))
        .await;
    let body: ErrorBody = expired.json().await.expect("error body");
    assert!(body.error.message.contains("expired"), "{body:?}");
}

#[tokio::test]
async fn the_contract_config_and_app_need_no_token() {
    let server = jwt_server().await;
    let document: serde_json::Value = server.json("/api/v1/openapi.json").await;
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(document["security"], json!([{"bearer": []}]));
    for (path, operations) in document["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            let documents_401 = operation["responses"].get("401").is_some();
            if path == "/openapi.json" {
                assert_eq!(operation["security"], json!([]), "{method} {path}");
                assert!(!documents_401, "{method} {path}");
            } else {
                assert!(documents_401, "{method} {path} documents no 401");
            }
        }
    }
    assert_eq!(server.get("/config.json").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn cors_preflight_works_without_a_token_and_allows_authorization() {
    let server = jwt_server().await;
    let preflight = |origin: &'static str| {
        server
            .client()
            .request(
                reqwest::Method::OPTIONS,
                format!("{}{CONVERSATIONS}", server.base),
            )
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let allowed = preflight(CONSOLE).await.expect("preflight sent");
    assert!(allowed.status().is_success(), "{}", allowed.status());
    assert_eq!(allowed.headers()["access-control-allow-origin"], CONSOLE);
    let headers = allowed.headers()["access-control-allow-headers"]
        .to_str()
        .expect("ASCII")
        .to_ascii_lowercase();
    assert!(
        headers.split(',').any(|h| h.trim() == "authorization"),
        "{headers}"
    );
    let other = preflight("https://evil.example")
        .await
        .expect("preflight sent");
    assert!(other.headers().get("access-control-allow-origin").is_none());

    // A refused request still carries CORS headers, so the console's page
    // can read the 401 and ask for a fresh token.
    let refused = server
        .request(reqwest::Method::GET, CONVERSATIONS, Some(CONSOLE))
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(refused.headers()["access-control-allow-origin"], CONSOLE);
}

#[tokio::test]
async fn tokens_mode_accepts_only_the_listed_tokens_each_for_its_agent() {
    let server = TestServer::launch(Options {
        auth: AuthMode::Tokens,
        static_tokens: vec![("Ana Lima", "first-token"), ("Ben Carter", "second-token")],
        ..Options::default()
    })
    .await;
    for (token, name) in [("first-token", "Ana Lima"), ("second-token", "Ben Carter")] {
        let response = server.get_with_token(CONVERSATIONS, token).await;
        assert_eq!(response.status(), StatusCode::OK, "{token}");
        let me: Actor = expect(
            server.get_with_token("/api/v1/me", token).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!((me.id.as_str(), me.name.as_str()), (name, name));
    }
    for token in ["first-toke", "first-token2", "FIRST-TOKEN"] {
        assert_unauthorized(server.get_with_token(CONVERSATIONS, token).await, token).await;
    }
    assert_unauthorized(server.get(CONVERSATIONS).await, "no token").await;
}

#[tokio::test]
async fn open_mode_needs_no_token() {
    let server = TestServer::start().await;
    assert_eq!(server.get(CONVERSATIONS).await.status(), StatusCode::OK);
}
