//! The SQLite plan of every search, and its results against a reference
//! search written without SQL.

use std::cmp::Reverse;

use sqlx::{QueryBuilder, Row, SqlitePool};

use super::lookups::push_search;
use super::{fetch, ACCOUNTS, CASES, CONTACTS};
use crate::error::ApiResult;
use crate::rules::search::{Prefix, Search, FIELD_LIMIT, LIMIT};
use crate::rules::search_key::search_key;
use crate::store::rows::{case_from_row, contact_from_row};
use crate::store::sqlite::migrated_in_memory;
use crate::store::sqlite::search_keys::fill_missing;

fn search(q: &str) -> ApiResult<Search> {
    Search::parse(Some(q), None)
}

/// Rows written by SQL, as another program would write them, made
/// ready as the server does at start (search keys filled); then, with
/// statistics gathered (ANALYZE), every search still walks its indexes.
async fn as_at_start_with_statistics(db: &SqlitePool) {
    fill_missing(db).await.expect("search keys");
    sqlx::query("ANALYZE")
        .execute(db)
        .await
        .expect("statistics");
    assert_indexed(db).await;
}

/// Asserts that each search's plan has the expected index lookups,
/// scans no table and sorts once, the few rows the lookups found: no
/// lookup sorts its matches.
async fn assert_indexed(db: &SqlitePool) {
    let expected: [&[&str]; 3] = [
        &[
            "SEARCH contacts USING INDEX contacts_active_by_full_name \
             (full_name_key>? AND full_name_key<?)",
            "SEARCH contacts USING INDEX contacts_active_by_last_name \
             (last_name_key>? AND last_name_key<?)",
            "SEARCH contacts USING INDEX contacts_active_by_email (<expr>>? AND <expr><?)",
            "SEARCH employer USING COVERING INDEX accounts_by_name (name_key>? AND name_key<?)",
            "SEARCH staff USING INDEX contacts_active_by_account (account_id=?)",
            "SEARCH contacts USING INDEX contacts_active_by_mobile_digits \
             (mobile_digits>? AND mobile_digits<?)",
            "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
        ],
        &[
            "SEARCH accounts USING INDEX accounts_active_by_name (name_key>? AND name_key<?)",
            "SEARCH accounts USING INDEX accounts_active_by_account_number \
             (<expr>>? AND <expr><?)",
            "SEARCH accounts USING INDEX accounts_active_by_email (<expr>>? AND <expr><?)",
            "SEARCH accounts USING INDEX accounts_active_by_main_phone_digits \
             (main_phone_digits>? AND main_phone_digits<?)",
            "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)",
        ],
        &[
            "SEARCH cases USING INDEX cases_active_by_ticket_number (<expr>>? AND <expr><?)",
            "SEARCH cases USING INDEX cases_active_by_title (title_key>? AND title_key<?)",
            "SEARCH titled USING INTEGER PRIMARY KEY (rowid=?)",
            "SEARCH k USING INTEGER PRIMARY KEY (rowid=?)",
        ],
    ];
    // Queries that use every lookup: a phone number, words.
    let targets = [
        ("contacts", &CONTACTS, "+33 7"),
        ("accounts", &ACCOUNTS, "+33 7"),
        ("cases", &CASES, "Refund 48"),
    ];
    for ((name, target, q), expected) in targets.into_iter().zip(expected) {
        let search = search(q).expect("valid q");
        let mut sql = QueryBuilder::new("EXPLAIN QUERY PLAN ");
        push_search(&mut sql, target, &search);
        let plan: Vec<(i64, String)> = sql
            .build()
            .fetch_all(db)
            .await
            .expect("plan")
            .iter()
            .map(|row| (row.get("parent"), row.get("detail")))
            .collect();
        for step in expected {
            assert!(
                plan.iter().any(|(_, line)| line == step),
                "{name}: no {step:?} in {plan:#?}"
            );
        }
        // The only SCANs allowed are of a lookup's few rows and the
        // full-text index's own lookup (newest first: no sort).
        let scans: Vec<&String> = plan
            .iter()
            .map(|(_, line)| line)
            .filter(|line| {
                line.starts_with("SCAN ")
                    && !line.starts_with("SCAN (subquery-")
                    && !line.starts_with("SCAN words VIRTUAL TABLE INDEX")
            })
            .collect();
        assert!(scans.is_empty(), "{name}: {plan:#?}");
        let sorts: Vec<&(i64, String)> = plan
            .iter()
            .filter(|(_, line)| line.contains("TEMP B-TREE"))
            .collect();
        assert_eq!(
            sorts,
            [&(0, "USE TEMP B-TREE FOR ORDER BY".to_owned())],
            "{name}: {plan:#?}"
        );
    }
}

