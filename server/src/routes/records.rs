//! Contacts, accounts and cases by id, and a customer's recent cases.

use axum::extract::State;
use axum::Json;
use customer_summary_model::{
    Account, Case, Contact, CustomerKind, CustomerRef, RecentCases, RecordKind,
};

use super::contract::params::{CustomerPath, IdPath, RecentLimit};
use super::contract::responses::{BadParameter, NotFound};
use super::params::{PathParams, QueryParams};
use crate::error::{ApiError, ApiResult};
use crate::rules::page::Limit;
use crate::store::Store;

/// How many recent cases are returned when `limit` is absent.
pub const RECENT_CASES: usize = 4;

/// The recent-cases `limit` parameter (default 4).
pub fn recent_cases_limit(query: &QueryParams) -> ApiResult<Limit> {
    query.limit(RECENT_CASES)
}

/// `GET /contacts/{id}`.
#[utoipa::path(
    get,
    path = "/contacts/{id}",
    operation_id = "getContact",
    summary = "A contact.",
    params(IdPath),
    responses(
        (status = 200, description = "OK", body = Contact),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn get_contact(State(store): State<Store>, path: PathParams) -> ApiResult<Json<Contact>> {
    let id = path.id("id")?;
    found(store.contact(id).await?, RecordKind::Contact, id)
}

/// `GET /accounts/{id}`.
#[utoipa::path(
    get,
    path = "/accounts/{id}",
    operation_id = "getAccount",
    summary = "An account, with its primary contact's name.",
    params(IdPath),
    responses(
        (status = 200, description = "OK", body = Account),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn get_account(State(store): State<Store>, path: PathParams) -> ApiResult<Json<Account>> {
    let id = path.id("id")?;
    found(store.account(id).await?, RecordKind::Account, id)
}

/// `GET /cases/{id}`.
#[utoipa::path(
    get,
    path = "/cases/{id}",
    operation_id = "getCase",
    summary = "A case, with its customer's name.",
    params(IdPath),
    responses(
        (status = 200, description = "OK", body = Case),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn get_case(State(store): State<Store>, path: PathParams) -> ApiResult<Json<Case>> {
    let id = path.id("id")?;
    found(store.case(id).await?, RecordKind::Case, id)
}

fn found<T>(value: Option<T>, kind: RecordKind, id: i64) -> ApiResult<Json<T>> {
    value
        .map(Json)
        .ok_or_else(|| ApiError::not_found(kind.label(), id))
}

/// `GET /customers/{kind}/{id}/recent-cases?limit=`.
#[utoipa::path(
    get,
    path = "/customers/{kind}/{id}/recent-cases",
    operation_id = "getCustomerRecentCases",
    summary = "A customer's recent cases; 404 if the customer does not exist.",
    params(CustomerPath, RecentLimit),
    responses(
        (status = 200, description = "OK", body = RecentCases),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn customer_recent_cases(
    State(store): State<Store>,
    path: PathParams,
    query: QueryParams,
) -> ApiResult<Json<RecentCases>> {
    let kind = path.one_of("kind", CustomerKind::parse, "contact or account")?;
    let id = path.id("id")?;
    let limit = recent_cases_limit(&query)?;
    store.existing_record(kind.into(), id).await?;
    let customer = CustomerRef { kind, id };
    Ok(Json(store.recent_cases(Some(customer), limit).await?))
}
