//! Linking and unlinking a conversation's customer and case. A
//! conversation links at most one customer and one case; each link changes
//! on its own, so linking another customer keeps the case.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use customer_summary_model::{CaseLink, CustomerRef, Links, RecordKind};
use sqlx::SqliteExecutor;

use super::body::JsonBody;
use super::conversations::{links, links_from_row};
use super::params::PathParams;
use super::records::is_active;
use crate::db::{write, Writer};
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// One change to a conversation's links.
#[derive(Clone, Copy, Debug)]
pub enum Link {
    Customer(Option<CustomerRef>),
    Case(Option<i64>),
}

/// Applies `change` to conversation `id` and returns its links after it;
/// 404 if the conversation does not exist. Any change the agent makes to
/// the customer link ends recognition for the conversation: it only ever
/// runs on a conversation nobody has linked or unlinked by hand, so an
/// unlinked customer is never linked again behind the agent's back.
pub async fn set<'e>(db: impl SqliteExecutor<'e>, id: i64, change: Link) -> ApiResult<Links> {
    let query = match change {
        Link::Customer(customer) => sqlx::query(
            "UPDATE conversations SET customer_kind = ?, customer_id = ?,
                recognition = coalesce(recognition, 'already_linked')
             WHERE id = ?
             RETURNING customer_kind, customer_id, case_id",
        )
        .bind(customer.map(|c| c.kind.as_str()))
        .bind(customer.map(|c| c.id)),
        Link::Case(case_id) => sqlx::query(
            "UPDATE conversations SET case_id = ? WHERE id = ?
             RETURNING customer_kind, customer_id, case_id",
        )
        .bind(case_id),
    };
    let row = query
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| ApiError::not_found("Conversation", id))?;
    Ok(links_from_row(&row)?)
}

/// A 400 naming `customer` unless it exists and is active.
pub async fn require_active_customer<'e>(
    db: impl SqliteExecutor<'e>,
    customer: CustomerRef,
) -> ApiResult<()> {
    let (label, id) = (customer.kind.label(), customer.id);
    match is_active(db, customer.kind.into(), id).await? {
        Some(true) => Ok(()),
        Some(false) => Err(ApiError::bad_parameter(
            "customer",
            format!("{label} {id} is not active"),
        )),
        None => Err(ApiError::bad_parameter(
            "customer",
            format!("{label} {id} not found"),
        )),
    }
}

/// `PUT /conversations/{id}/customer`: links an active contact or account
/// in place of the linked customer, if any.
pub async fn link_customer(
    State(state): State<AppState>,
    path: PathParams,
    JsonBody(customer): JsonBody<CustomerRef>,
) -> ApiResult<Json<Links>> {
    let id = path.id("id")?;
    let links = write(&state.writer, move |conn| {
        Box::pin(async move {
            links(&mut *conn, id).await?;
            require_active_customer(&mut *conn, customer).await?;
            set(conn, id, Link::Customer(Some(customer))).await
        })
    })
    .await?;
    Ok(Json(links))
}

/// `PUT /conversations/{id}/case`: links a case, active or not (the agent
/// may reopen history).
pub async fn link_case(
    State(state): State<AppState>,
    path: PathParams,
    JsonBody(case): JsonBody<CaseLink>,
) -> ApiResult<Json<Links>> {
    let id = path.id("id")?;
    let links = write(&state.writer, move |conn| {
        Box::pin(async move {
            links(&mut *conn, id).await?;
            if is_active(&mut *conn, RecordKind::Case, case.id)
                .await?
                .is_none()
            {
                return Err(ApiError::bad_parameter(
                    "case",
                    format!("Case {} not found", case.id),
                ));
            }
            set(conn, id, Link::Case(Some(case.id))).await
        })
    })
    .await?;
    Ok(Json(links))
}

/// `DELETE /conversations/{id}/customer`: unlinks the customer. Unlinking
/// what is not linked is a no-op, so a retried request succeeds.
pub async fn unlink_customer(
    State(state): State<AppState>,
    path: PathParams,
) -> ApiResult<StatusCode> {
    unlink(&state.writer, path.id("id")?, Link::Customer(None)).await
}

/// `DELETE /conversations/{id}/case`: unlinks the case, likewise.
pub async fn unlink_case(State(state): State<AppState>, path: PathParams) -> ApiResult<StatusCode> {
    unlink(&state.writer, path.id("id")?, Link::Case(None)).await
}

/// Applies the unlinking `change` to conversation `id`: 204, or 404.
async fn unlink(writer: &Writer, id: i64, change: Link) -> ApiResult<StatusCode> {
    write(writer, move |conn| Box::pin(set(conn, id, change))).await?;
    Ok(StatusCode::NO_CONTENT)
}
