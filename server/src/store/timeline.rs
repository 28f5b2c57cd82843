//! Timelines: a page of a record's activities and notes, and adding a note.

use customer_summary_model::{LinkedRecord, NewNote, RecordKind, TimelinePage};

use super::{CreateRequest, Reply, Store};
use crate::error::ApiResult;
use crate::rules::timeline::{page, TimelineQuery};

impl Store {
    /// One page of `record`'s timeline as `query` asks (empty when
    /// `None`), with `records` as the selector's choices.
    pub async fn timeline(
        &self,
        record: Option<LinkedRecord>,
        records: Vec<LinkedRecord>,
        query: &TimelineQuery,
    ) -> ApiResult<TimelinePage> {
        let fetched = match &record {
            Some(record) => dispatch!(self, store => store.timeline_items(record, query).await)?,
            None => Vec::new(),
        };
        Ok(page(record, records, fetched, query))
    }

    /// Adds a note from `form` (valid), written by `request`'s agent now,
    /// to the timeline of record `kind` `id`: the 201 reply holds the
    /// item. 404 if the record does not exist; atomic with `request`'s
    /// reply (guarantee 2).
    pub async fn add_note(
        &self,
        request: CreateRequest,
        kind: RecordKind,
        id: i64,
        form: NewNote,
    ) -> ApiResult<Reply> {
        dispatch!(self, store => store.add_note(request, kind, id, form).await)
    }
}
