//! Linking and unlinking a conversation's customer and case
//! (`Store::set_link` says what each checks), each kept with the agent
//! who did it. Each may name the link's version the agent saw in
//! `If-Match`: then it is refused (409 `link_conflict`) over someone
//! else's newer change, rather than silently replacing it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use customer_summary_model::{Actor, CaseLink, CustomerRef, Links};

use super::body::{JsonBody, SeenLinkVersion};
use super::contract::params::IdPath;
use super::contract::responses::{BadBody, BadParameter, LinkConflict, NotFound};
use super::params::PathParams;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::store::{Link, Store};

/// `PUT /conversations/{id}/customer`: links an active contact or account
/// in place of the linked customer, if any.
#[utoipa::path(
    put,
    path = "/conversations/{id}/customer",
    operation_id = "linkCustomer",
    summary = "Links an active contact or account in place of the linked customer, if any; the case link stays as it is. 400 with field `customer` when it does not exist (`Contact 5 not found`) or is inactive (`Contact 5 is not active`).",
    params(IdPath, SeenLinkVersion),
    request_body = CustomerRef,
    responses(
        (status = 200, description = "OK", body = Links),
        (status = 400, response = BadBody),
        (status = 404, response = NotFound),
        (status = 409, response = LinkConflict),
    ),
)]
pub async fn link_customer(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
    SeenLinkVersion(seen): SeenLinkVersion,
    JsonBody(customer): JsonBody<CustomerRef>,
) -> ApiResult<Json<Links>> {
    let id = path.id("id")?;
    let change = Link::Customer(Some(customer));
    Ok(Json(store.set_link(id, change, &agent, seen).await?))
}

/// `PUT /conversations/{id}/case`: links a case, active or not (the agent
/// may reopen history).
#[utoipa::path(
    put,
    path = "/conversations/{id}/case",
    operation_id = "linkCase",
    summary = "Links a case, active or not (the agent may reopen history), in place of the linked case. 400 with field `case` when it does not exist.",
    params(IdPath, SeenLinkVersion),
    request_body = CaseLink,
    responses(
        (status = 200, description = "OK", body = Links),
        (status = 400, response = BadBody),
        (status = 404, response = NotFound),
        (status = 409, response = LinkConflict),
    ),
)]
pub async fn link_case(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
    SeenLinkVersion(seen): SeenLinkVersion,
    JsonBody(case): JsonBody<CaseLink>,
) -> ApiResult<Json<Links>> {
    let id = path.id("id")?;
    let change = Link::Case(Some(case.id));
    Ok(Json(store.set_link(id, change, &agent, seen).await?))
}

/// `DELETE /conversations/{id}/customer`: unlinks the customer. Unlinking
/// what is not linked is a no-op, so a retried request succeeds.
#[utoipa::path(
    delete,
    path = "/conversations/{id}/customer",
    operation_id = "unlinkCustomer",
    summary = "Unlinks the customer from the conversation. Unlinking when nothing is linked succeeds, so a retried request is harmless.",
    params(IdPath, SeenLinkVersion),
    responses(
        (status = 204, description = "Unlinked."),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
        (status = 409, response = LinkConflict),
    ),
)]
pub async fn unlink_customer(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
    seen: SeenLinkVersion,
) -> ApiResult<StatusCode> {
    unlink(&store, &agent, path.id("id")?, Link::Customer(None), seen).await
}

/// `DELETE /conversations/{id}/case`: unlinks the case, likewise.
#[utoipa::path(
    delete,
    path = "/conversations/{id}/case",
    operation_id = "unlinkCase",
    summary = "Unlinks the case from the conversation. Unlinking when nothing is linked succeeds, so a retried request is harmless.",
    params(IdPath, SeenLinkVersion),
    responses(
        (status = 204, description = "Unlinked."),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
        (status = 409, response = LinkConflict),
    ),
)]
pub async fn unlink_case(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
    seen: SeenLinkVersion,
) -> ApiResult<StatusCode> {
    unlink(&store, &agent, path.id("id")?, Link::Case(None), seen).await
}

/// Applies the unlinking `change` to conversation `id` as `agent`, who saw
/// version `seen` of the link: 204, 404 or 409.
async fn unlink(
    store: &Store,
    agent: &Actor,
    id: i64,
    change: Link,
    SeenLinkVersion(seen): SeenLinkVersion,
) -> ApiResult<StatusCode> {
    store.set_link(id, change, agent, seen).await?;
    Ok(StatusCode::NO_CONTENT)
}
