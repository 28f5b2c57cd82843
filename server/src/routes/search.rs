//! Search of active records by the product's default search fields:
//! contacts and accounts (`GET /customers`), cases (`GET /cases`).
//!
//! Every "starts with" is a range over an index, `key >= p AND key <
//! successor(p)`, so the text is matched literally (`%`, `_`, quotes and
//! backslashes are plain characters). Names and titles are compared by
//! their search keys (`search_key.rs`), ignoring case and accents in every
//! script: "muller" and "MÜLL" find "Müller". E-mails, account and ticket
//! numbers, ASCII in practice, are compared by `lower(column)`, ignoring the
//! case of ASCII letters, the ones SQLite's `lower()` folds; phones by
//! their digits. A word of a case title is found by the full-text index,
//! whose tokenizer (unicode61) also ignores case and accents.
//!
//! The work of a search is bounded by its limit, not by the size of the
//! table nor by how many rows match. Each field is one lookup that walks
//! an index of active rows from the start of its range, in the field's
//! order and then the result's, and stops after the first [`FIELD_LIMIT`]
//! (passing over only accounts without active staff for a company, closed
//! cases for words). The results are the best `limit` of the rows the
//! lookups found, in the result's order. So:
//! - when no field matches more than [`FIELD_LIMIT`] rows, the results are
//!   exactly the best `limit` of all matches;
//! - a field whose order is the result's (a contact's full name, an
//!   account's name, both by key) always gives its best matches, exact
//!   ones first; a first name is where the full name starts, so it needs
//!   no lookup;
//! - a field with more matches gives only its first [`FIELD_LIMIT`] in its
//!   own order, e.g. the last names "Bra…" before "Bro…", each by name:
//!   every result matches and they are in order, but a better match of
//!   that field may be left out;
//! - a smaller `limit` gives the first results of a larger one.

use axum::extract::State;
use axum::Json;
use customer_summary_model::{Case, Customer, CustomerKind};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use super::params::{Limit, QueryParams};
use super::records::{
    account_from_row, case_from_row, contact_from_row, ACCOUNT_SELECT, CASE_SELECT, CONTACT_SELECT,
};
use crate::error::{ApiError, ApiResult};
use crate::search_key::search_key;
use crate::AppState;

/// The default and the largest number of results.
const LIMIT: usize = 20;

/// How many rows each field's lookup gives at most: the largest `limit`,
/// so that a smaller one gives the first results of a larger one.
const FIELD_LIMIT: usize = LIMIT;

/// The shortest `q`, in characters, after trimming.
const MIN_QUERY: usize = 2;

/// The separators a phone number may contain besides digits.
const PHONE_SEPARATORS: &str = " -.()+";

/// What may join the letters of a word besides letters and digits.
const WORD_JOINERS: &str = "-'’.";

/// A validated search and the ranges it selects.
struct Search {
    /// `q` trimmed and lower-cased as SQLite's `lower()` does (ASCII only).
    folded: String,
    /// Values starting with `folded`.
    text: Prefix,
    /// `q` trimmed, as a search key.
    key: String,
    /// Keys starting with `key`.
    keys: Prefix,
    /// Digits starting with those of `q`, when `q` looks like a phone number.
    digits: Option<Prefix>,
    /// An FTS5 query: the words of `q` as a phrase, the last one a prefix;
    /// only when `q` is made of words, so that symbols the word index
    /// ignores (`%`, `_`, `<`, `=`, quotes ...) never match as separators.
    words: Option<String>,
    limit: Limit,
}

impl Search {
    /// Reads `q` (at least [`MIN_QUERY`] characters once trimmed) and
    /// `limit` (1 to [`LIMIT`]).
    fn parse(query: &QueryParams) -> ApiResult<Self> {
        let q = query.get("q").unwrap_or_default().trim();
        if q.chars().count() < MIN_QUERY {
            return Err(ApiError::bad_parameter(
                "q",
                format!("q must be at least {MIN_QUERY} characters, got {q:?}"),
            ));
        }
        let limit = query.limit_up_to(LIMIT, LIMIT)?;
        let phone_like = q.chars().any(|c| c.is_ascii_digit())
            && q.chars()
                .all(|c| c.is_ascii_digit() || PHONE_SEPARATORS.contains(c));
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        let folded = q.to_ascii_lowercase();
        let key = search_key(q);
        Ok(Search {
            text: Prefix::new(&folded),
            keys: Prefix::new(&key),
            key,
            digits: phone_like.then(|| Prefix::new(&digits)),
            words: q
                .chars()
                .all(|c| c.is_alphanumeric() || c.is_whitespace() || WORD_JOINERS.contains(c))
                .then(|| format!("\"{q}\" *")),
            folded,
            limit,
        })
    }
}

