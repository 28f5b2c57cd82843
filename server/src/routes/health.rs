//! What a load balancer asks: `GET /healthz`, whether the process is up
//! and serving (always, while it is), and `GET /readyz`, whether it can
//! reach its database now (a 503 `database_unavailable` when not). Both
//! are open: they say nothing about the data.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::error::ApiResult;
use crate::store::Store;
use crate::AppState;

/// `/healthz` and `/readyz`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> Json<Value> {
    Json(json!({ "status": "up" }))
}

async fn readyz(State(store): State<Store>) -> ApiResult<Json<Value>> {
    store.ready().await?;
    Ok(Json(json!({ "status": "ready" })))
}
