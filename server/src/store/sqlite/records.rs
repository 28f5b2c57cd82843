//! Contacts, accounts and cases in SQLite: the reads and checks every
//! backend shares (`store::record_reads`), on the pool for reads.

use sqlx::sqlite::SqliteRow;
use sqlx::SqliteExecutor;

use super::SqliteStore;

crate::store::record_reads::record_reads!(SqliteExecutor, SqliteRow, SqliteStore, reads);
