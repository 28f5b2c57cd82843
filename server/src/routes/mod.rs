//! The HTTP API under `/api`: its routes, authentication of all but the
//! contract document (agents' tokens, or channel keys on the intake
//! API), its JSON fallback for unknown paths, and the guarantee that
//! every API error has a JSON body.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{OriginalUri, Request, State};
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use customer_summary_model::Actor;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::auth::{self, Auth, Principal};
use crate::error::ApiError;
use crate::rate::{self, RateLimits};
use crate::AppState;

mod body;
mod conversations;
mod create;
mod events;
mod health;
mod intake;
mod links;
mod params;
mod recognition;
mod records;
mod search;
mod status;
mod timeline;

/// The API contract, served as written.
const OPENAPI: &str = include_str!("../../../docs/openapi.json");

pub use events::Streams;
pub use health::routes as health;

/// The routes of `/api`, to be nested there; all but `GET
/// /v1/openapi.json`, unknown paths included, need what `auth` requires.
/// Each agent is held to `limits`; each request but an event stream is
/// answered within `timeout` (else 503 `timeout`), and no answer is a
/// document a browser would render or let be framed.
pub fn api(auth: Arc<Auth>, limits: RateLimits, timeout: Duration) -> Router<AppState> {
    let protected = protected()
        .layer(middleware::from_fn_with_state(timeout, within))
        .route("/v1/conversations/{id}/events", get(events::stream))
        .layer(middleware::from_fn_with_state(limits, rate::limit))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&auth),
            auth::require,
        ));
    Router::new()
        .route("/v1/openapi.json", get(openapi))
        .merge(intake(auth, timeout))
        .merge(protected)
        .layer(SetResponseHeaderLayer::overriding(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ))
}

/// Middleware: the response, or 503 `timeout` once `limit` has passed.
/// What the handler was doing is dropped: writes run on tasks of their
/// own (`store`), so a write is never left half done.
async fn within(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}

/// The intake API, for channels with their channel key. A channel stands
/// for many customers at once, so the agents' rate limit is not its.
fn intake(auth: Arc<Auth>, timeout: Duration) -> Router<AppState> {
    Router::new()
        .route("/v1/intake/conversations", post(intake::open))
        .route("/v1/intake/conversations/{id}", patch(intake::update))
        .route(
            "/v1/intake/conversations/{id}/self-service",
            post(intake::add_self_service),
        )
        .layer(middleware::from_fn_with_state(timeout, within))
        .layer(middleware::from_fn_with_state(auth, auth::require_channel))
}

fn protected() -> Router<AppState> {
    Router::new()
        .route("/v1/me", get(me))
        .route("/v1/conversations", get(conversations::list))
        .route("/v1/conversations/{id}", get(conversations::get))
        .route(
            "/v1/conversations/{id}/customer",
            get(conversations::customer)
                .put(links::link_customer)
                .delete(links::unlink_customer),
        )
        .route(
            "/v1/conversations/{id}/case",
            get(conversations::case)
                .put(links::link_case)
                .delete(links::unlink_case),
        )
        .route(
            "/v1/conversations/{id}/contacts",
            post(create::create_contact),
        )
        .route(
            "/v1/conversations/{id}/accounts",
            post(create::create_account),
        )
        .route("/v1/conversations/{id}/cases", post(create::create_case))
        .route("/v1/conversations/{id}/accept", post(status::accept))
        .route("/v1/conversations/{id}/close", post(status::close))
        .route(
            "/v1/conversations/{id}/recognition",
            post(recognition::recognize),
        )
        .route(
            "/v1/conversations/{id}/recent-cases",
            get(conversations::customer_recent_cases),
        )
        .route(
            "/v1/conversations/{id}/timeline",
            get(conversations::timeline),
        )
        .route("/v1/customers", get(search::customers))
        .route("/v1/cases", get(search::cases))
        .route("/v1/contacts/{id}", get(records::get_contact))
        .route("/v1/accounts/{id}", get(records::get_account))
        .route("/v1/cases/{id}", get(records::get_case))
        .route(
            "/v1/customers/{kind}/{id}/recent-cases",
            get(records::customer_recent_cases),
        )
        .route(
            "/v1/records/{kind}/{id}/timeline",
            get(timeline::record_timeline),
        )
        .route("/v1/records/{kind}/{id}/notes", post(create::create_note))
        .fallback(unknown_route)
}

/// `GET /me`: the agent the request's token signs in.
async fn me(Principal(agent): Principal) -> Json<Actor> {
    Json(agent)
}

async fn openapi() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], OPENAPI)
}

async fn unknown_route(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::NotFound(format!("No API route at {}", uri.path()))
}

/// Whether `path` belongs to the API rather than to the app.
fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Middleware: gives a JSON error body to API errors produced outside the
/// handlers (405 from the router, 413 from the body limit, ...).
pub async fn json_errors(request: Request, next: Next) -> Response {
    let api = is_api_path(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    let is_json =
        response.headers().get(CONTENT_TYPE) == Some(&HeaderValue::from_static("application/json"));
    if api && (status.is_client_error() || status.is_server_error()) && !is_json {
        ApiError::Status(status).into_response()
    } else {
        response
    }
}
