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

/// Until when the request's token signs its agent in: a JWT's `exp`, in
/// seconds since the epoch; `None` for one that does not expire (a static
/// token, or none in open mode). Set beside [`Principal`].
#[derive(Clone, Copy, Debug)]
pub struct SignedUntil(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for SignedUntil {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<SignedUntil>()
            .copied()
            .ok_or_else(|| {
                ApiError::Internal("a route without auth::require took SignedUntil".into())
            })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Principal>().cloned().ok_or_else(|| {
            ApiError::Internal("a route without auth::require took a Principal".into())
        })
    }
}
