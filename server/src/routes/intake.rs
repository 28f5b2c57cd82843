//! The intake API, `/intake/…`, which channels call with their channel
//! key (`auth::require_channel`): open a conversation, add self-service
//! actions, update the visitor's details and context variables. Bodies are
//! held to the model's intake limits; what the channel sends names it as
//! the author. Opening and adding accept an `Idempotency-Key`, the
//! channel's own.

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use customer_summary_model::{
    IntakeReceipt, IntakeUpdate, NewConversation, SelfServiceAdded, SelfServiceBatch,
};

use super::body::{valid, IdempotencyKey, IntakeBody};
use super::contract::params::IdPath;
use super::contract::responses::{
    BadBody, Closed, ClosedOrKeyConflict, IdempotencyConflict, NotFound, TooLarge,
};
use super::create::reply;
use super::params::PathParams;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::store::{CreateRequest, Store};

/// `POST /intake/conversations`: a conversation, waiting from now.
#[utoipa::path(
    post,
    path = "/intake/conversations",
    operation_id = "openConversation",
    summary = "For channels: opens a conversation with what the channel knows (pre-chat answers, self-service trail, visitor details, context variables), waiting in its queue from now. With an `Idempotency-Key` (the channel's own), a retry opens nothing more and gets the first reply.",
    params(IdempotencyKey),
    request_body = NewConversation,
    responses(
        (status = 201, description = "Opened", body = IntakeReceipt),
        (status = 400, response = BadBody),
        (status = 409, response = IdempotencyConflict),
        (status = 413, response = TooLarge),
    ),
)]
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
#[utoipa::path(
    post,
    path = "/intake/conversations/{id}/self-service",
    operation_id = "addSelfService",
    summary = "For channels: adds what the customer did on the portal, in batches, until the conversation closes; idempotent with an `Idempotency-Key` as opening is. Pages showing it get a `conversation_updated` event.",
    params(IdPath, IdempotencyKey),
    request_body = SelfServiceBatch,
    responses(
        (status = 201, description = "Added", body = SelfServiceAdded),
        (status = 400, response = BadBody),
        (status = 404, response = NotFound),
        (status = 409, response = ClosedOrKeyConflict),
        (status = 413, response = TooLarge),
    ),
)]
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
#[utoipa::path(
    patch,
    path = "/intake/conversations/{id}",
    operation_id = "updateIntake",
    summary = "For channels: replaces the visitor's details and sets context variables by name, until the conversation closes. Pages showing it get a `conversation_updated` event.",
    params(IdPath),
    request_body = IntakeUpdate,
    responses(
        (status = 200, description = "Updated", body = IntakeReceipt),
        (status = 400, response = BadBody),
        (status = 404, response = NotFound),
        (status = 409, response = Closed),
        (status = 413, response = TooLarge),
    ),
)]
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
