//! The HTTP API under `/api`: its routes, authentication of all but the
//! contract document (agents' tokens, or channel keys on the intake
//! API), its JSON fallback for unknown paths, and the guarantee that
//! every API error has a JSON body.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use axum::extract::{OriginalUri, Request, State};
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use customer_summary_model::Actor;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::OpenApi as Document;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{self, Auth, Principal};
use crate::error::ApiError;
use crate::rate::{self, RateLimits};
use crate::AppState;
use contract::Caller;

mod body;
mod conditional;
mod contract;
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

/// The contract as served: generated once, as committed in docs/openapi.json.
static CONTRACT: LazyLock<String> = LazyLock::new(|| contract::to_text(operations().1));

pub use events::Streams;
pub use health::routes as health;

/// The routes of `/api`, to be nested there; all but `GET
/// /v1/openapi.json`, unknown paths included, need what `auth` requires.
/// Each agent is held to `limits`; each request but an event stream is
/// answered within `timeout` (else 503 `timeout`), and no answer is a
/// document a browser would render or let be framed.
pub fn api(auth: Arc<Auth>, limits: RateLimits, timeout: Duration) -> Router<AppState> {
    let (handlers, _) = operations();
    let agents = |router: Router<AppState>| {
        router
            .layer(middleware::from_fn_with_state(limits.clone(), rate::limit))
            .layer(middleware::from_fn_with_state(
                Arc::clone(&auth),
                auth::require,
            ))
    };
    let guarded = agents(
        handlers
            .agents
            .layer(middleware::from_fn_with_state(timeout, within))
            .merge(handlers.streams),
    );
    // A channel stands for many customers at once, so the agents' rate
    // limit is not its.
    let channels = handlers
        .channels
        .layer(middleware::from_fn_with_state(timeout, within))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&auth),
            auth::require_channel,
        ));
    agents(Router::new().fallback(unknown_route))
        .nest("/v1", handlers.anyone.merge(channels).merge(guarded))
        .layer(SetResponseHeaderLayer::overriding(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ))
}

/// The API contract, `docs/openapi.json`: what [`api`] serves, described
/// by its handlers and the model's types.
pub fn api_contract() -> &'static str {
    &CONTRACT
}

/// The API's handlers, by who may call them.
struct Handlers {
    /// Anyone, without a credential.
    anyone: Router<AppState>,
    /// Channels, with their channel key: the intake API.
    channels: Router<AppState>,
    /// Agents, with their token.
    agents: Router<AppState>,
    /// Agents' event streams, the one request with no time limit.
    streams: Router<AppState>,
}

/// The handlers and the contract they make, from one list: a route is
/// served if and only if it is documented.
fn operations() -> (Handlers, Document) {
    let (anyone, anyone_doc) = OpenApiRouter::new()
        .routes(routes!(openapi))
        .split_for_parts();
    let (channels, channels_doc) = OpenApiRouter::new()
        .routes(routes!(intake::open))
        .routes(routes!(intake::update))
        .routes(routes!(intake::add_self_service))
        .split_for_parts();
    let (agents, agents_doc) = OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(conversations::list))
        .routes(routes!(conversations::get))
        .routes(routes!(
            conversations::customer,
            links::link_customer,
            links::unlink_customer
        ))
        .routes(routes!(
            conversations::case,
            links::link_case,
            links::unlink_case
        ))
        .routes(routes!(create::create_contact))
        .routes(routes!(create::create_account))
        .routes(routes!(create::create_case))
        .routes(routes!(status::accept))
        .routes(routes!(status::close))
        .routes(routes!(recognition::recognize))
        .routes(routes!(conversations::customer_recent_cases))
        .routes(routes!(conversations::timeline))
        .routes(routes!(search::customers))
        .routes(routes!(search::cases))
        .routes(routes!(records::get_contact))
        .routes(routes!(records::get_account))
        .routes(routes!(records::get_case))
        .routes(routes!(records::customer_recent_cases))
        .routes(routes!(timeline::record_timeline))
        .routes(routes!(create::create_note))
        .split_for_parts();
    let (streams, streams_doc) = OpenApiRouter::new()
        .routes(routes!(events::stream))
        .split_for_parts();
    let document = contract::document([
        (Caller::Anyone, anyone_doc),
        (Caller::Channel, channels_doc),
        (Caller::Agent, agents_doc),
        (Caller::Agent, streams_doc),
    ]);
    let handlers = Handlers {
        anyone,
        channels,
        agents,
        streams,
    };
    (handlers, document)
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

/// `GET /me`: the agent the request's token signs in.
#[utoipa::path(
    get,
    path = "/me",
    operation_id = "getMe",
    summary = "The agent the request's token signs in: the one notes, cases and link changes made with it are recorded as.",
    responses(
        (status = 200, description = "OK", body = Actor),
    ),
)]
async fn me(Principal(agent): Principal) -> Json<Actor> {
    Json(agent)
}

#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "getOpenApi",
    summary = "This document.",
    responses(
        (status = 200, description = "OK", content_type = "application/json"),
    ),
)]
async fn openapi() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], api_contract())
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
