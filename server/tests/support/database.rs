//! The backend the API tests run against, one fresh database per test.
//!
//! By default each test gets a SQLite file in a temporary directory. With
//! `CS_TEST_POSTGRES` set to the URL of a PostgreSQL cluster's
//! maintenance database (`scripts/test.sh` starts a throwaway one), each
//! test gets a database of its own on it, copied from a migrated and
//! seeded template (made by the first test that needs it, once a minute),
//! and dropped when the test ends. A PostgreSQL run
//! whose cluster cannot be reached fails; it never falls back to SQLite.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use customer_summary_server::{open_store, Database, Secret};
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions};
use sqlx::sqlite::SqlitePool;
use sqlx::{Connection, Row};
use tempfile::TempDir;

/// The template test databases are copied from now: one per minute, as
/// the seed's times count back from the minute it was written in, so a
/// copy is as fresh as a SQLite test's own seed, however long the run.
fn template() -> String {
    let minute = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
        / 60;
    format!("cs_template_{minute}")
}

/// The backend under test.
enum Backend {
    Sqlite,
    /// The cluster's maintenance database URL.
    Postgres(String),
}

impl Backend {
    /// `CS_TEST_POSTGRES`'s cluster if set, else SQLite.
    fn current() -> Self {
        match std::env::var("CS_TEST_POSTGRES") {
            Ok(url) if !url.is_empty() => Backend::Postgres(url),
            _ => Backend::Sqlite,
        }
    }
}

/// A database of the backend under test, removed when dropped.
pub struct TestDatabase {
    /// What `--database` would be to open it.
    pub database: Database,
    // The SQLite file's directory, or the PostgreSQL database to drop.
    _dir: Option<TempDir>,
    dropped: Option<(String, String)>,
}

impl TestDatabase {
    /// A database holding the demo data, as a server opening an empty one
    /// would write it.
    pub async fn seeded() -> Self {
        match Backend::current() {
            Backend::Sqlite => Self::empty().await,
            Backend::Postgres(admin) => {
                let template = template();
                ensure_template(&admin, &template).await;
                create(&admin, Some(&template)).await
            }
        }
    }

    /// A database with nothing in it, not even the schema.
    pub async fn empty() -> Self {
        match Backend::current() {
            Backend::Sqlite => {
                let dir = TempDir::new().expect("temporary directory");
                let path = dir.path().join("data").join("test.db");
                TestDatabase {
                    database: Database::Sqlite(path),
                    _dir: Some(dir),
                    dropped: None,
                }
            }
            Backend::Postgres(admin) => create(&admin, None).await,
        }
    }

    /// A connection pool of the tests' own to this database (opened by the
    /// server first, for SQLite, so that the file exists).
    pub async fn connect(&self) -> TestDb {
        match &self.database {
            Database::Sqlite(path) => TestDb::Sqlite(
                SqlitePool::connect(&format!("sqlite://{}", path.display()))
                    .await
                    .expect("the test database opens"),
            ),
            Database::Postgres(url) => TestDb::Postgres(
                PgPoolOptions::new()
                    .max_connections(2)
                    .connect(url.expose())
                    .await
                    .expect("the test database opens"),
            ),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin, name)) = self.dropped.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on:
        // a runtime of its own on a thread of its own does it.
        let dropping = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime")
                .block_on(async {
                    let mut admin = PgConnection::connect(&admin).await.expect("cluster");
                    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut admin)
                        .await
                        .expect("the test database is dropped");
                });
        });
        if dropping.join().is_err() && !std::thread::panicking() {
            panic!("could not drop the test database");
        }
    }
}

/// The URL of database `name` on the cluster of `admin`'s URL.
fn url_of(admin: &str, name: &str) -> String {
    let (cluster, query) = admin.split_once('?').unwrap_or((admin, ""));
    let (cluster, _) = cluster
        .rsplit_once('/')
        .expect("CS_TEST_POSTGRES is postgres://user@host:port/database");
    match query {
        "" => format!("{cluster}/{name}"),
        query => format!("{cluster}/{name}?{query}"),
    }
}

