//! Accepting and closing a conversation, as the request's agent
//! (`Store::change_status` says what each may do). Both answer the
//! conversation's summary after the change.

use axum::extract::State;
use axum::Json;
use customer_summary_model::Conversation;

use super::params::PathParams;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::rules::status::StatusChange;
use crate::store::Store;

/// `POST /conversations/{id}/accept`: the conversation becomes active and
/// the agent's, its waiting time stops, and recognition runs (once per
/// conversation, as on open); 409 when another agent has it or it is
/// closed.
pub async fn accept(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
) -> ApiResult<Json<Conversation>> {
    let id = path.id("id")?;
    store
        .change_status(id, StatusChange::Accept, &agent)
        .await?;
    store.recognize(id, &agent).await?;
    Ok(Json(store.conversation(id).await?))
}

/// `POST /conversations/{id}/close`: the conversation ends.
pub async fn close(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
) -> ApiResult<Json<Conversation>> {
    let id = path.id("id")?;
    store.change_status(id, StatusChange::Close, &agent).await?;
    Ok(Json(store.conversation(id).await?))
}
