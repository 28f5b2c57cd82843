//! The SQLite backend: [`SqliteStore`], its connections (a pool for
//! reads, one connection for writes), the pragmas every connection runs
//! with, write transactions, opening a database (migrations, the demo
//! data, search keys). One module per concern of the interface implements it.
//!
//! The guarantees of `store` rest here on SQLite's single writer: every
//! write is one `BEGIN IMMEDIATE` transaction on the one writing
//! connection (`SqliteStore::write`), so checks and writes in it are atomic, and
//! `max(id) + 1` is a new case id.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{SqliteConnection, SqlitePool};

use super::events::Notifier;
use super::summaries::Summaries;
use super::Dataset;
use crate::error::{ApiError, ApiResult, StartError};

mod bulk;
mod conversations;
mod create;
pub(in crate::store) mod events;
mod idempotency;
mod recognition;
mod records;
mod search;
mod search_keys;
mod timeline;

/// The SQLite store: reads on `reads`, writes through `writer`.
#[derive(Clone)]
pub struct SqliteStore {
    pub(in crate::store) reads: SqlitePool,
    pub(in crate::store) writer: Writer,
    pub(in crate::store) events: Notifier,
    pub(in crate::store) summaries: Summaries,
}

impl SqliteStore {
    /// The store on the pool and writer [`open`] and [`Writer::connect`]
    /// opened on one database file.
    pub fn new(reads: SqlitePool, writer: Writer) -> Self {
        SqliteStore {
            reads,
            writer,
            events: Notifier::default(),
            summaries: Summaries::default(),
        }
    }
}

/// Opens the database at `path`, creating the file and its directory when
/// missing, applies migrations, writes `demo()` into an empty one, and
/// computes the search keys that rows lack (written before the keys
/// existed, by the bulk path, or by other programs): the pool that serves
/// reads.
pub async fn open(path: &Path, demo: fn() -> Dataset) -> Result<SqlitePool, StartError> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(dir).await?;
    }
    let db = connect(path).await?;
    sqlx::migrate!("./migrations").run(&db).await?;
    bulk::insert_if_empty(&db, demo).await?;
    search_keys::fill_missing(&db).await?;
    Ok(db)
}

/// How many connections serve reads: two per core, from 2 to 16.
// A read is CPU work in SQLite, on its connection's thread: more threads
// than that only queue on the CPU and starve the writer's thread. With
// eight on two cores, half the notes of the 200-agent load test waited
// about a second behind reads; with four, about 20 ms.
fn readers() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    u32::try_from(cores * 2).unwrap_or(u32::MAX).clamp(2, 16)
}

/// What every connection opens the database file at `path` with.
fn options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_millis(5000))
        .foreign_keys(true)
        // With WAL, NORMAL loses at most the last commits on power loss, never
        // consistency, and avoids an fsync per write.
        .synchronous(SqliteSynchronous::Normal)
}

/// Opens (creating if missing) the database file at `path`: the pool that
/// serves reads, and start-up's migrations and seed.
async fn connect(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    SqlitePoolOptions::new()
        .max_connections(readers())
        .connect_with(options(path).create_if_missing(true))
        .await
}

/// The one connection that every write of the API goes through, one
/// write at a time, in the order they asked (see `SqliteStore::write`).
// SQLite lets one connection write at a time. When each write took a
// connection of the shared pool and waited for the lock in SQLite's busy
// handler, waiters polled it with growing sleeps, in no order, while
// holding connections that reads were queued for: with 200 agents writing
// at once, the slowest note took 1.8 s (and one that waits 5 s fails).
// Queued for this connection, they wait their turn; reads never wait for
// a writer (WAL).
#[derive(Clone)]
pub struct Writer {
    db: SqlitePool,
    // The last event (`events.id`) whose streams were woken.
    last_event: Arc<AtomicI64>,
}

impl Writer {
    /// Opens the writing connection to the database file at `path`, which
    /// must exist.
    pub async fn connect(path: &Path) -> Result<Self, sqlx::Error> {
        let db = SqlitePoolOptions::new()
            .max_connections(1)
            // An embedded connection does not drop; the ping before each
            // write would only be one more hop to its thread.
            .test_before_acquire(false)
            .connect_with(options(path))
            .await?;
        let last_event: i64 = sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM events")
            .fetch_one(&db)
            .await?;
        Ok(Writer {
            db,
            last_event: Arc::new(AtomicI64::new(last_event)),
        })
    }

    /// Its one connection, for a single statement outside `write`.
    pub(in crate::store) fn pool(&self) -> &SqlitePool {
        &self.db
    }
}

impl SqliteStore {
    /// `Ok` if a read connection answers.
    pub(in crate::store) async fn ready(&self) -> ApiResult<()> {
        sqlx::query("SELECT 1").execute(&self.reads).await?;
        Ok(())
    }

    /// The read pool's connections, open and idle, and the writer's.
    pub(in crate::store) fn pool(&self) -> (usize, usize) {
        let (reads, writer) = (&self.reads, &self.writer.db);
        (
            reads.size() as usize + writer.size() as usize,
            reads.num_idle() + writer.num_idle(),
        )
    }
}

/// What a write does inside its transaction, given its connection.
type Work<'c, T> = Pin<Box<dyn Future<Output = ApiResult<T>> + Send + 'c>>;

impl SqliteStore {
    /// Runs `work` in one transaction that takes the write lock at once
    /// (`BEGIN IMMEDIATE`, waiting up to the busy timeout for it), commits it
    /// when `work` succeeds and rolls it back when it fails, on a task of its
    /// own so that it always ends.
    // BEGIN IMMEDIATE: a deferred transaction that reads before it writes
    // fails with SQLITE_BUSY, without waiting, when another writer committed
    // in between; taking the lock first serialises writers instead.
    //
    // The task: a request's future is dropped when its client hangs up, and
    // sqlx 0.8's `begin_with` is not cancel-safe. Dropped after SQLite ran the
    // BEGIN but before the `Transaction` existed, it sent the connection back
    // to the pool still holding the write lock, and every later write failed:
    // "database is locked", then "begin_with at non-zero transaction depth".
    // A spawned task is never dropped half-way, and a client that retries
    // with its Idempotency-Key is answered what the first attempt did.
    async fn write<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> Work<'c, T> + Send + 'static,
    {
        let Writer { db, last_event } = self.writer.clone();
        let notifier = self.events.clone();
        tokio::spawn(async move {
            let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
            let value = work(&mut tx).await?;
            // Writers take turns, so the events after the last one woken
            // for are this transaction's.
            let appended: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT conversation_id, max(id) FROM events WHERE id > $1 GROUP BY conversation_id",
            )
            .bind(last_event.load(Ordering::Acquire))
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            for (conversation, event) in appended {
                last_event.fetch_max(event, Ordering::AcqRel);
                notifier.wake(conversation);
            }
            Ok(value)
        })
        .await
        .map_err(|error| ApiError::Internal(Box::new(error)))?
    }
}

/// A migrated database in memory, for unit tests of queries. One
/// connection: each connection to `sqlite::memory:` is a database of its own.
#[cfg(test)]
pub async fn migrated_in_memory() -> SqlitePool {
    let db = SqlitePoolOptions::new()
        .max_connections(1)
        .connect("sqlite::memory:")
        .await
        .expect("memory db");
    sqlx::migrate!("./migrations")
        .run(&db)
        .await
        .expect("migrations");
    db
}
