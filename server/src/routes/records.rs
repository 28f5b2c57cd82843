//! Contacts, accounts and cases by id, and a customer's recent cases.

use axum::extract::State;
use axum::Json;
use customer_summary_model::{
    Account, Case, Contact, CustomerKind, CustomerRef, RecentCases, RecordKind,
};

use super::params::{PathParams, QueryParams};
use crate::error::{ApiError, ApiResult};
use crate::rules::page::Limit;
use crate::store::Store;

/// How many recent cases are returned when `limit` is absent.
const RECENT_CASES: usize = 4;

/// The recent-cases `limit` parameter (default 4).
pub fn recent_cases_limit(query: &QueryParams) -> ApiResult<Limit> {
    query.limit(RECENT_CASES)
}

/// `GET /contacts/{id}`.
pub async fn get_contact(State(store): State<Store>, path: PathParams) -> ApiResult<Json<Contact>> {
    let id = path.id("id")?;
    found(store.contact(id).await?, RecordKind::Contact, id)
}

/// `GET /accounts/{id}`.
pub async fn get_account(State(store): State<Store>, path: PathParams) -> ApiResult<Json<Account>> {
    let id = path.id("id")?;
    found(store.account(id).await?, RecordKind::Account, id)
}

/// `GET /cases/{id}`.
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
