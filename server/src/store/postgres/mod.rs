//! The PostgreSQL backend: [`PostgresStore`], one pool of connections for
//! reads and writes, write transactions, and opening a database
//! (migrations, the demo data). One module per concern of the interface
//! implements it.
//!
//! The guarantees of `store` rest here on PostgreSQL itself, so that any
//! number of server processes may share one database: each write is one
//! transaction (READ COMMITTED); a write that checks and then changes a
//! conversation locks its row first (`FOR UPDATE`); creates with one
//! `Idempotency-Key` take turns on a transaction-scoped advisory lock of
//! the key; new ids come from each table's identity sequence.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::events::Notifier;
use super::summaries::Summaries;
use sqlx::{PgConnection, PgPool};

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
mod timeline;

/// The PostgreSQL store: search's lookups on a pool of their own, every
/// other query on the other.
#[derive(Clone)]
pub struct PostgresStore {
    pub(in crate::store) db: PgPool,
    pub(in crate::store) search: PgPool,
    pub(in crate::store) events: Notifier,
    pub(in crate::store) summaries: Summaries,
}

impl PostgresStore {
    /// The store on the pools [`open`] opened, listening (on a task of its
    /// own, for as long as the process runs) for the events every server
    /// on the database appends.
    pub fn new(Pools { db, search }: Pools) -> Self {
        let events = Notifier::default();
        tokio::spawn(events::listen(db.clone(), events.clone()));
        PostgresStore {
            db,
            search,
            events,
            summaries: Summaries::default(),
        }
    }
}

/// How many connections one server opens at most, besides its
/// [`SEARCH_CONNECTIONS`]. PostgreSQL's default `max_connections` is 100:
/// ten servers of both fit.
const CONNECTIONS: u32 = 8;

/// How many connections one server opens at most for search.
const SEARCH_CONNECTIONS: u32 = 2;

/// How long a request waits for a connection (or to make one) before it
/// fails: a lost database answers 503 in this time, not never; and a
/// burst of requests queued for the pool waits less than that.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// A server's connections to the database: search's apart, planned their
/// own way ([`search_pool`]).
pub struct Pools {
    pub db: PgPool,
    pub search: PgPool,
}

/// Connects to the database at `url`, applies the migrations (each in a
/// transaction of its own, so a failed one leaves the database as it
/// was), and writes `demo()` into an empty database: the pools.
pub async fn open(url: &str, demo: fn() -> Dataset) -> Result<Pools, StartError> {
    let options: PgConnectOptions = url.parse()?;
    let db = pool(CONNECTIONS).connect_with(options.clone()).await?;
    sqlx::migrate!("./migrations-postgres").run(&db).await?;
    bulk::insert_if_empty(&db, demo).await?;
    let search = search_pool().connect_with(options).await?;
    Ok(Pools { db, search })
}

/// A pool of at most `connections`.
fn pool(connections: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        // No ping before each use: it was a round trip per request, most
        // of a summary's cost. A connection the database dropped fails
        // its next statement instead (a 503, `store::unavailable`) and is
        // closed, and the pool opens a fresh one.
        .test_before_acquire(false)
}

/// The pool of search's lookups, whose sessions plan each statement once,
/// with a generic plan, rather than again at every execution.
// Search's statements are written for their indexes, so their plans do
// not depend on the values bound (plan_tests.rs asserts the generic ones);
// PostgreSQL's own choice kept planning each search afresh at 100,000
// contacts, 0.35 ms of its 0.9. Other statements keep PostgreSQL's choice:
// a generic plan of `created_at < $1` or `status IN ($1, $2, $3)` expects
// a third of the table, or all of it, where the index reads a few rows.
pub(in crate::store) fn search_pool() -> PgPoolOptions {
    pool(SEARCH_CONNECTIONS).after_connect(|conn, _| {
        Box::pin(async move {
            sqlx::query("SET plan_cache_mode = force_generic_plan")
                .execute(conn)
                .await?;
            Ok(())
        })
    })
}

impl PostgresStore {
    /// `Ok` if the database answers; an error that is a 503 if not.
    pub(in crate::store) async fn ready(&self) -> ApiResult<()> {
        sqlx::query("SELECT 1").execute(&self.db).await?;
        Ok(())
    }

    /// The pools' connections, open and idle.
    pub(in crate::store) fn pool(&self) -> (usize, usize) {
        let open = self.db.size() + self.search.size();
        (open as usize, self.db.num_idle() + self.search.num_idle())
    }
}

/// What a write does inside its transaction, given its connection.
type Work<'c, T> = Pin<Box<dyn Future<Output = ApiResult<T>> + Send + 'c>>;

impl PostgresStore {
    /// Runs `work` in one transaction, commits it when `work` succeeds and
    /// rolls it back when it fails, on a task of its own so that it always
    /// ends.
    // The task: a request's future is dropped when its client hangs up;
    // a transaction dropped half-way is rolled back by sqlx, but only when
    // the connection is next used, and a client that retries with its
    // Idempotency-Key should find the first attempt finished, not undone.
    async fn write<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut PgConnection) -> Work<'c, T> + Send + 'static,
    {
        let db = self.db.clone();
        tokio::spawn(async move {
            let mut tx = db.begin().await?;
            let value = work(&mut tx).await?;
            tx.commit().await?;
            Ok(value)
        })
        .await
        .map_err(|error| ApiError::Internal(Box::new(error)))?
    }
}