#[tokio::test]
async fn every_lookup_is_an_index_range_in_order_and_no_table_is_scanned() {
    assert_indexed(&migrated_in_memory().await).await;
}

fn search_with_limit(q: &str, limit: usize) -> Search {
    Search::parse(Some(q), Some(&limit.to_string())).expect("valid search")
}

/// A field of a reference search: a row's key in the field's order if
/// the field matches.
type Field<'f, R, K> = &'f dyn Fn(&R) -> Option<K>;

/// The search of the module header, without SQL: the indexes in `rows`
/// of the best `limit` by `order` of the first `field_limit` matches of
/// each field.
fn reference<R, K: Ord, O: Ord>(
    rows: &[R],
    fields: &[Field<'_, R, K>],
    order: impl Fn(&R) -> O,
    limit: usize,
    field_limit: usize,
) -> Vec<usize> {
    let mut found = std::collections::BTreeSet::new();
    for field in fields {
        let mut matches: Vec<(K, usize)> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, row)| Some((field(row)?, i)))
            .collect();
        matches.sort();
        found.extend(matches.into_iter().take(field_limit).map(|(_, i)| i));
    }
    let mut best: Vec<usize> = found.into_iter().collect();
    best.sort_by_key(|&i| order(&rows[i]));
    best.truncate(limit);
    best
}

/// `value` folded by `fold`, if it starts with `prefix`.
fn starting(value: Option<&str>, fold: fn(&str) -> String, prefix: &Prefix) -> Option<String> {
    let folded = fold(value?);
    folded.starts_with(&prefix.low).then_some(folded)
}

/// A contact as the reference search sees it.
struct Person {
    id: i64,
    full_name: String,
    last_name: String,
    email: Option<String>,
    mobile_digits: Option<String>,
    employer: Option<(String, i64)>,
}

