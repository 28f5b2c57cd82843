//! The intake API, `/intake/…`, which channels call with their channel
//! key (`auth::require_channel`): open a conversation, add self-service
//! actions, update the visitor's details and context variables. Bodies are
//! held to the model's intake limits; what the channel sends names it as
//! the author. Opening and adding accept an `Idempotency-Key`, the
//! channel's own.

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use customer_summary_model::{IntakeReceipt, IntakeUpdate, NewConversation, SelfServiceBatch};

use super::body::{valid, IdempotencyKey, IntakeBody};
use super::create::reply;
use super::params::PathParams;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::store::{CreateRequest, Store};

/// `POST /intake/conversations`: a conversation, waiting from now.
pub async fn open(
    State(store): State<Store>,
    Principal(channel): Principal,
    IdempotencyKey(key): IdempotencyKey,
    IntakeBody(form): IntakeBody<NewConversation>,
) -> ApiResult<Response> {
    valid(form.validate())?;
    let request = CreateRequest::new(channel, key, "POST /intake/conversations".into(), &form)?;
    Ok(reply(store.open_conversation(request, form).await?))
}

/// `POST /intake/conversations/{id}/self-service`: actions the customer
/// took on the portal.
pub async fn add_self_service(
    State(store): State<Store>,
    Principal(channel): Principal,
    path: PathParams,
    IdempotencyKey(key): IdempotencyKey,
    IntakeBody(batch): IntakeBody<SelfServiceBatch>,
) -> ApiResult<Response> {
    let id = path.id("id")?;
    valid(batch.validate())?;
    let scope = format!("POST /intake/conversations/{id}/self-service");
    let request = CreateRequest::new(channel, key, scope, &batch)?;
    Ok(reply(store.add_self_service(request, id, batch).await?))
}

/// `PATCH /intake/conversations/{id}`: the visitor's details and context
/// variables.
pub async fn update(
    State(store): State<Store>,
    Principal(channel): Principal,
    path: PathParams,
    IntakeBody(update): IntakeBody<IntakeUpdate>,
) -> ApiResult<Json<IntakeReceipt>> {
    let id = path.id("id")?;
    valid(update.validate())?;
    Ok(Json(store.update_intake(id, update, channel).await?))
}
