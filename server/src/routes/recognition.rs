//! Recognising the customer from the pre-chat answers
//! (`rules::recognition`); it runs once per conversation, and later calls
//! only report the stored outcome. A link it makes is the requesting
//! agent's.

use axum::extract::State;
use axum::Json;
use customer_summary_model::Recognition;

use super::contract::params::IdPath;
use super::contract::responses::{BadParameter, NotFound};
use super::params::PathParams;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::store::Store;

/// `POST /conversations/{id}/recognition`.
#[utoipa::path(
    post,
    path = "/conversations/{id}/recognition",
    operation_id = "recognizeCustomer",
    summary = "Recognises the customer from the pre-chat answers, once per conversation. With a customer already linked: `already_linked`. Otherwise the answers to the questions `Name`, `Email`, `Phone` and `CaseNumber` (question names ignoring case) are matched exactly against active records: contacts by full name (ignoring case and accents), e-mail (ignoring case) or mobile phone (same digits), accounts by name (ignoring case and accents), e-mail or main phone, a case number by its active case's customer. Exactly one customer: linked, with the case named by `CaseNumber` or else their only active case. Later calls return the stored outcome with `linked_now` false.",
    params(IdPath),
    responses(
        (status = 200, description = "OK", body = Recognition),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn recognize(
    State(store): State<Store>,
    Principal(agent): Principal,
    path: PathParams,
) -> ApiResult<Json<Recognition>> {
    Ok(Json(store.recognize(path.id("id")?, &agent).await?))
}