/// The strings that start with `low`: `low <= s < high`, or `low <= s`
/// when nothing bounds them.
#[derive(Debug, PartialEq, Eq)]
struct Prefix {
    low: String,
    high: Option<String>,
}

impl Prefix {
    fn new(prefix: &str) -> Self {
        Prefix {
            low: prefix.to_owned(),
            high: successor(prefix),
        }
    }
}

/// The least string greater than every string starting with `prefix`:
/// its last character that can be incremented, incremented, and the rest
/// dropped. SQLite compares text byte by byte, and UTF-8 byte order is
/// code point order, so this bounds the range exactly.
fn successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            _ => char::from_u32(u32::from(last) + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// One lookup of the ids of at most [`FIELD_LIMIT`] active rows.
enum Lookup<'a> {
    /// The first rows by `order` of `select AND column` in `prefix`.
    /// `select` filters active rows and names their index on `column`,
    /// then `order` (INDEXED BY), so the lookup walks a range of that index
    /// in order and stops early whatever the statistics say, or fails if
    /// the index is gone.
    Range {
        select: &'static str,
        column: &'static str,
        prefix: &'a Prefix,
        order: &'static str,
    },
    /// The last created active cases whose title has the words of the
    /// FTS5 query, newest first.
    Words(&'a str),
}

/// A [`Lookup::Range`].
fn range<'a>(
    select: &'static str,
    column: &'static str,
    prefix: &'a Prefix,
    order: &'static str,
) -> Lookup<'a> {
    Lookup::Range {
        select,
        column,
        prefix,
        order,
    }
}

/// What a search selects from one table.
struct Target {
    /// One of the `*_SELECT` queries of `records`.
    select: &'static str,
    /// Its main table's alias, whose `id` column is used.
    alias: &'static str,
    /// The lookups that find the ids of matching active rows.
    lookups: for<'a> fn(&'a Search) -> Vec<Lookup<'a>>,
    /// A column, and `q` folded as it is, compared to put exact matches
    /// first.
    exact: for<'a> fn(&'a Search) -> (&'static str, &'a str),
    /// The order after exact matches.
    order: &'static str,
}

/// Contacts by full (so also first) or last name, e-mail, company (their
/// account's name) or mobile phone digits, each field in its order and
/// then by name; exact full names first, then by name.
const CONTACTS: Target = Target {
    select: CONTACT_SELECT,
    alias: "c",
    lookups: |search| {
        let keys = &search.keys;
        let mut lookups = vec![
            range(
                "SELECT id FROM contacts INDEXED BY contacts_active_by_full_name WHERE active",
                "full_name_key",
                keys,
                "full_name_key, full_name, id",
            ),
            range(
                "SELECT id FROM contacts INDEXED BY contacts_active_by_last_name WHERE active",
                "last_name_key",
                keys,
                "last_name_key, full_name_key, full_name, id",
            ),
            range(
                "SELECT id FROM contacts INDEXED BY contacts_active_by_email WHERE active",
                "lower(email)",
                &search.text,
                "lower(email), full_name_key, full_name, id",
            ),
            range(
                "SELECT staff.id FROM accounts employer INDEXED BY accounts_by_name
                 JOIN contacts staff INDEXED BY contacts_active_by_account
                     ON staff.account_id = employer.id
                 WHERE staff.active",
                "employer.name_key",
                keys,
                "employer.name_key, employer.id,
                 staff.full_name_key, staff.full_name, staff.id",
            ),
        ];
        if let Some(digits) = &search.digits {
            lookups.push(range(
                "SELECT id FROM contacts INDEXED BY contacts_active_by_mobile_digits WHERE active",
                "mobile_digits",
                digits,
                "mobile_digits, full_name_key, full_name, id",
            ));
        }
        lookups
    },
    exact: |search| ("c.full_name_key", &search.key),
    order: "c.full_name_key, c.full_name, c.id",
};

