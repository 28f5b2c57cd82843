//! Search of active records (`rules::search` says what matches and in
//! which order): contacts and accounts (`GET /customers`), cases
//! (`GET /cases`).

use axum::extract::State;
use axum::Json;
use customer_summary_model::{Case, Customer};

use super::contract::params::SearchQuery;
use super::contract::responses::BadParameter;
use super::params::QueryParams;
use crate::error::ApiResult;
use crate::rules::search::Search;
use crate::store::Store;

/// The `q` and `limit` parameters.
fn search(query: &QueryParams) -> ApiResult<Search> {
    Search::parse(query.get("q"), query.get("limit"))
}

/// `GET /customers?q=&limit=`: active contacts and accounts, mixed, exact
/// name matches first, then by name, then by id.
#[utoipa::path(
    get,
    path = "/customers",
    operation_id = "searchCustomers",
    summary = "Active contacts and accounts, mixed: exact name matches first, then by name (case- and accent-insensitive: \"Émile\" next to \"Emma\"), then by id. Contacts match when their full, first or last name, e-mail, company (their account's name) or mobile phone starts with `q`; accounts when their name, account number, e-mail or main phone does. When `q` looks like a phone number (digits and spaces, dashes, dots, brackets, +), phones also match when their digits start with `q`'s digits. Each field gives at most its first 20 active matches, in that field's order and then by name (full names, so also first names, in the result's order): the results are the best of those. So when no field matches more than 20 records, they are the best of all matches; otherwise they all match and are in order, but a better match of a field with more may be left out. A smaller `limit` returns the first results of a larger one.",
    params(SearchQuery),
    responses(
        (status = 200, description = "OK", body = [Customer]),
        (status = 400, response = BadParameter),
    ),
)]
pub async fn customers(
    State(store): State<Store>,
    query: QueryParams,
) -> ApiResult<Json<Vec<Customer>>> {
    Ok(Json(store.search_customers(&search(&query)?).await?))
}

/// `GET /cases?q=&limit=`: active cases whose ticket number or title
/// starts with `q`, or whose title has a word starting with `q`.
#[utoipa::path(
    get,
    path = "/cases",
    operation_id = "searchCases",
    summary = "Active cases whose ticket number or title starts with `q` (case- and accent-insensitive), or whose title has words starting with `q` (a phrase whose last word is a prefix; case and accents ignored; only when `q` is made of letters, digits, spaces and - ' . joiners). The exact ticket number first, then the most recently modified. Each field gives at most its first 20 active matches: ticket numbers and titles in their order and then the most recently modified, words the most recently created: the results are the best of those. So when no field matches more than 20 cases, they are the best of all matches; otherwise they all match and are in order, but a better match of a field with more may be left out. A smaller `limit` returns the first results of a larger one.",
    params(SearchQuery),
    responses(
        (status = 200, description = "OK", body = [Case]),
        (status = 400, response = BadParameter),
    ),
)]
pub async fn cases(State(store): State<Store>, query: QueryParams) -> ApiResult<Json<Vec<Case>>> {
    Ok(Json(store.search_cases(&search(&query)?).await?))
}
