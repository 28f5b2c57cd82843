//! Search of active records (`rules::search` says what matches and in
//! which order): contacts and accounts (`GET /customers`), cases
//! (`GET /cases`).

use axum::extract::State;
use axum::Json;
use customer_summary_model::{Case, Customer};

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
pub async fn customers(
    State(store): State<Store>,
    query: QueryParams,
) -> ApiResult<Json<Vec<Customer>>> {
    Ok(Json(store.search_customers(&search(&query)?).await?))
}

/// `GET /cases?q=&limit=`: active cases whose ticket number or title
/// starts with `q`, or whose title has a word starting with `q`.
pub async fn cases(State(store): State<Store>, query: QueryParams) -> ApiResult<Json<Vec<Case>>> {
    Ok(Json(store.search_cases(&search(&query)?).await?))
}
