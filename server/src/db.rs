//! The SQLite connection pool, the pragmas every connection runs with,
//! write transactions, the clock, and decoding of the columns that hold
//! model enumerations.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use customer_summary_model::Millis;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

/// Opens (creating if missing) the database file at `path`.
pub async fn connect(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_millis(5000))
        .foreign_keys(true)
        // With WAL, NORMAL loses at most the last commits on power loss, never
        // consistency, and avoids an fsync per write.
        .synchronous(SqliteSynchronous::Normal);
    SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
}

/// Starts a transaction that takes the write lock at once (`BEGIN
/// IMMEDIATE`), waiting up to the busy timeout for it.
// A deferred transaction that reads before it writes fails with
// SQLITE_BUSY, without waiting, when another writer committed in between;
// taking the lock first serialises writers instead.
pub async fn begin_write(db: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    db.begin_with("BEGIN IMMEDIATE").await
}

/// Now, in milliseconds since the Unix epoch.
pub fn now() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            Millis::try_from(elapsed.as_millis()).unwrap_or(Millis::MAX)
        })
}

/// Reads a text column holding one of the model's enumerations, such as a
/// case status, with that enumeration's `parse`.
pub fn enum_column<T>(
    row: &SqliteRow,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    let text: &str = row.try_get(column)?;
    parse(text).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: format!("unexpected value {text:?}").into(),
    })
}
