//! The demo agent console (`--console-bind`): a page on a second origin
//! that embeds the app in an iframe and speaks the protocol of
//! docs/embedding.md, plus the agent picker's list and the token endpoint
//! its page calls. A demo: it hands API tokens to whoever can reach it,
//! so bind it to localhost.

use std::sync::Arc;

use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, ORIGIN};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::auth::Auth;
use crate::csp;
use crate::error::{ApiError, StartError};

const PAGE: &str = include_str!("../console/index.html");
const SCRIPT: &str = include_str!("../console/console.js");
const STYLE: &str = include_str!("../console/console.css");

/// The console's routes: the page and its files, `/console-config.json`
/// (where the app is and the agents one may pick) and `POST /token` with
/// `{"agent": id}` (a token the API accepts for that agent; 404 for one
/// it does not offer; 403 unless asked by the console's own page).
pub fn router(auth: Arc<Auth>, app_origin: &str) -> Result<Router, StartError> {
    let policy = HeaderValue::from_str(&csp::console_policy(app_origin))
        .map_err(|_| StartError::Config(format!("app origin {app_origin:?}")))?;
    let settings = json!({ "app_origin": app_origin, "agents": auth.demo_agents() }).to_string();
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
            post(
                move |headers: HeaderMap, Json(request): Json<TokenRequest>| async move {
                    if !from_the_console_page(&headers) {
                        return ApiError::Forbidden(
                            "Tokens are handed only to the console's own page (its Origin)",
                        )
                        .into_response();
                    }
                    match auth.demo_token(&request.agent) {
                        Some(token) => (
                            [(CACHE_CONTROL, "no-store")],
                            Json(json!({ "access_token": token })),
                        )
                            .into_response(),
                        None => (
                            StatusCode::NOT_FOUND,
                            [(CACHE_CONTROL, "no-store")],
                            Json(json!({ "error": "This console offers no such agent" })),
                        )
                            .into_response(),
                    }
                },
            ),
        )
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not found") });
    Ok(router)
}

/// Whether a request comes from a page of the console's own origin: its
/// `Origin` (which browsers send with every POST) is `http://` and the
/// host it was sent to, itself one of the console's names (`hosts`).
fn from_the_console_page(headers: &HeaderMap) -> bool {
    let host = headers.get(HOST).and_then(|host| host.to_str().ok());
    let origin = headers.get(ORIGIN).and_then(|origin| origin.to_str().ok());
    matches!((host, origin), (Some(host), Some(origin)) if origin == format!("http://{host}"))
}

/// The body of `POST /token`: the id of the agent picked.
#[derive(Deserialize)]
struct TokenRequest {
    agent: String,
}

/// A text file of the console; revalidated on each load.
fn file(content_type: &'static str, body: impl Into<String>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, content_type), (CACHE_CONTROL, "no-cache")],
        body.into(),
    )
}