/// Accounts by name, account number, e-mail or main phone digits, each
/// field in its order and then by name; exact names first, then by name.
const ACCOUNTS: Target = Target {
    select: ACCOUNT_SELECT,
    alias: "a",
    lookups: |search| {
        let text = &search.text;
        let mut lookups = vec![
            range(
                "SELECT id FROM accounts INDEXED BY accounts_active_by_name WHERE active",
                "name_key",
                &search.keys,
                "name_key, name, id",
            ),
            range(
                "SELECT id FROM accounts INDEXED BY accounts_active_by_account_number WHERE active",
                "lower(account_number)",
                text,
                "lower(account_number), name_key, name, id",
            ),
            range(
                "SELECT id FROM accounts INDEXED BY accounts_active_by_email WHERE active",
                "lower(email)",
                text,
                "lower(email), name_key, name, id",
            ),
        ];
        if let Some(digits) = &search.digits {
            lookups.push(range(
                "SELECT id FROM accounts INDEXED BY accounts_active_by_main_phone_digits
                 WHERE active",
                "main_phone_digits",
                digits,
                "main_phone_digits, name_key, name, id",
            ));
        }
        lookups
    },
    exact: |search| ("a.name_key", &search.key),
    order: "a.name_key, a.name, a.id",
};

/// Cases by ticket number or title, each in its order and then the most
/// recently modified first, or by a word of the title, the last created
/// first; the exact ticket number first, then the most recently modified.
const CASES: Target = Target {
    select: CASE_SELECT,
    alias: "k",
    lookups: |search| {
        let mut lookups = vec![
            range(
                "SELECT id FROM cases INDEXED BY cases_active_by_ticket_number WHERE active",
                "lower(ticket_number)",
                &search.text,
                "lower(ticket_number), modified_at DESC, id DESC",
            ),
            range(
                "SELECT id FROM cases INDEXED BY cases_active_by_title WHERE active",
                "title_key",
                &search.keys,
                "title_key, modified_at DESC, id DESC",
            ),
        ];
        lookups.extend(search.words.as_deref().map(Lookup::Words));
        lookups
    },
    exact: |search| ("lower(k.ticket_number)", &search.folded),
    order: "k.modified_at DESC, k.id DESC",
};

/// Appends the search of `target`: the rows of the lookups' ids, exact
/// matches first, at most `limit`.
fn push_search<'a>(sql: &mut QueryBuilder<'a, Sqlite>, target: &Target, search: &'a Search) {
    let alias = target.alias;
    let (exact, folded) = (target.exact)(search);
    sql.push(target.select)
        .push(format!(" WHERE {alias}.id IN ("));
    push_lookups(sql, &(target.lookups)(search));
    sql.push(format!(") ORDER BY {exact} = "))
        .push_bind(folded)
        .push(format!(" DESC, {} LIMIT ", target.order))
        .push_bind(search.limit.rows());
}

/// Runs the search of `target` and decodes its rows.
async fn fetch<T>(
    db: &SqlitePool,
    search: &Search,
    target: &Target,
    decode: fn(&SqliteRow) -> Result<T, sqlx::Error>,
) -> Result<Vec<T>, sqlx::Error> {
    let mut sql = QueryBuilder::new("");
    push_search(&mut sql, target, search);
    let rows = sql.build().fetch_all(db).await?;
    rows.iter().map(decode).collect()
}

/// `GET /customers?q=&limit=`: active contacts and accounts, mixed, exact
/// name matches first, then by name, then by id.
pub async fn customers(
    State(state): State<AppState>,
    query: QueryParams,
) -> ApiResult<Json<Vec<Customer>>> {
    let search = Search::parse(&query)?;
    // Each query returns its best `limit` rows in the shared order, so the
    // best `limit` of both are among them.
    let (contacts, accounts) = tokio::try_join!(
        fetch(&state.db, &search, &CONTACTS, contact_from_row),
        fetch(&state.db, &search, &ACCOUNTS, account_from_row),
    )?;
    let mut found: Vec<Customer> = contacts
        .into_iter()
        .map(Customer::Contact)
        .chain(accounts.into_iter().map(Customer::Account))
        .collect();
    found.sort_by_cached_key(|customer| {
        let name = customer.display_name();
        let key = search_key(name);
        let reference = customer.reference();
        (
            key != search.key,
            key,
            name.to_owned(),
            reference.id,
            reference.kind == CustomerKind::Account,
        )
    });
    Ok(Json(search.limit.page(found).0))
}

/// `GET /cases?q=&limit=`: active cases whose ticket number or title
/// starts with `q`, or whose title has a word starting with `q`.
pub async fn cases(
    State(state): State<AppState>,
    query: QueryParams,
) -> ApiResult<Json<Vec<Case>>> {
    let search = Search::parse(&query)?;
    Ok(Json(
        fetch(&state.db, &search, &CASES, case_from_row).await?,
    ))
}

