//! Bearer tokens never reach the logs: the server runs in jwt mode under a
//! subscriber that records everything, down to TRACE, and the output is
//! searched for the tokens and the `Authorization` header.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use customer_summary_server::AuthMode;
use reqwest::StatusCode;
use serde_json::json;
use support::{jwt, now_seconds, Options, TestServer, JWT_SECRET};

/// Log output, shared with the subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

// The test runtime has one thread, so the server's tasks log to this
// thread's default subscriber.
#[tokio::test(flavor = "current_thread")]
async fn tokens_and_authorization_headers_are_never_logged() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = TestServer::launch(Options {
        auth: AuthMode::Jwt,
        console: true,
        ..Options::default()
    })
    .await;
    let valid = jwt(
        &json!({"alg": "HS256"}),
        &json!({"sub": "a", "aud": "customer-summary", "exp": now_seconds() + 60}),
        JWT_SECRET,
    );
    let expired = jwt(
        &json!({"alg": "HS256"}),
        &json!({"sub": "a", "aud": "customer-summary", "exp": now_seconds() - 600}),
        JWT_SECRET,
    );
    let forged = jwt(
        &json!({"alg": "HS256"}),
        &json!({"sub": "a", "aud": "customer-summary", "exp": now_seconds() + 60}),
        "not-the-secret",
    );
    let response = server
        .get_with_token("/api/v1/conversations/1", &valid)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    for token in [&expired, &forged, &"opaque".to_owned()] {
        let response = server
            .get_with_token("/api/v1/conversations/1", token)
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let minted = server.console_token("ben.carter").await;
    let minted = minted["access_token"].as_str().expect("a JWT").to_owned();

    let logs = captured.text();
    assert!(
        logs.contains("/api/v1/conversations/1") && logs.contains("JWT refused"),
        "the requests were not logged at all:\n{logs}"
    );
    let signature = |token: &str| token.rsplit('.').next().unwrap_or_default().to_owned();
    for secret in [&valid, &expired, &forged, &minted] {
        assert!(
            !logs.contains(secret.as_str()),
            "a token was logged:\n{logs}"
        );
        assert!(
            !logs.contains(&signature(secret)),
            "a signature was logged:\n{logs}"
        );
    }
    assert!(!logs.contains(JWT_SECRET));
    assert!(
        !logs.to_ascii_lowercase().contains("authorization"),
        "{logs}"
    );
    assert!(!logs.contains("Bearer"), "{logs}");
}
