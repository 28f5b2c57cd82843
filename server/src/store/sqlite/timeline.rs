//! Timelines in SQLite: a page is one range scan of the index by record
//! and `(at, id)`, newest first; a note is one INSERT.

use customer_summary_model::{LinkedRecord, NewNote, RecordKind, TimelineItem, TimelineKind};
use sqlx::{QueryBuilder, Sqlite};

use super::records::linked_record;
use super::SqliteStore;
use crate::clock::now;
use crate::error::{ApiError, ApiResult};
use crate::rules::timeline::TimelineQuery;
use crate::rules::writes::note_title;
use crate::store::rows::{item_from_row, ITEM_COLUMNS};
use crate::store::{CreateRequest, Reply};

impl SqliteStore {
    /// Fetches one more item than the page, so the caller knows if more
    /// exist.
    pub(in crate::store) async fn timeline_items(
        &self,
        record: &LinkedRecord,
        query: &TimelineQuery,
    ) -> ApiResult<Vec<TimelineItem>> {
        let mut sql = QueryBuilder::new("");
        push_items_select(&mut sql, record, query);
        let rows = sql.build().fetch_all(&self.reads).await?;
        Ok(rows.iter().map(item_from_row).collect::<Result<_, _>>()?)
    }

    pub(in crate::store) async fn add_note(
        &self,
        request: CreateRequest,
        kind: RecordKind,
        id: i64,
        form: NewNote,
    ) -> ApiResult<Reply> {
        let by = request.by.clone();
        self.create(request, move |conn| {
            Box::pin(async move {
                linked_record(&mut *conn, kind, id)
                    .await?
                    .ok_or_else(|| ApiError::not_found(kind.label(), id))?;
                let row = sqlx::query(&format!(
                    "INSERT INTO timeline_items
                        (record_kind, record_id, kind, title, body, author_id, author, at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                     RETURNING {ITEM_COLUMNS}",
                ))
                .bind(kind.as_str())
                .bind(id)
                .bind(TimelineKind::Note.as_str())
                .bind(note_title(&form.title, &form.text))
                .bind(&form.text)
                .bind(&by.id)
                .bind(&by.name)
                .bind(now())
                .fetch_one(&mut *conn)
                .await?;
                let item = item_from_row(&row)?;
                super::events::note_added(conn, kind, id, &item).await?;
                Ok::<TimelineItem, ApiError>(item)
            })
        })
        .await
    }
}

/// Appends the page's SELECT to `sql`.
fn push_items_select<'a>(
    sql: &mut QueryBuilder<'a, Sqlite>,
    record: &'a LinkedRecord,
    query: &'a TimelineQuery,
) {
    sql.push(format!(
        "SELECT {ITEM_COLUMNS} FROM timeline_items WHERE record_kind = "
    ))
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
        // instr() matches literally, and lower() folds ASCII letters only,
        // as the query's text is folded; the record's rows are filtered as
        // the index delivers them, newest first, until the page is full.
        sql.push(" AND (instr(lower(title), ")
            .push_bind(text.as_str())
            .push(") > 0 OR instr(lower(body), ")
            .push_bind(text.as_str())
            .push(") > 0)");
    }
    sql.push(" ORDER BY at DESC, id DESC LIMIT ")
        .push_bind(query.limit.fetch());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sqlite::migrated_in_memory;
    use sqlx::Row;

    #[tokio::test]
    async fn a_page_is_one_range_scan_of_the_index() {
        let db = migrated_in_memory().await;
        let record = LinkedRecord {
            kind: RecordKind::Contact,
            id: 1,
            label: "Zoë".into(),
        };
        let query = TimelineQuery::parse(Some("note,email"), None, Some("5.7"), Some(" Refund "))
            .expect("valid query");
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
