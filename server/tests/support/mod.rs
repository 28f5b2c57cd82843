//! Starts the real server for a test: on a fresh seeded database of the
//! backend under test (`database.rs`: a SQLite file by default, a
//! PostgreSQL database when `CS_TEST_POSTGRES` names a cluster), bound to
//! a free port on 127.0.0.1, with an auth mode and the demo console when
//! asked, plus helpers to call it and to make JWTs.

// Each test file compiles this module on its own and uses only some helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

// As `dead_code` above: each test file uses only some of these.
#[allow(unused_imports)]
pub use cluster::Cluster;
#[allow(unused_imports)]
pub use database::{TestDatabase, TestDb};
#[allow(unused_imports)]
pub use process::{server_command, ServerProcess, SERVER};

use axum::http::HeaderValue;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use customer_summary_model::ErrorBody;
use customer_summary_server::{
    console_router, open_store, router, AppState, Auth, AuthMode, ChannelKey, Config, Secret,
    StaticToken, Streams,
};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tempfile::TempDir;

mod cluster;
mod database;
mod process;
pub mod sse;

/// The JWT key of servers started in jwt mode by these tests.
pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256";

/// The intake API key of channel `test-channel` on every [`TestServer`].
pub const CHANNEL_KEY: &str = "test-channel-key-0123456789abcdef";

/// How to start a [`TestServer`]; the default is the demo's: open, no app,
/// no console origins, no console.
#[derive(Clone, Debug)]
pub struct Options {
    pub app_dir: Option<PathBuf>,
    pub origins: Vec<&'static str>,
    pub auth: AuthMode,
    /// Used in jwt mode; [`JWT_SECRET`] by default.
    pub jwt_secret: &'static str,
    /// Used in tokens mode: each agent's name and token.
    pub static_tokens: Vec<(&'static str, &'static str)>,
    /// Whether to serve the demo console on a second port.
    pub console: bool,
    /// `--public-host` values.
    pub public_hosts: Vec<&'static str>,
    /// `--rate-limit` and `--rate-limit-burst`: none by default, so tests
    /// that hammer the API measure what they mean to.
    pub rate_limit: u32,
    pub rate_limit_burst: u32,
    /// `--jwt-jwks-url`: none by default.
    pub jwks_url: Option<String>,
    /// `--jwt-jwks-refetch`, in seconds.
    pub jwks_refetch: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            app_dir: None,
            origins: Vec::new(),
            auth: AuthMode::Open,
            jwt_secret: JWT_SECRET,
            static_tokens: Vec::new(),
            console: false,
            public_hosts: Vec::new(),
            rate_limit: 0,
            rate_limit_burst: 0,
            jwks_url: None,
            jwks_refetch: 30,
        }
    }
}

/// A running server and direct access to its database.
pub struct TestServer {
    pub base: String,
    /// The demo console's root URL, when started with one.
    pub console: Option<String>,
    /// The server's database, reached directly.
    pub db: TestDb,
    client: reqwest::Client,
    // Deleted when the server is dropped.
    _dir: TempDir,
    _database: TestDatabase,
}

impl TestServer {
    /// A server with no app directory and no console origins.
    pub async fn start() -> Self {
        Self::start_with(None, Vec::new()).await
    }

    /// A server serving the app from `app_dir` and allowing `origins`.
    pub async fn start_with(app_dir: Option<&Path>, origins: Vec<&'static str>) -> Self {
        Self::launch(Options {
            app_dir: app_dir.map(PathBuf::from),
            origins,
            ..Options::default()
        })
        .await
    }

    /// A server started as `options` say.
    pub async fn launch(options: Options) -> Self {
        let dir = TempDir::new().expect("temporary directory");
        let database = TestDatabase::seeded().await;
        let store = open_store(&database.database)
            .await
            .expect("database opens");
        let db = database.connect().await;
        let config = Config {
            bind: "127.0.0.1:0".parse().expect("address"),
            database: database.database.clone(),
            console_origins: options
                .origins
                .into_iter()
                .map(HeaderValue::from_static)
                .collect(),
            app_dir: options.app_dir.unwrap_or_else(|| dir.path().join("no-app")),
            auth: options.auth,
            jwt_secret: Some(Secret::from(options.jwt_secret)),
            jwt_audience: "customer-summary".to_owned(),
            jwt_issuer: None,
            jwt_max_lifetime: 24 * 60 * 60,
            jwt_jwks_url: options.jwks_url.map(|url| url.parse().expect("a JWKS URL")),
            jwt_jwks_refetch: options.jwks_refetch,
            static_tokens: options
                .static_tokens
                .into_iter()
                .map(|(name, token)| StaticToken {
                    name: name.to_owned(),
                    token: Secret::from(token),
                })
                .collect(),
            channel_keys: vec![ChannelKey {
                name: "test-channel".to_owned(),
                key: Secret::from(CHANNEL_KEY),
            }],
            console_bind: None,
            shutdown_grace: 10,
            public_hosts: options.public_hosts.iter().map(|h| h.to_string()).collect(),
            insecure_open_on_public_address: false,
            request_timeout: 30,
            rate_limit: Some(options.rate_limit),
            rate_limit_burst: options.rate_limit_burst,
        };
        let auth = Arc::new(Auth::from_config(&config).expect("valid auth flags"));
        let state = AppState {
            store,
            config: Arc::new(config),
            auth: Arc::clone(&auth),
            streams: Streams::default(),
        };
        let base = spawn(|address| router(state, address)).await;
        let console = if options.console {
            let app = base.clone();
            let console =
                spawn(|address| console_router(auth, &app, address).expect("console router"));
            Some(console.await)
        } else {
            None
        };
        TestServer {
            base,
            console,
            db,
            client: reqwest::Client::new(),
            _dir: dir,
            _database: database,
        }
    }

