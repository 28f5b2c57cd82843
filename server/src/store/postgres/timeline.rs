//! Timelines in PostgreSQL: a page is one range scan of the index by
//! record and `(at, id)`, newest first; a note is one INSERT.

use customer_summary_model::{LinkedRecord, NewNote, RecordKind, TimelineItem, TimelineKind};
use sqlx::{Postgres, QueryBuilder};

use super::records::linked_record;
use super::PostgresStore;
use crate::clock::now;
use crate::error::{ApiError, ApiResult};
use crate::rules::timeline::TimelineQuery;
use crate::rules::writes::note_title;
use crate::store::rows::{item_from_row, ITEM_COLUMNS};
use crate::store::{CreateRequest, Reply};

impl PostgresStore {
    /// Fetches one more item than the page, so the caller knows if more
    /// exist.
    pub(in crate::store) async fn timeline_items(
        &self,
        record: &LinkedRecord,
        query: &TimelineQuery,
    ) -> ApiResult<Vec<TimelineItem>> {
        let mut sql = QueryBuilder::new("");
        push_items_select(&mut sql, record, query);
        let rows = sql.build().fetch_all(&self.db).await?;
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
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
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
pub(super) fn push_items_select<'a>(
    sql: &mut QueryBuilder<'a, Postgres>,
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
        // strpos() matches literally, and lower() under the "C" collation
        // folds ASCII letters only, as the query's text is folded (and as
        // SQLite's instr() and lower() do).
        sql.push(" AND (strpos(lower(title), ")
            .push_bind(text.as_str())
            .push(") > 0 OR strpos(lower(body), ")
            .push_bind(text.as_str())
            .push(") > 0)");
    }
    sql.push(" ORDER BY at DESC, id DESC LIMIT ")
        .push_bind(query.limit.fetch());
}
