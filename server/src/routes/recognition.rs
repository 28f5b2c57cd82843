//! Recognising the customer from the pre-chat answers
//! (`rules::recognition`); it runs once per conversation, and later calls
//! only report the stored outcome. A link it makes is the requesting
//! agent's.

use axum::extract::State;
use axum::Json;
use customer_summary_model::Recognition;

use super::params::PathParams;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::store::Store;

/// `POST /conversations/{id}/recognition`.
pub async fn recognize(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
) -> ApiResult<Json<Recognition>> {
    Ok(Json(store.recognize(path.id("id")?, &agent).await?))
}
