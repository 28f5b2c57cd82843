//! The event log on SQLite (`store::events`). Streams are woken by the
//! writer, once each transaction that appended events commits
//! (`SqliteStore::write`).

use sqlx::{SqliteConnection, SqliteExecutor};

crate::store::events::event_log!(SqliteConnection, SqliteExecutor, None);
