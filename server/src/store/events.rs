//! Every conversation's event log (`events`): each change the API makes
//! to what a conversation's summary shows is appended, in the transaction
//! that makes it, as a `model::LiveEvent` numbered 1, 2, 3… in that
//! conversation (`conversations.event_seq` is the last number given).
//! Events are kept for [`RETENTION`] at least, in the database, so a
//! stream resumes after a restart or on another server.
//!
//! Appending wakes the streams of the conversation ([`Notifier`]) once the
//! transaction commits: SQLite's writer finds the events its transaction
//! appended and wakes their conversations after the commit; PostgreSQL
//! notifies `customer_summary_events` in the transaction, which the
//! database delivers at commit to every server's listener.
//!
//! The statements are the same for both backends; each instantiates
//! [`event_log!`] over its connection types.

use customer_summary_model::Millis;
use tokio::sync::broadcast;

use super::Store;
use crate::error::ApiResult;

/// How long events are kept, at least: a stream that resumes after a gap
/// this long is told to load the summary again.
pub const RETENTION: Millis = 30 * 60 * 1000;

/// A wake-up for every conversation's streams: some events may have been
/// missed (a lost database listener), so each stream reads its log again.
/// Conversation ids start at 1.
pub const EVERY_CONVERSATION: i64 = 0;

/// How many wake-ups wait for a slow stream before it is told it lagged
/// (and then reads its log again, losing nothing).
const WAKE_UPS: usize = 1024;

/// The channel that wakes streams: conversation ids whose logs grew.
#[derive(Clone)]
pub struct Notifier(broadcast::Sender<i64>);

impl Default for Notifier {
    fn default() -> Self {
        Notifier(broadcast::channel(WAKE_UPS).0)
    }
}

impl Notifier {
    /// Wakes the streams of conversation `id` (or of all of them).
    pub fn wake(&self, id: i64) {
        // No stream listening is no error.
        let _ = self.0.send(id);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.0.subscribe()
    }
}

/// One event as stored: its number and its JSON.
pub struct StoredEvent {
    pub seq: i64,
    pub data: String,
}

/// What a stream reads of a conversation's log after the last event it
/// sent.
pub struct LogPage {
    /// The next events, in order.
    pub events: Vec<StoredEvent>,
    /// The number of the conversation's last event now.
    pub last: i64,
}

/// Bumps conversation `$1`'s event number; returns it.
pub const BUMP_SEQ: &str =
    "UPDATE conversations SET event_seq = event_seq + 1 WHERE id = $1 RETURNING event_seq";

/// Appends event `$2` of conversation `$1`: JSON `$3`, at `$4`.
pub const INSERT_EVENT: &str =
    "INSERT INTO events (conversation_id, seq, data, at) VALUES ($1, $2, $3, $4)";

/// The conversations that show record kind `$1`, id `$2`: its customer or
/// its case.
pub const SHOWING_RECORD: &str = "SELECT id FROM conversations
     WHERE (customer_kind = $1 AND customer_id = $2) OR ($1 = 'case' AND case_id = $2)";

/// Conversation `$1`'s events after number `$2`, at most `$3`.
pub const AFTER: &str = "SELECT seq, data FROM events
     WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";

/// Conversation `$1`'s last event number.
pub const LAST: &str = "SELECT event_seq FROM conversations WHERE id = $1";

/// Forgets the events from before `$1`.
pub const PRUNE: &str = "DELETE FROM events WHERE at < $1";

