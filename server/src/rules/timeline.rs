//! Timeline pages: newest first by `(at, id)`, keyset-paged by an opaque
//! cursor, optionally filtered by kind and by text ([`TimelineQuery`]);
//! a page is cut from what the store fetched by [`page`].

use customer_summary_model::{LinkedRecord, TimelineItem, TimelineKind, TimelinePage};

use super::page::Limit;
use super::parse::{bounded_query, comma_list, parse_digits};
use crate::error::{ApiError, ApiResult};

/// How many items a page holds when `limit` is absent.
pub const PAGE: usize = 10;

/// The paging and filter parameters of a timeline request.
#[derive(Debug)]
pub struct TimelineQuery {
    /// Items fetched: [`Limit::fetch`], newest first.
    pub limit: Limit,
    /// Only items strictly older than this position, by `(at, id)`.
    pub after: Option<Cursor>,
    /// Only items of these kinds; any kind when empty.
    pub kinds: Vec<TimelineKind>,
    /// Text that the title or the body contains literally, ASCII letters
    /// lower-cased (compared with the title and body lower-cased alike).
    pub text: Option<String>,
}

impl TimelineQuery {
    /// Reads `types`, `limit`, `cursor` and `q` (trimmed; blank is none; at
    /// most `parse::MAX_QUERY_CHARS`), in that order; each bad one is a 400
    /// naming it.
    pub fn parse(
        types: Option<&str>,
        limit: Option<&str>,
        cursor: Option<&str>,
        q: Option<&str>,
    ) -> ApiResult<Self> {
        let known: Vec<&str> = TimelineKind::ALL.iter().map(|k| k.as_str()).collect();
        let kinds = comma_list("types", types, TimelineKind::parse, &known)?;
        Ok(TimelineQuery {
            limit: Limit::parse(limit, PAGE, Limit::MAX)?,
            after: cursor.map(Cursor::parse).transpose()?,
            kinds,
            text: q
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(bounded_query)
                .transpose()?
                .map(str::to_ascii_lowercase),
        })
    }
}

/// The position of the last item of a page: `"<at>.<id>"`, both base 10.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// The item's time.
    pub at: i64,
    /// The item's id, which orders items of one time.
    pub id: i64,
}

impl Cursor {
    /// Accepts only what [`Cursor::encode`] produces.
    fn parse(text: &str) -> ApiResult<Self> {
        text.split_once('.')
            .and_then(|(at, id)| {
                Some(Cursor {
                    at: parse_digits(at)?,
                    id: parse_digits(id)?,
                })
            })
            .filter(|cursor| cursor.id > 0 && cursor.encode() == text)
            .ok_or_else(|| {
                ApiError::bad_parameter("cursor", "cursor is malformed; pass back a next_cursor")
            })
    }

    fn encode(self) -> String {
        format!("{}.{}", self.at, self.id)
    }
}

/// The page of `record`'s timeline (none when `None`) made of `fetched`,
/// the items the store found for `query` (up to [`Limit::fetch`]), with
/// `records` as the selector's choices.
pub fn page(
    record: Option<LinkedRecord>,
    records: Vec<LinkedRecord>,
    fetched: Vec<TimelineItem>,
    query: &TimelineQuery,
) -> TimelinePage {
    let (items, has_more) = query.limit.page(fetched);
    let next_cursor = items.last().filter(|_| has_more).map(|last| {
        Cursor {
            at: last.at,
            id: last.id,
        }
        .encode()
    });
    TimelinePage {
        record,
        records,
        items,
        next_cursor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(list: &str) -> ApiResult<TimelineQuery> {
        TimelineQuery::parse(Some(list), None, None, None)
    }

    #[test]
    fn types_are_a_comma_list_of_known_kinds() {
        let parsed = types("phone_call,note").expect("valid");
        assert_eq!(parsed.kinds, [TimelineKind::PhoneCall, TimelineKind::Note]);
        assert!(types("").expect("empty").kinds.is_empty());
        for bad in ["fax", "note,", "note,,email", "Note"] {
            let error = types(bad).err();
            assert!(
                matches!(&error, Some(ApiError::BadParameter { field, .. }) if field == "types"),
                "{bad:?}: {error:?}"
            );
        }
    }

    #[test]
    fn cursors_round_trip_and_reject_anything_else() {
        let cursor = Cursor {
            at: 1_700_000_000_000,
            id: 42,
        };
        assert_eq!(Cursor::parse(&cursor.encode()).ok(), Some(cursor));
        for bad in [
            "", "1", "1.", ".1", "1.0", "-1.2", "1.2.3", "a.b", "1 .2", "1.+2",
        ] {
            assert!(Cursor::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn text_is_trimmed_and_lower_cased() {
        let query = TimelineQuery::parse(None, None, None, Some(" Refund ")).expect("valid");
        assert_eq!(query.text.as_deref(), Some("refund"));
    }
}
