//! Parameter values as the API accepts them: digits-only integers (ids,
//! limits, cursors), names of enumerations and search texts of a bounded
//! length; a bad one is a 400 naming its field.

use crate::error::{ApiError, ApiResult};

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

/// The most characters a search text `q` may have: matching it costs in
/// proportion to its length, on every row it is matched against.
pub const MAX_QUERY_CHARS: usize = 200;

/// `q` when it is at most [`MAX_QUERY_CHARS`] characters, else a 400 naming
/// `q`.
pub fn bounded_query(q: &str) -> ApiResult<&str> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad_parameter(
            "q",
            format!("q must be at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    Ok(q)
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
    fn a_search_text_is_bounded_in_characters_not_bytes() {
        assert!(bounded_query(&"é".repeat(MAX_QUERY_CHARS)).is_ok());
        assert!(matches!(
            bounded_query(&"e".repeat(MAX_QUERY_CHARS + 1)),
            Err(ApiError::BadParameter { field, .. }) if field == "q"
        ));
    }

    #[test]
    fn digits_only() {
        assert_eq!(parse_digits("42"), Some(42));
        assert_eq!(parse_digits("0"), Some(0));
        for bad in ["", "-1", "+1", " 1", "1e3", "abc", "99999999999999999999"] {
            assert_eq!(parse_digits(bad), None, "{bad:?}");
        }
    }
}