    /// `GET path` with `Authorization: Bearer <token>`.
    pub async fn get_with_token(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .expect("request sent")
    }

    /// What the demo console's `/token` answers for demo agent `agent`
    /// (`{"access_token": ...}`).
    pub async fn console_token(&self, agent: &str) -> serde_json::Value {
        let console = self.console.as_deref().expect("console started");
        self.client
            .post(format!("{console}/token"))
            .header("origin", console)
            .json(&serde_json::json!({ "agent": agent }))
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("JSON")
    }

    /// The HTTP client the helpers use.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// `GET path` (relative to the server root).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path, None).await
    }

    /// `method path`, with an `Origin` header when given.
    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        origin: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send().await.expect("request sent")
    }

    /// `GET path?query`, the query pairs percent-encoded.
    pub async fn get_with(&self, path: &str, query: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .query(query)
            .send()
            .await
            .expect("request sent")
    }

    /// `method path` with `body` as JSON and the extra `headers`.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &impl Serialize,
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .json(body);
        for &(name, value) in headers {
            request = request.header(name, value);
        }
        request.send().await.expect("request sent")
    }

    /// `POST path` with `body` as JSON.
    pub async fn post(&self, path: &str, body: &impl Serialize) -> reqwest::Response {
        self.send(reqwest::Method::POST, path, body, &[]).await
    }

    /// `POST path` with `body` as JSON and an `Idempotency-Key`.
    pub async fn post_once(
        &self,
        path: &str,
        body: &impl Serialize,
        key: &str,
    ) -> reqwest::Response {
        self.send(
            reqwest::Method::POST,
            path,
            body,
            &[("idempotency-key", key)],
        )
        .await
    }

    /// `PUT path` with `body` as JSON.
    pub async fn put(&self, path: &str, body: &impl Serialize) -> reqwest::Response {
        self.send(reqwest::Method::PUT, path, body, &[]).await
    }

    /// `method path` with a raw body and content type.
    pub async fn send_raw(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: &'static str,
    ) -> reqwest::Response {
        self.client
            .request(method, format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    /// `GET path`, asserting 200, decoded as `T`.
    pub async fn json<T: DeserializeOwned>(&self, path: &str) -> T {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.expect("JSON body")
    }

    /// `GET path`, asserting `status` and a JSON error body.
    pub async fn error(&self, path: &str, status: StatusCode) -> ErrorBody {
        let response = self.get(path).await;
        assert_eq!(response.status(), status, "GET {path}");
        assert_eq!(content_type(&response), "application/json", "GET {path}");
        response.json().await.expect("error body")
    }

    /// A single number from the database.
    pub async fn count(&self, sql: &str) -> i64 {
        self.db.count(sql).await
    }
}

/// Serves the router `app` makes for its address on a free port of
/// 127.0.0.1; returns its root URL.
async fn spawn(app: impl FnOnce(std::net::SocketAddr) -> axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let app = app(address);
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

/// A JWT of `header` and `claims` signed with HS256 and `secret`, written
/// here independently of the server's code.
pub fn jwt(header: &serde_json::Value, claims: &serde_json::Value, secret: &str) -> String {
    let signed = format!("{}.{}", jwt_part(header), jwt_part(claims));
    let mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .expect("any key length")
        .chain_update(signed.as_bytes())
        .finalize();
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(mac.into_bytes()))
}

/// `value` as one base64url part of a JWT.
pub fn jwt_part(value: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// Now, in seconds since the Unix epoch.
pub fn now_seconds() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970");
    i64::try_from(now.as_secs()).expect("seconds fit")
}

/// Now, in milliseconds since the Unix epoch (the API's `Millis`).
pub fn now_millis() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970");
    i64::try_from(now.as_millis()).expect("milliseconds fit")
}

/// The response's header `name`, which must be there and ASCII.
pub fn header<'r>(response: &'r reqwest::Response, name: &str) -> &'r str {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .to_str()
        .expect("ASCII header")
}

/// The response's `Content-Type`, or "".
pub fn content_type(response: &reqwest::Response) -> &str {
    response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
}

/// The body of `response`, asserting `status` (the body is shown when it
/// differs), decoded as `T`.
pub async fn expect<T: DeserializeOwned>(response: reqwest::Response, status: StatusCode) -> T {
    let url = response.url().clone();
    let actual = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(actual, status, "{url}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{url}: {error}: {text}"))
}

/// The error of a 400 `bad_parameter` response, asserting it names `field`.
pub async fn expect_bad_parameter(response: reqwest::Response, field: &str) -> ErrorBody {
    assert_eq!(content_type(&response), "application/json");
    let error: ErrorBody = expect(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(error.error.code, "bad_parameter", "{error:?}");
    assert_eq!(error.error.field.as_deref(), Some(field), "{error:?}");
    error
}
