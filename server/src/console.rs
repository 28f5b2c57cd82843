//! The demo agent console (`--console-bind`): a page on a second origin
//! that embeds the app in an iframe and speaks the protocol of
//! docs/embedding.md, plus the token endpoint its page calls. A demo: it
//! hands API tokens to whoever can reach it, so bind it to localhost.

use std::sync::Arc;

use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::auth::Auth;
use crate::csp;
use crate::error::StartError;

const PAGE: &str = include_str!("../console/index.html");
const SCRIPT: &str = include_str!("../console/console.js");
const STYLE: &str = include_str!("../console/console.css");

/// The console's routes: the page and its files, `/console-config.json`
/// (where the app is) and `POST /token` (a token the API accepts).
pub fn router(auth: Arc<Auth>, app_origin: &str) -> Result<Router, StartError> {
    let policy = HeaderValue::from_str(&csp::console_policy(app_origin))
        .map_err(|_| StartError::Config(format!("app origin {app_origin:?}")))?;
    let settings = json!({ "app_origin": app_origin }).to_string();
    let router = Router::new()
        .route(
            "/",
            get(move || async move {
                (
                    [
                        (
                            CONTENT_TYPE,
                            HeaderValue::from_static("text/html; charset=utf-8"),
                        ),
                        (CONTENT_SECURITY_POLICY, policy),
                    ],
                    PAGE,
                )
            }),
        )
        .route(
            "/console.js",
            get(|| async { file("text/javascript", SCRIPT) }),
        )
        .route("/console.css", get(|| async { file("text/css", STYLE) }))
        .route(
            "/console-config.json",
            get(move || async move { file("application/json", settings) }),
        )
        .route(
            "/token",
            post(move || async move {
                let token = auth.demo_token();
                (
                    [(CACHE_CONTROL, "no-store")],
                    Json(json!({ "access_token": token })),
                )
            }),
        )
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not found") });
    Ok(router)
}

/// A text file of the console; revalidated on each load.
fn file(content_type: &'static str, body: impl Into<String>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, content_type), (CACHE_CONTROL, "no-cache")],
        body.into(),
    )
}
