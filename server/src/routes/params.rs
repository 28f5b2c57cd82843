//! Path and query parameters, parsed by hand so that every bad value becomes
//! a JSON `bad_parameter` error naming the parameter, never axum's
//! plain-text rejection.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Query, RawPathParams};
use axum::http::request::Parts;
use customer_summary_model::RecordKind;

use crate::error::{ApiError, ApiResult};

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
        self.limit_up_to(default, Limit::MAX)
    }

    /// The `limit` parameter, from 1 to `max` (at most [`Limit::MAX`]), or
    /// `default` when absent.
    pub fn limit_up_to(&self, default: usize, max: usize) -> ApiResult<Limit> {
        let Some(text) = self.get("limit") else {
            return Ok(Limit(default));
        };
        parse_digits(text)
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| (1..=max.min(Limit::MAX)).contains(n))
            .map(Limit)
            .ok_or_else(|| {
                ApiError::bad_parameter(
                    "limit",
                    format!("limit must be a whole number from 1 to {max}, got {text:?}"),
                )
            })
    }
}

/// How many rows a page holds, from 1 to [`Limit::MAX`].
#[derive(Clone, Copy, Debug)]
pub struct Limit(usize);

impl Limit {
    /// The largest page any endpoint returns.
    pub const MAX: usize = 50;

    /// How many rows to fetch: one more than a page, to learn whether more exist.
    pub fn fetch(self) -> i64 {
        // At most MAX + 1, so the conversion cannot fail.
        i64::try_from(self.0 + 1).unwrap_or(i64::MAX)
    }

    /// How many rows a page holds, for a query that needs no more.
    pub fn rows(self) -> i64 {
        // At most MAX, so the conversion cannot fail.
        i64::try_from(self.0).unwrap_or(i64::MAX)
    }

    /// Cuts rows fetched with [`Limit::fetch`] to a page; `true` if more exist.
    pub fn page<T>(self, mut rows: Vec<T>) -> (Vec<T>, bool) {
        let has_more = rows.len() > self.0;
        rows.truncate(self.0);
        (rows, has_more)
    }
}

/// `text` parsed by `parse`, or a 400 naming `field` and the `expected` values.
pub fn one_of<T>(
    field: &str,
    text: &str,
    parse: fn(&str) -> Option<T>,
    expected: &str,
) -> ApiResult<T> {
    parse(text).ok_or_else(|| {
        ApiError::bad_parameter(field, format!("{field} must be {expected}, got {text:?}"))
    })
}

/// A non-negative base-10 integer of ASCII digits only: no sign, no spaces.
pub fn parse_digits(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_only() {
        assert_eq!(parse_digits("42"), Some(42));
        assert_eq!(parse_digits("0"), Some(0));
        for bad in ["", "-1", "+1", " 1", "1e3", "abc", "99999999999999999999"] {
            assert_eq!(parse_digits(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_page_keeps_limit_rows_and_says_if_more_exist() {
        let limit = Limit(2);
        assert_eq!(limit.fetch(), 3);
        assert_eq!(limit.page(vec![1, 2, 3]), (vec![1, 2], true));
        assert_eq!(limit.page(vec![1, 2]), (vec![1, 2], false));
    }
}
