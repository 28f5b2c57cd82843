//! Path and query parameters, parsed by hand so that every bad value becomes
//! a JSON `bad_parameter` error naming the parameter, never axum's
//! plain-text rejection.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Query, RawPathParams};
use axum::http::request::Parts;
use customer_summary_model::RecordKind;

use crate::error::{ApiError, ApiResult};
use crate::rules::page::Limit;
use crate::rules::parse::{one_of, parse_digits};

/// The percent-decoded path parameters of the matched route.
pub struct PathParams(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for PathParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> ApiResult<Self> {
        let raw = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::bad_parameter("path", rejection.body_text()))?;
        Ok(PathParams(
            raw.iter()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
        ))
    }
}

impl PathParams {
    /// The raw text of parameter `name` (empty if the route has none).
    pub fn text(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    /// Parameter `name` as a record id: a positive base-10 integer.
    pub fn id(&self, name: &str) -> ApiResult<i64> {
        let text = self.text(name);
        parse_digits(text).filter(|id| *id > 0).ok_or_else(|| {
            ApiError::bad_parameter(
                name,
                format!("{name} must be a positive whole number, got {text:?}"),
            )
        })
    }

    /// The `{kind}/{id}` of a record route such as `/records/{kind}/{id}/notes`.
    pub fn record(&self) -> ApiResult<(RecordKind, i64)> {
        let kind = self.one_of("kind", RecordKind::parse, "contact, account or case")?;
        Ok((kind, self.id("id")?))
    }

    /// Parameter `name` parsed by `parse`; `expected` lists the valid values.
    pub fn one_of<T>(
        &self,
        name: &str,
        parse: fn(&str) -> Option<T>,
        expected: &str,
    ) -> ApiResult<T> {
        one_of(name, self.text(name), parse, expected)
    }
}

/// The query string as name/value pairs (the last of repeated names wins).
pub struct QueryParams(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> ApiResult<Self> {
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::bad_parameter("query", rejection.body_text()))?;
        Ok(pairs.into_iter().collect())
    }
}

impl FromIterator<(String, String)> for QueryParams {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        QueryParams(pairs.into_iter().collect())
    }
}

impl QueryParams {
    /// The value of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The `limit` parameter, from 1 to [`Limit::MAX`], or `default` when
    /// absent.
    pub fn limit(&self, default: usize) -> ApiResult<Limit> {
        Limit::parse(self.get("limit"), default, Limit::MAX)
    }
}
