//! Opening the store that `--database` names: a SQLite file or a
//! PostgreSQL URL, migrated, with the demo data in an empty database.

use super::{postgres, sqlite, Dataset, PostgresStore, SqliteStore, Store};
use crate::config::Database;
use crate::error::StartError;

impl Store {
    /// Opens `database`: applies the migrations, writes `demo()` into an
    /// empty database and, for SQLite, fills missing search keys and opens
    /// the writing connection.
    pub async fn open(database: &Database, demo: fn() -> Dataset) -> Result<Store, StartError> {
        Ok(match database {
            Database::Sqlite(path) => {
                let reads = sqlite::open(path, demo).await?;
                let writer = sqlite::Writer::connect(path).await?;
                Store::Sqlite(SqliteStore::new(reads, writer))
            }
            Database::Postgres(url) => {
                let pools = postgres::open(url.expose(), demo).await.map_err(|error| {
                    StartError::Unreachable(database.redacted(), Box::new(error))
                })?;
                Store::Postgres(PostgresStore::new(pools))
            }
        })
    }
}