/// Connects to the cluster, saying what to do when it is not there.
async fn admin_connection(admin: &str) -> PgConnection {
    PgConnection::connect(admin).await.unwrap_or_else(|error| {
        panic!(
            "CS_TEST_POSTGRES names a PostgreSQL cluster that cannot be reached ({error}); \
             scripts/test.sh starts one"
        )
    })
}

/// Creates a new database, from `template` or empty.
async fn create(admin: &str, template: Option<&str>) -> TestDatabase {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut conn = admin_connection(admin).await;
    let statement = match template {
        Some(template) => format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""),
        None => format!("CREATE DATABASE \"{name}\""),
    };
    // Copies of one template made at the same moment may find it busy
    // for an instant ("being accessed by other users").
    let mut attempts = 0;
    while let Err(error) = sqlx::query(&statement).execute(&mut conn).await {
        attempts += 1;
        assert!(attempts < 50, "{statement}: {error}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    TestDatabase {
        database: Database::Postgres(Secret::from(url_of(admin, &name).as_str())),
        _dir: None,
        dropped: Some((admin.to_owned(), name)),
    }
}

/// Makes the template, migrated and seeded by the server's own start-up,
/// unless the cluster has it; one test at a time, across test processes.
async fn ensure_template(admin: &str, template: &str) {
    let mut conn = admin_connection(admin).await;
    sqlx::query("SELECT pg_advisory_lock(7302)")
        .execute(&mut conn)
        .await
        .expect("template lock");
    let ready: bool = sqlx::query(
        "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)",
    )
    .bind(template)
    .fetch_one(&mut conn)
    .await
    .expect("template lookup")
    .get(0);
    if !ready {
        for statement in [
            format!("DROP DATABASE IF EXISTS \"{template}\""),
            format!("CREATE DATABASE \"{template}\""),
        ] {
            sqlx::query(&statement)
                .execute(&mut conn)
                .await
                .expect("template created");
        }
        let database = Database::Postgres(Secret::from(url_of(admin, template).as_str()));
        drop(open_store(&database).await.expect("the template opens"));
        // Nobody may stay connected to a template being copied.
        for statement in [
            format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{template}'"
            ),
            format!("ALTER DATABASE \"{template}\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"),
        ] {
            sqlx::query(&statement)
                .execute(&mut conn)
                .await
                .expect("template made");
        }
    }
    sqlx::query("SELECT pg_advisory_unlock(7302)")
        .execute(&mut conn)
        .await
        .expect("template unlock");
}

/// The tests' own pool on a database, for what the API does not show.
pub enum TestDb {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl TestDb {
    /// Runs `sql` (placeholders `$1`, `$2`...) with `binds`.
    pub async fn execute(&self, sql: &str, binds: &[i64]) {
        match self {
            TestDb::Sqlite(db) => {
                let mut query = sqlx::query(sql);
                for bind in binds {
                    query = query.bind(bind);
                }
                query.execute(db).await.expect(sql);
            }
            TestDb::Postgres(db) => {
                let mut query = sqlx::query(sql);
                for bind in binds {
                    query = query.bind(bind);
                }
                query.execute(db).await.expect(sql);
            }
        }
    }

    /// The one number `sql` selects.
    pub async fn count(&self, sql: &str) -> i64 {
        match self {
            TestDb::Sqlite(db) => sqlx::query_scalar(sql).fetch_one(db).await.expect(sql),
            TestDb::Postgres(db) => sqlx::query_scalar(sql).fetch_one(db).await.expect(sql),
        }
    }

    /// The `(text, number)` rows `sql` selects.
    pub async fn pairs(&self, sql: &str) -> Vec<(String, i64)> {
        match self {
            TestDb::Sqlite(db) => sqlx::query_as(sql).fetch_all(db).await.expect(sql),
            TestDb::Postgres(db) => sqlx::query_as(sql).fetch_all(db).await.expect(sql),
        }
    }

    /// Closes the pool.
    pub async fn close(&self) {
        match self {
            TestDb::Sqlite(db) => db.close().await,
            TestDb::Postgres(db) => db.close().await,
        }
    }
}
