//! Timeline pages: newest first by `(at, id)`, keyset-paged by an opaque
//! cursor, optionally filtered by kind and by text. One page function
//! serves both the conversation's timeline and a record's.

use axum::extract::State;
use axum::Json;
use customer_summary_model::{LinkedRecord, TimelineItem, TimelineKind, TimelinePage};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};

use super::params::{one_of, parse_digits, Limit, PathParams, QueryParams};
use super::records::existing_record;
use crate::db::enum_column;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// How many items a page holds when `limit` is absent.
const PAGE: usize = 10;

/// The paging and filter parameters of a timeline request.
pub struct TimelineQuery {
    limit: Limit,
    after: Option<Cursor>,
    kinds: Vec<TimelineKind>,
    /// Text that the title or the body contains, lower-cased as SQLite's
    /// `lower()` does (ASCII only).
    text: Option<String>,
}

impl TimelineQuery {
    /// Reads `limit`, `cursor`, `types` and `q` (trimmed; blank is none).
    pub fn parse(query: &QueryParams) -> ApiResult<Self> {
        let kinds = match query.get("types") {
            None | Some("") => Vec::new(),
            Some(list) => {
                let known: Vec<&str> = TimelineKind::ALL.iter().map(|k| k.as_str()).collect();
                let expected = format!("a comma-separated list of {}", known.join(", "));
                list.split(',')
                    .map(|kind| one_of("types", kind, TimelineKind::parse, &expected))
                    .collect::<ApiResult<_>>()?
            }
        };
        Ok(TimelineQuery {
            limit: query.limit(PAGE)?,
            after: query.get("cursor").map(Cursor::parse).transpose()?,
            kinds,
            text: query
                .get("q")
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(str::to_ascii_lowercase),
        })
    }
}

/// The position of the last item of a page: `"<at>.<id>"`, both base 10.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cursor {
    at: i64,
    id: i64,
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

/// One page of `record`'s timeline (empty when `None`), with `records` as
/// the selector's choices.
pub async fn page(
    db: &SqlitePool,
    record: Option<LinkedRecord>,
    records: Vec<LinkedRecord>,
    query: &TimelineQuery,
) -> Result<TimelinePage, sqlx::Error> {
    let (items, has_more) = match &record {
        Some(record) => query.limit.page(items(db, record, query).await?),
        None => (Vec::new(), false),
    };
    let next_cursor = items.last().filter(|_| has_more).map(|last| {
        Cursor {
            at: last.at,
            id: last.id,
        }
        .encode()
    });
    Ok(TimelinePage {
        record,
        records,
        items,
        next_cursor,
    })
}

/// Fetches one more row than the page, so the caller knows if more exist.
async fn items(
    db: &SqlitePool,
    record: &LinkedRecord,
    query: &TimelineQuery,
) -> Result<Vec<TimelineItem>, sqlx::Error> {
    let mut sql = QueryBuilder::new("");
    push_items_select(&mut sql, record, query);
    let rows = sql.build().fetch_all(db).await?;
    rows.iter().map(item_from_row).collect()
}

/// Appends the page's SELECT to `sql`.
fn push_items_select<'a>(
    sql: &mut QueryBuilder<'a, Sqlite>,
    record: &'a LinkedRecord,
    query: &'a TimelineQuery,
) {
    sql.push("SELECT id, kind, title, body, author, at FROM timeline_items WHERE record_kind = ")
        .push_bind(record.kind.as_str())
        .push(" AND record_id = ")
        .push_bind(record.id);
    if let Some(after) = query.after {
        // A row-value comparison keeps this a single range scan of the index.
        sql.push(" AND (at, id) < (")
            .push_bind(after.at)
            .push(", ")
            .push_bind(after.id)
            .push(")");
    }
    if !query.kinds.is_empty() {
        sql.push(" AND kind IN (");
        let mut kinds = sql.separated(", ");
        for kind in &query.kinds {
            kinds.push_bind(kind.as_str());
        }
        sql.push(")");
    }
    if let Some(text) = &query.text {
        // instr() matches literally; the record's rows are filtered as the
        // index delivers them, newest first, until the page is full.
        sql.push(" AND (instr(lower(title), ")
            .push_bind(text.as_str())
            .push(") > 0 OR instr(lower(body), ")
            .push_bind(text.as_str())
            .push(") > 0)");
    }
    sql.push(" ORDER BY at DESC, id DESC LIMIT ")
        .push_bind(query.limit.fetch());
}

/// Decodes a row of `id, kind, title, body, author, at`.
pub fn item_from_row(row: &SqliteRow) -> Result<TimelineItem, sqlx::Error> {
    Ok(TimelineItem {
        id: row.try_get("id")?,
        kind: enum_column(row, "kind", TimelineKind::parse)?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        author: row.try_get("author")?,
        at: row.try_get("at")?,
    })
}

/// `GET /records/{kind}/{id}/timeline?limit=&cursor=&types=`.
pub async fn record_timeline(
    State(state): State<AppState>,
    path: PathParams,
    query: QueryParams,
) -> ApiResult<Json<TimelinePage>> {
    let (kind, id) = path.record()?;
    let query = TimelineQuery::parse(&query)?;
    let record = existing_record(&state.db, kind, id).await?;
    Ok(Json(
        page(&state.db, Some(record.clone()), vec![record], &query).await?,
    ))
}

#[cfg(test)]
mod tests {
    use customer_summary_model::RecordKind;

    use super::*;
    use crate::db::migrated_in_memory;

    fn query(pairs: &[(&str, &str)]) -> QueryParams {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn types_are_a_comma_list_of_known_kinds() {
        let parsed = TimelineQuery::parse(&query(&[("types", "phone_call,note")])).expect("valid");
        assert_eq!(parsed.kinds, [TimelineKind::PhoneCall, TimelineKind::Note]);
        assert!(TimelineQuery::parse(&query(&[("types", "")]))
            .expect("empty")
            .kinds
            .is_empty());
        for bad in ["fax", "note,", "note,,email", "Note"] {
            let error = TimelineQuery::parse(&query(&[("types", bad)])).err();
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

    #[tokio::test]
    async fn a_page_is_one_range_scan_of_the_index() {
        let db = migrated_in_memory().await;
        let record = LinkedRecord {
            kind: RecordKind::Contact,
            id: 1,
            label: "Zoë".into(),
        };
        let query = TimelineQuery::parse(&query(&[
            ("cursor", "5.7"),
            ("types", "note,email"),
            ("q", " Refund "),
        ]))
        .expect("valid query");
        assert_eq!(query.text.as_deref(), Some("refund"));
        let mut sql = QueryBuilder::new("EXPLAIN QUERY PLAN ");
        push_items_select(&mut sql, &record, &query);
        let plan: Vec<String> = sql
            .build()
            .fetch_all(&db)
            .await
            .expect("plan")
            .iter()
            .map(|row| row.get("detail"))
            .collect();
        // One row: no temporary B-tree for ORDER BY; the cursor bounds the scan.
        assert_eq!(plan.len(), 1, "{plan:?}");
        assert!(
            plan[0].starts_with(
                "SEARCH timeline_items USING INDEX timeline_items_by_record \
                 (record_kind=? AND record_id=? AND at<"
            ),
            "{plan:?}"
        );
    }
}