/// Defines, in the calling backend's `events` module, `append`,
/// `append_to_showing`, `note_added`, `after`, `last` and `prune` over the connection
/// type `$connection` and executor trait `$executor`; `$notify` is a
/// statement run with the conversation's id (as text) after each append,
/// or `None`.
macro_rules! event_log {
    ($connection:ty, $executor:ident, $notify:expr) => {
        use customer_summary_model::{LiveEvent, RecordKind};
        use sqlx::Row;

        use $crate::error::{ApiError, ApiResult};
        use $crate::store::events as sql;
        use $crate::store::events::{LogPage, StoredEvent};

        /// Appends `event` to conversation `id`'s log.
        pub(in crate::store) async fn append(
            conn: &mut $connection,
            id: i64,
            event: &LiveEvent,
        ) -> Result<(), sqlx::Error> {
            let data =
                serde_json::to_string(event).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
            let seq: i64 = sqlx::query_scalar(sql::BUMP_SEQ)
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
            sqlx::query(sql::INSERT_EVENT)
                .bind(id)
                .bind(seq)
                .bind(data)
                .bind($crate::clock::now())
                .execute(&mut *conn)
                .await?;
            let notify: Option<&str> = $notify;
            if let Some(notify) = notify {
                sqlx::query(notify)
                    .bind(id.to_string())
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        }

        /// Appends `event` to the log of every conversation that has
        /// record `kind` `id` linked.
        pub(in crate::store) async fn append_to_showing(
            conn: &mut $connection,
            kind: RecordKind,
            id: i64,
            event: &LiveEvent,
        ) -> Result<(), sqlx::Error> {
            let showing: Vec<i64> = sqlx::query_scalar(sql::SHOWING_RECORD)
                .bind(kind.as_str())
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
            for conversation in showing {
                append(conn, conversation, event).await?;
            }
            Ok(())
        }

        /// Tells the conversations showing record `kind` `id` that `item`,
        /// a note, was added to its timeline.
        pub(in crate::store) async fn note_added(
            conn: &mut $connection,
            kind: RecordKind,
            id: i64,
            item: &customer_summary_model::TimelineItem,
        ) -> Result<(), sqlx::Error> {
            let added = LiveEvent::NoteAdded(customer_summary_model::NoteAdded {
                record_kind: kind,
                record_id: id,
                item: item.clone(),
            });
            append_to_showing(conn, kind, id, &added).await
        }

        /// Conversation `id`'s events after number `after`, at most
        /// `limit`, and its last number; 404 if it does not exist.
        pub(in crate::store) async fn after<'e>(
            db: impl $executor<'e> + Copy,
            id: i64,
            after: i64,
            limit: i64,
        ) -> ApiResult<LogPage> {
            let last = last(db, id).await?;
            let rows = sqlx::query(sql::AFTER)
                .bind(id)
                .bind(after)
                .bind(limit)
                .fetch_all(db)
                .await?;
            let events = rows
                .iter()
                .map(|row| {
                    Ok(StoredEvent {
                        seq: row.try_get("seq")?,
                        data: row.try_get("data")?,
                    })
                })
                .collect::<Result<_, sqlx::Error>>()?;
            Ok(LogPage { events, last })
        }

        /// Conversation `id`'s last event number; 404 if it does not exist.
        pub(in crate::store) async fn last<'e>(db: impl $executor<'e>, id: i64) -> ApiResult<i64> {
            sqlx::query_scalar(sql::LAST)
                .bind(id)
                .fetch_optional(db)
                .await?
                .ok_or_else(|| ApiError::not_found("Conversation", id))
        }

        /// Forgets the events from before `before`; how many.
        pub(in crate::store) async fn prune<'e>(
            db: impl $executor<'e>,
            before: customer_summary_model::Millis,
        ) -> ApiResult<u64> {
            let done = sqlx::query(sql::PRUNE).bind(before).execute(db).await?;
            Ok(done.rows_affected())
        }
    };
}

pub(crate) use event_log;

impl Store {
    /// Wake-ups for the streams: the ids of conversations whose logs grew
    /// (or [`EVERY_CONVERSATION`]).
    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        dispatch!(self, store => store.events.subscribe())
    }

    /// Conversation `id`'s events after number `after`, at most `limit`,
    /// and its last event number; 404 if it does not exist.
    pub async fn events_after(&self, id: i64, after: i64, limit: i64) -> ApiResult<LogPage> {
        match self {
            Store::Sqlite(store) => {
                super::sqlite::events::after(&store.reads, id, after, limit).await
            }
            Store::Postgres(store) => {
                super::postgres::events::after(&store.db, id, after, limit).await
            }
        }
    }

    /// Conversation `id`'s last event number; 404 if it does not exist.
    pub async fn last_event(&self, id: i64) -> ApiResult<i64> {
        match self {
            Store::Sqlite(store) => super::sqlite::events::last(&store.reads, id).await,
            Store::Postgres(store) => super::postgres::events::last(&store.db, id).await,
        }
    }

    /// Forgets the events older than [`RETENTION`]; how many.
    pub async fn prune_events(&self) -> ApiResult<u64> {
        let before = crate::clock::now() - RETENTION;
        match self {
            Store::Sqlite(store) => {
                let writer = store.writer.pool();
                super::sqlite::events::prune(writer, before).await
            }
            Store::Postgres(store) => super::postgres::events::prune(&store.db, before).await,
        }
    }
}
