//! Creating records: a contact or an account, linked to the conversation
//! as its customer; a case for the conversation's customer, linked as its
//! case; a note on a record's timeline. Each accepts an `Idempotency-Key`
//! (`store::CreateRequest`), the sender's own: its scope is the method
//! and path. What they create names the agent who sent it. Those that link
//! what they create take `If-Match` as a link change does (`links`).

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use customer_summary_model::{
    Case, Customer, NewAccount, NewCase, NewContact, NewNote, TimelineItem,
};

use super::body::{valid, IdempotencyKey, JsonBody, SeenLinkVersion};
use super::contract::params::{IdPath, RecordPath};
use super::contract::responses::{BadBody, CreateConflict, IdempotencyConflict, NotFound};
use super::params::PathParams;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::store::{CreateRequest, Reply, Store};

/// `POST /conversations/{id}/contacts`: creates an active contact and
/// links it as the conversation's customer.
#[utoipa::path(
    post,
    path = "/conversations/{id}/contacts",
    operation_id = "createContact",
    summary = "Creates an active contact and links it as the conversation's customer (the case link stays), in one transaction.",
    params(IdPath, IdempotencyKey, SeenLinkVersion),
    request_body = NewContact,
    responses(
        (status = 201, description = "Created", body = Customer),
        (status = 400, response = BadBody),
        (status = 404, response = NotFound),
        (status = 409, response = CreateConflict),
    ),
)]
pub async fn create_contact(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
    IdempotencyKey(key): IdempotencyKey,
    SeenLinkVersion(seen): SeenLinkVersion,
    JsonBody(form): JsonBody<NewContact>,
) -> ApiResult<Response> {
    let id = path.id("id")?;
    valid(form.validate())?;
    let request = CreateRequest::new(
        agent,
        key,
        format!("POST /conversations/{id}/contacts"),
        &form,
    )?
    .seeing(seen);
    Ok(reply(store.create_contact(request, id, form).await?))
}

/// `POST /conversations/{id}/accounts`: creates an active account and
/// links it as the conversation's customer.
#[utoipa::path(
    post,
    path = "/conversations/{id}/accounts",
    operation_id = "createAccount",
    summary = "Creates an active account and links it as the conversation's customer (the case link stays), in one transaction. 400 with field `account_number` when another account has it.",
    params(IdPath, IdempotencyKey, SeenLinkVersion),
    request_body = NewAccount,
    responses(
        (status = 201, description = "Created", body = Customer),
        (status = 400, response = BadBody),
        (status = 404, response = NotFound),
        (status = 409, response = CreateConflict),
    ),
)]
pub async fn create_account(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
    IdempotencyKey(key): IdempotencyKey,
    SeenLinkVersion(seen): SeenLinkVersion,
    JsonBody(form): JsonBody<NewAccount>,
) -> ApiResult<Response> {
    let id = path.id("id")?;
    valid(form.validate())?;
    let request = CreateRequest::new(
        agent,
        key,
        format!("POST /conversations/{id}/accounts"),
        &form,
    )?
    .seeing(seen);
    Ok(reply(store.create_account(request, id, form).await?))
}

/// `POST /conversations/{id}/cases`: creates a case, in progress, for the
/// conversation's customer, and links it.
#[utoipa::path(
    post,
    path = "/conversations/{id}/cases",
    operation_id = "createCase",
    summary = "Creates a case for the conversation's linked customer (status `in_progress`, owner `You`, a new unique ticket number such as `CAS-01501-K7Q2`) and links it, in one transaction. 400 with field `customer` when no customer is linked (`Link a customer before creating a case.`) or it is inactive.",
    params(IdPath, IdempotencyKey, SeenLinkVersion),
    request_body = NewCase,
    responses(
        (status = 201, description = "Created", body = Case),
        (status = 400, response = BadBody),
        (status = 404, response = NotFound),
        (status = 409, response = CreateConflict),
    ),
)]
pub async fn create_case(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
    IdempotencyKey(key): IdempotencyKey,
    SeenLinkVersion(seen): SeenLinkVersion,
    JsonBody(form): JsonBody<NewCase>,
) -> ApiResult<Response> {
    let id = path.id("id")?;
    valid(form.validate())?;
    let scope = format!("POST /conversations/{id}/cases");
    let request = CreateRequest::new(agent, key, scope, &form)?.seeing(seen);
    Ok(reply(store.create_case(request, id, form).await?))
}

/// `POST /records/{kind}/{id}/notes`: adds a note, written now, to the
/// record's timeline.
#[utoipa::path(
    post,
    path = "/records/{kind}/{id}/notes",
    operation_id = "createNote",
    summary = "Adds a note to the record's timeline, written by `You` now; it is the first item of the timeline. 404 when the record does not exist.",
    params(RecordPath, IdempotencyKey),
    request_body = NewNote,
    responses(
        (status = 201, description = "Created", body = TimelineItem),
        (status = 400, response = BadBody),
        (status = 404, response = NotFound),
        (status = 409, response = IdempotencyConflict),
    ),
)]
pub async fn create_note(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(form): JsonBody<NewNote>,
) -> ApiResult<Response> {
    let (kind, id) = path.record()?;
    valid(form.validate())?;
    let scope = format!("POST /records/{}/{id}/notes", kind.as_str());
    let request = CreateRequest::new(agent, key, scope, &form)?;
    Ok(reply(store.add_note(request, kind, id, form).await?))
}

/// The response of a create: its status and JSON body.
pub(super) fn reply(reply: Reply) -> Response {
    (
        reply.status,
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        reply.body,
    )
        .into_response()
}
