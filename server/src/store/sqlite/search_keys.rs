//! The search-key columns in SQLite (migration 0005: contacts' full and
//! last names, accounts' names, cases' titles), each the
//! `rules::search_key` of its text column.
//!
//! A function of ours in an index would make the database unwritable to
//! any other program (the benchmark's `contacts.py`), so the keys are
//! stored columns: the store's INSERTs set them; when the server opens the
//! database, [`fill_missing`] computes those that other rows lack: the
//! bulk path's, rows from before the keys, rows other programs wrote.

use sqlx::{Row, SqliteConnection, SqlitePool};

use crate::rules::search_key::search_key;

/// A table with key columns, each the key of a text column.
struct Keyed {
    table: &'static str,
    /// `(text column, key column)`.
    columns: &'static [(&'static str, &'static str)],
}

impl Keyed {
    /// Its columns, each written by `item` with its position, joined by
    /// `separator`.
    fn list(&self, item: fn(usize, &str, &str) -> String, separator: &str) -> String {
        let items = self.columns.iter().enumerate();
        let items: Vec<String> = items.map(|(i, (text, key))| item(i, text, key)).collect();
        items.join(separator)
    }

    /// The condition of a row that lacks a key.
    fn missing(&self) -> String {
        format!(
            "({})",
            self.list(|_, _, key| format!("{key} IS NULL"), " OR ")
        )
    }
}

const KEYED: [Keyed; 3] = [
    Keyed {
        table: "contacts",
        columns: &[
            ("full_name", "full_name_key"),
            ("last_name", "last_name_key"),
        ],
    },
    Keyed {
        table: "accounts",
        columns: &[("name", "name_key")],
    },
    Keyed {
        table: "cases",
        columns: &[("title", "title_key")],
    },
];

/// How many rows one statement of [`fill_missing`] fills.
const BATCH: i64 = 5000;

