//! Pages of results: how many rows a page holds.

use super::parse::parse_digits;
use crate::error::{ApiError, ApiResult};

/// How many rows a page holds, from 1 to [`Limit::MAX`].
#[derive(Clone, Copy, Debug)]
pub struct Limit(usize);

impl Limit {
    /// The largest page any endpoint returns.
    pub const MAX: usize = 50;

    /// The `limit` parameter's `text`, from 1 to `max` (at most
    /// [`Limit::MAX`]), or `default` when absent; else a 400 naming `limit`.
    pub fn parse(text: Option<&str>, default: usize, max: usize) -> ApiResult<Self> {
        let Some(text) = text else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_keeps_limit_rows_and_says_if_more_exist() {
        let limit = Limit(2);
        assert_eq!(limit.fetch(), 3);
        assert_eq!(limit.page(vec![1, 2, 3]), (vec![1, 2], true));
        assert_eq!(limit.page(vec![1, 2]), (vec![1, 2], false));
    }

    #[test]
    fn a_limit_is_a_whole_number_up_to_its_maximum() {
        assert_eq!(Limit::parse(None, 4, 50).expect("default").rows(), 4);
        assert_eq!(Limit::parse(Some("20"), 4, 20).expect("max").rows(), 20);
        for bad in ["0", "21", "-1", "x", ""] {
            assert!(Limit::parse(Some(bad), 4, 20).is_err(), "{bad:?}");
        }
    }
}