/// Appends `lookups` joined by UNION ALL: `IN (...)` keeps each id once.
/// Each is a subquery, the only place its ORDER BY and LIMIT may go.
fn push_lookups<'a>(sql: &mut QueryBuilder<'a, Sqlite>, lookups: &[Lookup<'a>]) {
    for (i, lookup) in lookups.iter().enumerate() {
        if i > 0 {
            sql.push(" UNION ALL ");
        }
        sql.push("SELECT id FROM (");
        match lookup {
            Lookup::Range {
                select,
                column,
                prefix,
                order,
            } => {
                // `|| ''` hides the bounds from the planner's samples of the
                // index (STAT4, after an ANALYZE): seeing a range they hold
                // few rows of, it may choose to read and sort all of it,
                // however many rows it really has.
                sql.push(select)
                    .push(" AND ")
                    .push(column)
                    .push(" >= ")
                    .push_bind(prefix.low.as_str())
                    .push(" || ''");
                if let Some(high) = &prefix.high {
                    sql.push(" AND ")
                        .push(column)
                        .push(" < ")
                        .push_bind(high.as_str())
                        .push(" || ''");
                }
                sql.push(" ORDER BY ").push(order);
            }
            Lookup::Words(words) => {
                // CROSS JOIN keeps the full-text index outside, walked newest
                // first, and NOT INDEXED makes the case a rowid lookup: the
                // planner may otherwise walk all active cases, by an index of
                // them, for each match or once to probe the full-text index.
                sql.push(
                    "SELECT words.rowid AS id FROM cases_fts words
                     CROSS JOIN cases titled NOT INDEXED ON titled.id = words.rowid
                     WHERE titled.active AND words.cases_fts MATCH ",
                )
                .push_bind(*words)
                .push(" ORDER BY words.rowid DESC");
            }
        }
        sql.push(format!(" LIMIT {FIELD_LIMIT})"));
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Reverse;

    use sqlx::Row;

    use super::*;
    use crate::db::migrated_in_memory;
    use crate::search_key::fill_missing;

    fn search(q: &str) -> ApiResult<Search> {
        Search::parse(&[("q".to_owned(), q.to_owned())].into_iter().collect())
    }

    #[test]
    fn a_prefix_range_holds_exactly_the_strings_that_start_with_it() {
        assert_eq!(successor("ab").as_deref(), Some("ac"));
        assert_eq!(successor("a%").as_deref(), Some("a&"));
        assert_eq!(successor("z\u{D7FF}").as_deref(), Some("z\u{E000}"));
        assert_eq!(successor("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(successor("\u{10FFFF}"), None);
        let range = Prefix::new("o'b");
        for inside in ["o'b", "o'brien", "o'b\u{10FFFF}x"] {
            assert!(inside >= range.low.as_str() && Some(inside) < range.high.as_deref());
        }
        for outside in ["o'a", "o'c", "o''b", "o_b"] {
            assert!(!(outside >= range.low.as_str() && Some(outside) < range.high.as_deref()));
        }
    }

    #[test]
    fn q_is_trimmed_needs_two_characters_and_digits_only_when_phone_like() {
        for short in ["", " ", "a", " é "] {
            let error = search(short).err();
            assert!(
                matches!(&error, Some(ApiError::BadParameter { field, .. }) if field == "q"),
                "{short:?}"
            );
        }
        let parsed = search("  MaRiA O'\"x  ").expect("valid");
        assert_eq!(parsed.folded, "maria o'\"x");
        assert_eq!(parsed.words, None, "a quote is not part of a word");
        assert_eq!(parsed.digits, None);
        let words = search("Wi-Fi O’Brien 4.2").expect("valid").words;
        assert_eq!(words.as_deref(), Some("\"Wi-Fi O’Brien 4.2\" *"));
        for symbols in ["%a", "a_b", "<script>", "' OR 1=1 --"] {
            assert_eq!(search(symbols).expect("valid").words, None, "{symbols}");
        }
        let phone = search("+33 (7) 12").expect("valid");
        assert_eq!(phone.digits, Some(Prefix::new("33712")));
        assert_eq!(search("a1").expect("valid").digits, None);
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
        Search::parse(
            &[
                ("q".to_owned(), q.to_owned()),
                ("limit".to_owned(), limit.to_string()),
            ]
            .into_iter()
            .collect(),
        )
        .expect("valid search")
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
            let fields: [Field<'_, Person, _>; 5] =
                [&full_name, &last_name, &email, &company, &mobile];
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
}
