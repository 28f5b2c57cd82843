//! The agent a request is made by, as the auth middleware resolved it,
//! for handlers to take as an extractor.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use customer_summary_model::Actor;

use crate::error::ApiError;

/// The request's agent. Only routes behind `auth::require` have one;
/// elsewhere extracting it is a 500, a wiring mistake.
#[derive(Clone, Debug)]
pub struct Principal(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Principal>().cloned().ok_or_else(|| {
            ApiError::Internal("a route without auth::require took a Principal".into())
        })
    }
}
