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
use customer_summary_model::{NewAccount, NewCase, NewContact, NewNote};

use super::body::{valid, IdempotencyKey, JsonBody, SeenLinkVersion};
use super::params::PathParams;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::store::{CreateRequest, Reply, Store};

/// `POST /conversations/{id}/contacts`: creates an active contact and
/// links it as the conversation's customer.
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
