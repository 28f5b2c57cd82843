//! The store: all of the server's data, behind one interface, [`Store`],
//! that the handlers call. Every SQL statement and every database type
//! lives under this module; the rules the data follows (search, matching,
//! ticket numbers, search keys) live in `rules`, shared by every backend.
//!
//! The interface is grouped by what it stores: conversations and their
//! links (`conversations.rs`), records: contacts, accounts and cases
//! (`records.rs`), timelines and notes (`timeline.rs`), search
//! (`search.rs`), recognition (`recognition.rs`), and the replies kept
//! for idempotent creates (`idempotency.rs`). The demo data is written by
//! a backend's own bulk path from a [`Dataset`].
//!
//! # What every backend must guarantee
//!
//! Several requests run at once, and with a shared database (PostgreSQL)
//! several server processes too, so nothing below may rest on one
//! process's memory or on one writer at a time (SQLite's single writer is
//! how the SQLite backend gives them, not what they are):
//!
//! 1. **Changing a link** ([`Store::set_link`]) checks the conversation and
//!    the record linked and writes the link as one atomic step: a customer
//!    is active, and a case exists, when linked. Changing the customer
//!    link ends recognition (its outcome becomes `already_linked` unless
//!    it had one) in the same step.
//! 2. **A create** ([`Store::create_contact`], [`Store::create_account`],
//!    [`Store::create_case`], [`Store::add_note`]) is one atomic step with
//!    its checks, the link it makes and the reply kept under its
//!    `Idempotency-Key`: it happens entirely or not at all, and two
//!    requests with one key, even at once on two servers, create one
//!    record; the second gets the first's reply ([`CreateRequest`]).
//! 3. **A new case's id is a number no other case has, or will get**, and
//!    its ticket number is made from it (`rules::ticket`), so ticket
//!    numbers are unique; an account number is unique among accounts (a
//!    duplicate is a 400 naming `account_number`).
//! 4. **Recognition** ([`Store::recognize`]) runs at most once per
//!    conversation: reading whether it ran, matching, and storing the
//!    outcome and the links are one atomic step, so two agents opening
//!    the conversation at once see one outcome, linked once.
//! 5. **A write that was answered is seen** by every read that starts
//!    after it, on any server. (What survives a power loss is the
//!    backend's to say: SQLite in WAL mode with `synchronous = NORMAL` may
//!    lose the last commits, never consistency.)
//!
//! Reads need no more: one that takes several queries (a conversation's
//! summary) may see a write that commits between them, as clients expect
//! of a page whose panels load on their own.
//!
//! # Adding a backend
//!
//! `postgres/` is the second backend, written this way. Write a module beside `sqlite/` with a type that has the methods
//! [`Store`] calls on `SqliteStore` (same names and signatures), add a
//! variant for it to [`Store`] and an arm to `dispatch!`, and open it
//! where the server starts (`lib.rs`). The compiler then lists every
//! method the new backend lacks. Run the API tests (`server/tests/`)
//! against it.

/// Runs `$call` with `$backend` bound to `$store`'s backend. Every backend
/// has the methods the interface calls, by the same names and signatures,
/// so one expression serves them all.
macro_rules! dispatch {
    ($store:expr, $backend:ident => $call:expr) => {
        match $store {
            $crate::store::Store::Sqlite($backend) => $call,
            $crate::store::Store::Postgres($backend) => $call,
        }
    };
}

mod conversation_sql;
mod conversations;
mod dataset;
pub mod events;
mod idempotency;
mod intake;
mod link_writes;
mod open;
pub mod postgres;
pub mod presence;
mod recognition;
mod record_reads;
mod records;
mod rows;
mod search;
pub mod sqlite;
mod status;
mod summaries;
mod timeline;

use crate::error::{ApiError, ApiResult, StartError};

pub use conversations::Link;
pub use dataset::{Dataset, SeedConversation, TimelineEntry};
pub use idempotency::{expired_before, CreateRequest, Reply};
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;
pub use summaries::SummaryCounts;

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        if unavailable(&error) {
            ApiError::Unavailable(Box::new(error))
        } else {
            ApiError::Internal(Box::new(error))
        }
    }
}

/// Whether `error` says the database cannot be reached now, which passes
/// when it is back: no connection to be had in time, a connection lost,
/// or the database shutting down or starting (SQLSTATE classes 08, 57P).
fn unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => true,
        sqlx::Error::Database(error) => error
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

impl From<sqlx::Error> for StartError {
    fn from(error: sqlx::Error) -> Self {
        StartError::Database(Box::new(error))
    }
}

impl From<sqlx::migrate::MigrateError> for StartError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        StartError::Migrate(Box::new(error))
    }
}

impl Store {
    /// `Ok` if the database answers now; else the 503 of an unreachable
    /// database.
    pub async fn ready(&self) -> ApiResult<()> {
        dispatch!(self, store => store.ready().await)
    }

    /// The connections of the database pool: open, and of them idle.
    pub fn pool(&self) -> (usize, usize) {
        dispatch!(self, store => store.pool())
    }
}

/// The server's data, in the backend it was opened with. Cloning it is
/// cheap: it shares the backend's connections.
#[derive(Clone)]
pub enum Store {
    /// One SQLite file (WAL), its reads on a pool and its writes on one
    /// connection, one at a time.
    Sqlite(SqliteStore),
    /// A PostgreSQL database on a pool of connections, which several
    /// server processes may share.
    Postgres(PostgresStore),
}