#[tokio::test]
async fn each_field_gives_its_first_matches_and_the_best_of_them_are_found() {
    let db = migrated_in_memory().await;
    // 200 accounts "Company …", one in seven closed; 20,000 contacts, one
    // in twenty inactive, shuffled (j is a permutation of i) so that the
    // first rows of every field are scattered, most of them late, and
    // some of them inactive; "co" and "+33" match them all. Last, one
    // named "DOE1" only.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
         INSERT INTO accounts (id, name, account_number, email, main_phone, active)
         SELECT i, 'Company ' || i, 'ACC-' || i, 'info@company' || i || '.example',
                '+1 555 ' || (1000000 + i), i % 7 != 0 FROM n",
    )
    .execute(&db)
    .await
    .expect("accounts");
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000),
             p(i, j) AS (SELECT i, i * 7919 % 20000 FROM n)
         INSERT INTO contacts (first_name, last_name, email, mobile_phone, account_id, active)
         SELECT char(65 + j % 26) || 'lex' || (j % 500), 'Doe' || (j % 3000),
                'p' || j || '@mail.example', '+33 7' || (10000000 + j),
                CASE WHEN j % 10 != 3 THEN 1 + j % 200 END, j % 20 != 0 FROM p
         UNION ALL SELECT NULL, 'DOE1', NULL, NULL, NULL, 1",
    )
    .execute(&db)
    .await
    .expect("contacts");
    as_at_start_with_statistics(&db).await;

    let people: Vec<Person> = sqlx::query(
        "SELECT c.id, c.full_name, c.last_name, c.email, c.mobile_phone, a.name, a.id AS account
         FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id WHERE c.active",
    )
    .fetch_all(&db)
    .await
    .expect("contacts")
    .iter()
    .map(|row| Person {
        id: row.get("id"),
        full_name: row.get("full_name"),
        last_name: row.get("last_name"),
        email: row.get("email"),
        mobile_digits: row
            .get::<Option<String>, _>("mobile_phone")
            .map(|phone| phone.chars().filter(char::is_ascii_digit).collect()),
        employer: row
            .get::<Option<String>, _>("name")
            .map(|name| (name, row.get("account"))),
    })
    .collect();
    let name = |p: &Person| (search_key(&p.full_name), p.full_name.clone(), p.id);
    let best = |search: &Search, field_limit: usize| -> Vec<i64> {
        let (text, keys) = (&search.text, &search.keys);
        let ascii = str::to_ascii_lowercase;
        // The field's value, then the account's id for a company, then
        // the name.
        let key = |value: Option<String>, then: i64, p: &Person| Some((value?, then, name(p)));
        let full_name = |p: &Person| key(starting(Some(&p.full_name), search_key, keys), 0, p);
        let last_name = |p: &Person| key(starting(Some(&p.last_name), search_key, keys), 0, p);
        let email = |p: &Person| key(starting(p.email.as_deref(), ascii, text), 0, p);
        let company = |p: &Person| {
            let (employer, id) = p.employer.as_ref()?;
            key(starting(Some(employer), search_key, keys), *id, p)
        };
        let mobile = |p: &Person| {
            key(
                starting(p.mobile_digits.as_deref(), ascii, search.digits.as_ref()?),
                0,
                p,
            )
        };
        let fields: [Field<'_, Person, _>; 5] = [&full_name, &last_name, &email, &company, &mobile];
        let order = |p: &Person| {
            let (key, full_name, id) = name(p);
            (key != search.key, key, full_name, id)
        };
        let limit = usize::try_from(search.limit.rows()).expect("limit");
        reference(&people, &fields, order, limit, field_limit)
            .into_iter()
            .map(|i| people[i].id)
            .collect()
    };
    for (q, exact) in [
        // Names only: the full name's order is the result's, so the
        // best of a thousand matches.
        ("al", true),
        ("alex26", true),
        // A field with more matches than it gives, so not always the
        // best: phone, company, last name, e-mail.
        ("+33", false),
        ("co", false),
        ("doe1", false),
        ("P1", false),
    ] {
        let mut first = Vec::new();
        for limit in [LIMIT, 5] {
            let search = search_with_limit(q, limit);
            let found: Vec<i64> = fetch(&db, &search, &CONTACTS, contact_from_row)
                .await
                .expect("search")
                .iter()
                .map(|contact| contact.id)
                .collect();
            assert_eq!(found, best(&search, FIELD_LIMIT), "{q:?}, {limit}");
            if limit == LIMIT {
                assert_eq!(
                    found == best(&search, usize::MAX),
                    exact,
                    "{q:?}: the best of all matches?"
                );
                first = found;
            } else {
                assert_eq!(found[..], first[..limit], "{q:?}: not the first of more");
            }
        }
    }
    let exact = fetch(
        &db,
        &search("doe1").expect("q"),
        &CONTACTS,
        contact_from_row,
    )
    .await
    .expect("search");
    assert_eq!(exact[0].full_name, "DOE1", "the exact name first");
    let names: Vec<String> = exact[1..]
        .iter()
        .map(|c| search_key(&c.full_name))
        .collect();
    assert!(names[0].as_str() < "doe1", "names before it: {names:?}");
    assert!(names.is_sorted(), "then by name: {names:?}");
}

