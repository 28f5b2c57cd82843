//! Linking and unlinking a conversation's customer and case
//! (`Store::set_link` says what each checks), each kept with the agent
//! who did it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use customer_summary_model::{Actor, CaseLink, CustomerRef, Links};

use super::body::JsonBody;
use super::params::PathParams;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::store::{Link, Store};

/// `PUT /conversations/{id}/customer`: links an active contact or account
/// in place of the linked customer, if any.
pub async fn link_customer(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
    JsonBody(customer): JsonBody<CustomerRef>,
) -> ApiResult<Json<Links>> {
    let id = path.id("id")?;
    let change = Link::Customer(Some(customer));
    Ok(Json(store.set_link(id, change, &agent).await?))
}

/// `PUT /conversations/{id}/case`: links a case, active or not (the agent
/// may reopen history).
pub async fn link_case(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
    JsonBody(case): JsonBody<CaseLink>,
) -> ApiResult<Json<Links>> {
    let id = path.id("id")?;
    let change = Link::Case(Some(case.id));
    Ok(Json(store.set_link(id, change, &agent).await?))
}

/// `DELETE /conversations/{id}/customer`: unlinks the customer. Unlinking
/// what is not linked is a no-op, so a retried request succeeds.
pub async fn unlink_customer(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
) -> ApiResult<StatusCode> {
    unlink(&store, &agent, path.id("id")?, Link::Customer(None)).await
}

/// `DELETE /conversations/{id}/case`: unlinks the case, likewise.
pub async fn unlink_case(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
) -> ApiResult<StatusCode> {
    unlink(&store, &agent, path.id("id")?, Link::Case(None)).await
}

/// Applies the unlinking `change` to conversation `id` as `agent`: 204,
/// or 404.
async fn unlink(store: &Store, agent: &Actor, id: i64, change: Link) -> ApiResult<StatusCode> {
    store.set_link(id, change, agent).await?;
    Ok(StatusCode::NO_CONTENT)
}
