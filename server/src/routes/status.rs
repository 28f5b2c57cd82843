//! Accepting and closing a conversation, as the request's agent
//! (`Store::change_status` says what each may do). Both answer the
//! conversation's summary after the change.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use customer_summary_model::Conversation;

use super::contract::params::IdPath;
use super::contract::responses::{BadParameter, NotFound, StatusConflict};
use super::params::PathParams;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::rules::status::StatusChange;
use crate::store::Store;

/// `POST /conversations/{id}/accept`: the conversation becomes active and
/// the agent's, its waiting time stops, and recognition runs (once per
/// conversation, as on open); 409 when another agent has it or it is
/// closed.
#[utoipa::path(
    post,
    path = "/conversations/{id}/accept",
    operation_id = "acceptConversation",
    summary = "Accepts the conversation as the request's agent: it becomes active and theirs (`accepted_by`), its waiting time stops (`accepted_at`), and recognition runs (once per conversation, as `POST …/recognition`). Accepting one the same agent has already is the same answer and no change. A `status_changed` event reaches its stream.",
    params(IdPath),
    responses(
        (status = 200, description = "The conversation's summary after the change.", body = Conversation),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
        (status = 409, response = StatusConflict),
    ),
)]
pub async fn accept(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
) -> ApiResult<Json<Arc<Conversation>>> {
    let id = path.id("id")?;
    store
        .change_status(id, StatusChange::Accept, &agent)
        .await?;
    store.recognize(id, &agent).await?;
    Ok(Json(store.conversation(id).await?))
}

/// `POST /conversations/{id}/close`: the conversation ends.
#[utoipa::path(
    post,
    path = "/conversations/{id}/close",
    operation_id = "closeConversation",
    summary = "Closes the conversation, waiting or active, whoever accepted it; closing a closed one is no change. A `status_changed` event reaches its stream.",
    params(IdPath),
    responses(
        (status = 200, description = "The conversation's summary after the change.", body = Conversation),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn close(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
) -> ApiResult<Json<Arc<Conversation>>> {
    let id = path.id("id")?;
    store.change_status(id, StatusChange::Close, &agent).await?;
    Ok(Json(store.conversation(id).await?))
}