/// A case as the reference search sees it.
struct Ticket {
    id: i64,
    ticket_number: String,
    title: String,
    modified_at: i64,
}

#[tokio::test]
async fn each_case_field_gives_its_first_matches_and_the_best_of_them_are_found() {
    let db = migrated_in_memory().await;
    // 5,000 cases, one in five resolved, shuffled as the contacts above,
    // five by modification time.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000),
             p(i, j) AS (SELECT i, i * 7919 % 5000 FROM n)
         INSERT INTO cases (ticket_number, title, priority, status, owner, customer_kind,
                            customer_id, created_at, modified_at)
         SELECT 'CAS-' || (10000 + j),
                CASE j % 3 WHEN 0 THEN 'Refund for order ' || j
                           WHEN 1 THEN 'Order ' || j || ' refunded'
                           ELSE 'Parcel lost ' || j END,
                'normal', CASE WHEN j % 5 = 0 THEN 'resolved' ELSE 'in_progress' END,
                'Agent', 'contact', 1, j, j * 37 % 1000 FROM p",
    )
    .execute(&db)
    .await
    .expect("cases");
    as_at_start_with_statistics(&db).await;

    let tickets: Vec<Ticket> =
        sqlx::query("SELECT id, ticket_number, title, modified_at FROM cases WHERE active")
            .fetch_all(&db)
            .await
            .expect("cases")
            .iter()
            .map(|row| Ticket {
                id: row.get("id"),
                ticket_number: row.get("ticket_number"),
                title: row.get("title"),
                modified_at: row.get("modified_at"),
            })
            .collect();
    let words = |text: &str| -> Vec<String> {
        text.to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect()
    };
    for (q, what) in [
        ("cas-1", "ticket numbers"),
        ("refund", "titles and words"),
        ("order 1", "titles and words"),
    ] {
        let search = search(q).expect("valid q");
        let newest = |t: &Ticket| (Reverse(t.modified_at), Reverse(t.id));
        let ticket = |t: &Ticket| {
            let number = starting(
                Some(&t.ticket_number),
                str::to_ascii_lowercase,
                &search.text,
            );
            Some((number?, newest(t)))
        };
        let title = |t: &Ticket| {
            Some((
                starting(Some(&t.title), search_key, &search.keys)?,
                newest(t),
            ))
        };
        // The FTS5 query: the words of `q` in a row, the last a prefix;
        // the last created first.
        let phrase = words(q);
        let (last, whole) = phrase.split_last().expect("a word");
        let word = |t: &Ticket| {
            words(&t.title)
                .windows(phrase.len())
                .any(|run| run[..whole.len()] == *whole && run[whole.len()].starts_with(last))
                .then(|| (String::new(), (Reverse(0), Reverse(t.id))))
        };
        let fields: [Field<'_, Ticket, _>; 3] = [&ticket, &title, &word];
        let order = |t: &Ticket| {
            let exact = t.ticket_number.to_ascii_lowercase() == search.folded;
            (!exact, newest(t))
        };
        let best: Vec<i64> = reference(&tickets, &fields, order, LIMIT, FIELD_LIMIT)
            .into_iter()
            .map(|i| tickets[i].id)
            .collect();
        let found: Vec<i64> = fetch(&db, &search, &CASES, case_from_row)
            .await
            .expect("search")
            .iter()
            .map(|case| case.id)
            .collect();
        assert_eq!(found, best, "{q:?}: {what}");
        assert_eq!(found.len(), LIMIT, "{q:?}");
    }
    let exact = fetch(&db, &search("CAS-10001").expect("q"), &CASES, case_from_row)
        .await
        .expect("search");
    assert_eq!(exact[0].ticket_number, "CAS-10001");
}
