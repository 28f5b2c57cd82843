//! PostgreSQL's plans of every search field at 100,000 contacts (and as
//! many accounts and cases): each field's lookup is a scan of its index,
//! in order, under its LIMIT; no table is read whole and no field's
//! matches are all read and sorted; but for a word of a case title, which
//! has no index (see below). Needs a cluster
//! (`CS_TEST_POSTGRES`, as the API tests); `scripts/test.sh` runs it.

use sqlx::{Connection, PgConnection, PgPool, QueryBuilder, Row};

use super::{push_search, Target, ACCOUNTS, CASES, CONTACTS};
use crate::rules::search::Search;
use crate::store::postgres::search_pool;

/// A new database on the cluster (dropped by the next run's), migrated,
/// holding 100,000 active contacts (a few hundred sharing each last
/// name, 2,000 working for each of the first 50 accounts), accounts and
/// cases, analysed.
async fn large_database() -> PgPool {
    let admin = std::env::var("CS_TEST_POSTGRES")
        .expect("CS_TEST_POSTGRES names the PostgreSQL cluster to test on");
    let name = format!("search_plan_{}", std::process::id());
    let mut conn = PgConnection::connect(&admin).await.expect("the cluster");
    for statement in [
        format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
        format!("CREATE DATABASE \"{name}\""),
    ] {
        sqlx::query(&statement)
            .execute(&mut conn)
            .await
            .expect(&statement);
    }
    let (cluster, _) = admin.rsplit_once('/').expect("a database URL");
    let db = search_pool()
        .connect(&format!("{cluster}/{name}"))
        .await
        .expect("the database");
    sqlx::migrate!("./migrations-postgres")
        .run(&db)
        .await
        .expect("migrations");
    sqlx::raw_sql(
        "INSERT INTO accounts (name, name_key, account_number, email, main_phone)
         SELECT 'Company ' || i, 'company ' || i, 'ACC-' || i, 'info@company' || i || '.example',
                '+1 555 ' || lpad(i::text, 6, '0')
         FROM generate_series(1, 100000) i;
         INSERT INTO contacts (first_name, last_name, full_name_key, last_name_key, email,
                mobile_phone, account_id)
         SELECT 'First' || i, 'Last' || (i % 300), 'first' || i || ' last' || (i % 300),
                'last' || (i % 300), 'person' || i || '@mail.example',
                '+44 7700 ' || lpad(i::text, 6, '0'), 1 + i % 50
         FROM generate_series(1, 100000) i;
         INSERT INTO cases (ticket_number, title, title_key, title_words, priority, status,
                owner, customer_kind, customer_id, created_at, modified_at)
         SELECT 'CAS-' || lpad(i::text, 6, '0') || '-X1Y2Z3', 'Refund for order ' || i,
                'refund for order ' || i, 'refund for order ' || i, 'normal', 'in_progress',
                'Agent', 'contact', i, i, i
         FROM generate_series(1, 100000) i;
         ANALYZE;",
    )
    .execute(&db)
    .await
    .expect("the rows");
    db
}

/// The lines of the plan the server runs for `target`'s search for `q`:
/// the generic plan of its prepared statement (`search_pool`), which
/// the values bound do not change (so they are all null here).
async fn plan(db: &PgPool, target: &Target, q: &str) -> Vec<String> {
    let search = Search::parse(Some(q), None).expect("a valid search");
    let mut sql = QueryBuilder::new("");
    push_search(&mut sql, target, &search);
    let statement = sql.sql();
    let parameters = statement.matches('$').count();
    let nulls = vec!["NULL"; parameters].join(", ");
    let mut conn = db.acquire().await.expect("a connection");
    sqlx::raw_sql(&format!("PREPARE search AS {statement}"))
        .execute(&mut *conn)
        .await
        .expect("the search prepared");
    let rows = sqlx::raw_sql(&format!("EXPLAIN EXECUTE search({nulls})"))
        .fetch_all(&mut *conn)
        .await
        .expect("a plan");
    sqlx::raw_sql("DEALLOCATE search")
        .execute(&mut *conn)
        .await
        .expect("deallocated");
    rows.iter().map(|row| row.get::<String, _>(0)).collect()
}

#[tokio::test]
#[ignore = "needs a PostgreSQL cluster (CS_TEST_POSTGRES); scripts/test.sh runs it"]
async fn at_100000_rows_every_search_field_is_an_index_scan_under_its_limit() {
    let db = large_database().await;
    // Each `q` matches thousands of rows by the field of its index.
    let cases: [(&Target, &str, &[&str]); 11] = [
        (&CONTACTS, "first1", &["contacts_active_by_full_name"]),
        (&CONTACTS, "last1", &["contacts_active_by_last_name"]),
        (&CONTACTS, "person1", &["contacts_active_by_email"]),
        // By company: the first accounts in order, and the first of each
        // one's staff (regression: an account's whole staff was read and
        // sorted, 2 ms a search at 2,000 contacts an account).
        (
            &CONTACTS,
            "company 1",
            &["accounts_by_name", "contacts_active_by_account"],
        ),
        (&CONTACTS, "+44 7700", &["contacts_active_by_mobile_digits"]),
        (&ACCOUNTS, "company 1", &["accounts_active_by_name"]),
        (&ACCOUNTS, "acc-1", &["accounts_active_by_account_number"]),
        (&ACCOUNTS, "info@company1", &["accounts_active_by_email"]),
        (
            &ACCOUNTS,
            "+1 555",
            &["accounts_active_by_main_phone_digits"],
        ),
        (&CASES, "cas-0", &["cases_active_by_ticket_number"]),
        (&CASES, "refund for", &["cases_active_by_title"]),
    ];
    for (target, q, indexes) in cases {
        let plan = plan(&db, target, q).await;
        let text = plan.join("\n");
        for index in indexes {
            // The scan of the index sits right under its lookup's LIMIT:
            // its last scan, as a company's staff come after the accounts
            // (whose check that they have staff reads the same index).
            let scan = plan
                .iter()
                .rposition(|line| line.contains(&format!(" using {index} on ")))
                .unwrap_or_else(|| panic!("{q:?}: no scan of {index}:\n{text}"));
            let limit = plan[..scan]
                .iter()
                .rposition(|line| line.contains("Limit"))
                .unwrap_or_else(|| panic!("{q:?}: {index} not under a LIMIT:\n{text}"));
            assert!(
                plan[limit + 1..scan]
                    .iter()
                    .all(|line| !line.trim_start().starts_with("->  Sort  ")),
                "{q:?}: {index}'s matches are sorted, not read in order:\n{text}"
            );
        }
        // The one exception: a word of a case title (`Lookup::Words`) has
        // no index of its own; the planner walks the active cases newest
        // first, or reads them all when it expects few matches.
        let whole = plan
            .iter()
            .filter(|line| line.contains("Seq Scan"))
            .filter(|line| !(target.alias == CASES.alias && line.contains("Seq Scan on cases")));
        assert_eq!(whole.count(), 0, "{q:?}: a table is read whole:\n{text}");
        assert!(
            !text.contains("Bitmap Heap Scan"),
            "{q:?}: a lookup reads all its matches:\n{text}"
        );
        assert!(text.contains("$1"), "{q:?}: not the generic plan:\n{text}");
    }
    db.close().await;
}
