//! Contacts, accounts and cases in PostgreSQL: the reads and checks every
//! backend shares (`store::record_reads`).

use sqlx::postgres::PgRow;
use sqlx::PgExecutor;

use super::PostgresStore;

crate::store::record_reads::record_reads!(PgExecutor, PgRow, PostgresStore, db);