/// Sets every missing key of every keyed table, one transaction per table
/// (the server does not serve yet: holding the write lock for a second
/// harms nobody, and the indexes are never left dropped).
///
/// When more than a tenth of a table's rows lack keys, as when another
/// program has just added many (the benchmark's 100,000 contacts), the
/// indexes on its key columns are dropped first and created again after:
/// building an index sorts its rows once, while filling keys in place
/// moves each row within every such index, several times slower.
pub(super) async fn fill_missing(db: &SqlitePool) -> Result<(), sqlx::Error> {
    for keyed in &KEYED {
        let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
        let (rows, missing): (i64, i64) = sqlx::query_as(&format!(
            "SELECT count(*), count(*) FILTER (WHERE {}) FROM {}",
            keyed.missing(),
            keyed.table
        ))
        .fetch_one(&mut *tx)
        .await?;
        if missing > 0 {
            let indexes = if missing * 10 > rows {
                drop_key_indexes(&mut tx, keyed).await?
            } else {
                Vec::new()
            };
            let mut after = 0;
            while let Some(last) = fill_batch(&mut tx, keyed, after).await? {
                after = last;
            }
            for index in &indexes {
                sqlx::raw_sql(index).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Drops the indexes of `keyed`'s table that hold one of its key columns;
/// returns the statements that create them again, as the schema stores
/// them (written by the migrations).
async fn drop_key_indexes(
    conn: &mut SqliteConnection,
    keyed: &Keyed,
) -> Result<Vec<String>, sqlx::Error> {
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_schema
         WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
    )
    .bind(keyed.table)
    .fetch_all(&mut *conn)
    .await?;
    let mut dropped = Vec::new();
    for (name, sql) in indexes {
        if keyed.columns.iter().any(|(_, key)| sql.contains(key)) {
            sqlx::raw_sql(&format!("DROP INDEX \"{name}\""))
                .execute(&mut *conn)
                .await?;
            dropped.push(sql);
        }
    }
    Ok(dropped)
}

/// Fills the keys of the first [`BATCH`] rows after id `after` that lack
/// one; returns the id of the last row read, or `None` when none was left.
async fn fill_batch(
    conn: &mut SqliteConnection,
    keyed: &Keyed,
    after: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let select = format!(
        "SELECT id, {} FROM {} WHERE id > ? AND {} ORDER BY id LIMIT ?",
        keyed.list(|_, text, _| text.to_owned(), ", "),
        keyed.table,
        keyed.missing(),
    );
    let rows = sqlx::query(&select)
        .bind(after)
        .bind(BATCH)
        .fetch_all(&mut *conn)
        .await?;
    // One statement for the batch, its keys as a JSON array of
    // `[id, key...]`: a statement per row costs more in round trips to
    // the connection's thread than SQLite takes to run it.
    let mut filled = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut keys = vec![serde_json::Value::from(row.try_get::<i64, _>(0)?)];
        for i in 1..=keyed.columns.len() {
            keys.push(search_key(row.try_get(i)?).into());
        }
        filled.push(serde_json::Value::Array(keys));
    }
    let update = format!(
        "UPDATE {0} SET {1} FROM json_each(?) AS filled WHERE {0}.id = filled.value ->> 0",
        keyed.table,
        keyed.list(
            |i, _, key| format!("{key} = filled.value ->> {}", i + 1),
            ", "
        ),
    );
    sqlx::query(&update)
        .bind(serde_json::Value::Array(filled).to_string())
        .execute(&mut *conn)
        .await?;
    rows.last().map(|row| row.try_get(0)).transpose()
}

#[cfg(test)]
mod tests {
    // Only SQLite's keys can be missing: other programs write its file
    // (the benchmark's contacts.py), and databases from before the keys.
    #[tokio::test]
    async fn a_database_whose_keys_are_missing_gets_them_when_opened() {
        let dir = tempfile::TempDir::new().expect("temporary directory");
        let path = dir.path().join("keys.db");
        let keys = |db: sqlx::SqlitePool| async move {
            let mut keys: Vec<Option<String>> = sqlx::query_scalar(
                "SELECT 'contact ' || id || ': ' || full_name_key || '/' || last_name_key
                     FROM contacts
                 UNION ALL SELECT 'account ' || id || ': ' || name_key FROM accounts
                 UNION ALL SELECT 'case ' || id || ': ' || title_key FROM cases",
            )
            .fetch_all(&db)
            .await
            .expect("keys");
            keys.sort();
            keys
        };
        let db = super::super::open(&path, crate::seed::demo)
            .await
            .expect("first open");
        let mut seeded = keys(db.clone()).await;
        assert!(seeded.contains(&Some("contact 1: zoe lefevre/lefevre".to_owned())));
        // As in a database from before the keys, or rows another program wrote.
        sqlx::query(
            "UPDATE contacts SET full_name_key = NULL, last_name_key = NULL;
             UPDATE accounts SET name_key = NULL;
             UPDATE cases SET title_key = NULL;
             INSERT INTO contacts (id, first_name, last_name) VALUES (1000, 'Ëva', 'ÑÚÑEZ')",
        )
        .execute(&db)
        .await
        .expect("keys removed");
        db.close().await;

        let db = super::super::open(&path, crate::seed::demo)
            .await
            .expect("second open");
        seeded.push(Some("contact 1000: eva nunez/nunez".to_owned()));
        seeded.sort();
        assert_eq!(keys(db.clone()).await, seeded, "all keys, indexes rebuilt");
        // A few rows lacking keys are filled in place.
        sqlx::query("INSERT INTO accounts (id, name) VALUES (1000, 'CAFÉ Ø')")
            .execute(&db)
            .await
            .expect("an account");
        db.close().await;
        let db = super::super::open(&path, crate::seed::demo)
            .await
            .expect("third open");
        seeded.push(Some("account 1000: cafe ø".to_owned()));
        seeded.sort();
        assert_eq!(keys(db).await, seeded, "the new key");
    }
}
