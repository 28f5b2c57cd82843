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

/// `list`, comma-separated values each parsed by `parse` (in their order,
/// repeats kept), or a 400 naming `field` and listing `known`, the valid
/// values, at the first one that is not; empty when `list` is absent or
/// empty.
pub fn comma_list<T>(
    field: &str,
    list: Option<&str>,
    parse: fn(&str) -> Option<T>,
    known: &[&str],
) -> ApiResult<Vec<T>> {
    match list {
        None | Some("") => Ok(Vec::new()),
        Some(list) => {
            let expected = format!("a comma-separated list of {}", known.join(", "));
            list.split(',')
                .map(|value| one_of(field, value, parse, &expected))
                .collect()
        }
    }
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
    fn a_comma_list_is_of_known_values_only() {
        let parse = |text: &str| ["a", "b"].into_iter().position(|known| known == text);
        let list = |text| comma_list("kinds", text, parse, &["a", "b"]);
        assert_eq!(list(None).expect("absent"), Vec::<usize>::new());
        assert_eq!(list(Some("")).expect("empty"), Vec::<usize>::new());
        assert_eq!(list(Some("b,a,b")).expect("valid"), [1, 0, 1]);
        for bad in ["c", "a,", ",a", "a,,b", "A", "a, b"] {
            match list(Some(bad)) {
                Err(ApiError::BadParameter { field, message }) => {
                    assert_eq!(field, "kinds", "{bad:?}");
                    assert!(
                        message.starts_with("kinds must be a comma-separated list of a, b, got"),
                        "{bad:?}: {message}"
                    );
                }
                other => panic!("{bad:?}: {other:?}"),
            }
        }
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
