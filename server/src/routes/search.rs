//! Search of active records by the product's default search fields:
//! contacts and accounts (`GET /customers`), cases (`GET /cases`).
//!
//! Every "starts with" is a range over an index, `lower(column) >= p AND
//! lower(column) < successor(p)`, so the text is matched literally (`%`,
//! `_`, quotes and backslashes are plain characters) and case-insensitively
//! for ASCII letters, the ones SQLite's `lower()` folds. A search is a
//! UNION of one indexed lookup per column: it reads only the rows that
//! match, whatever the size of the table.

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
use crate::AppState;

/// The default and the largest number of results.
const LIMIT: usize = 20;

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
        Ok(Search {
            text: Prefix::new(&folded),
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

/// One indexed lookup of ids.
enum Lookup<'a> {
    /// `select WHERE column` in `prefix`. `select` names the index on
    /// `column` (INDEXED BY), so the lookup is a range of that index
    /// whatever the statistics say, or an error if the index is gone.
    Range {
        select: &'static str,
        column: &'static str,
        prefix: &'a Prefix,
    },
    /// Cases whose title has the words of the FTS5 query.
    Words(&'a str),
}

/// A [`Lookup::Range`].
fn range<'a>(select: &'static str, column: &'static str, prefix: &'a Prefix) -> Lookup<'a> {
    Lookup::Range {
        select,
        column,
        prefix,
    }
}

/// What a search selects from one table.
struct Target {
    /// One of the `*_SELECT` queries of `records`.
    select: &'static str,
    /// Its main table's alias, whose `id` and `active` columns are used.
    alias: &'static str,
    /// The lookups that find the ids of matching rows.
    lookups: for<'a> fn(&'a Search) -> Vec<Lookup<'a>>,
    /// Compared with `q`, to put exact matches first.
    exact: &'static str,
    /// The order after exact matches.
    order: &'static str,
}

/// Contacts by full, first or last name, e-mail, company (their account's
/// name) or mobile phone digits; exact full names first, then by name.
const CONTACTS: Target = Target {
    select: CONTACT_SELECT,
    alias: "c",
    lookups: |search| {
        let text = &search.text;
        let mut lookups = vec![
            range(
                "SELECT id FROM contacts INDEXED BY contacts_by_full_name",
                "lower(full_name)",
                text,
            ),
            range(
                "SELECT id FROM contacts INDEXED BY contacts_by_first_name",
                "lower(first_name)",
                text,
            ),
            range(
                "SELECT id FROM contacts INDEXED BY contacts_by_last_name",
                "lower(last_name)",
                text,
            ),
            range(
                "SELECT id FROM contacts INDEXED BY contacts_by_email",
                "lower(email)",
                text,
            ),
            range(
                "SELECT staff.id FROM accounts employer INDEXED BY accounts_by_name
                 JOIN contacts staff INDEXED BY contacts_by_account
                     ON staff.account_id = employer.id",
                "lower(employer.name)",
                text,
            ),
        ];
        if let Some(digits) = &search.digits {
            lookups.push(range(
                "SELECT id FROM contacts INDEXED BY contacts_by_mobile_digits",
                "mobile_digits",
                digits,
            ));
        }
        lookups
    },
    exact: "lower(c.full_name)",
    order: "lower(c.full_name), c.full_name, c.id",
};

/// Accounts by name, account number, e-mail or main phone digits; exact
/// names first, then by name.
const ACCOUNTS: Target = Target {
    select: ACCOUNT_SELECT,
    alias: "a",
    lookups: |search| {
        let text = &search.text;
        let mut lookups = vec![
            range(
                "SELECT id FROM accounts INDEXED BY accounts_by_name",
                "lower(name)",
                text,
            ),
            range(
                "SELECT id FROM accounts INDEXED BY accounts_by_account_number",
                "lower(account_number)",
                text,
            ),
            range(
                "SELECT id FROM accounts INDEXED BY accounts_by_email",
                "lower(email)",
                text,
            ),
        ];
        if let Some(digits) = &search.digits {
            lookups.push(range(
                "SELECT id FROM accounts INDEXED BY accounts_by_main_phone_digits",
                "main_phone_digits",
                digits,
            ));
        }
        lookups
    },
    exact: "lower(a.name)",
    order: "lower(a.name), a.name, a.id",
};

/// Cases by ticket number or title, or by a word of the title; the exact
/// ticket number first, then the most recently modified.
const CASES: Target = Target {
    select: CASE_SELECT,
    alias: "k",
    lookups: |search| {
        let mut lookups = vec![
            range(
                "SELECT id FROM cases INDEXED BY cases_by_ticket_number",
                "lower(ticket_number)",
                &search.text,
            ),
            range(
                "SELECT id FROM cases INDEXED BY cases_by_title",
                "lower(title)",
                &search.text,
            ),
        ];
        lookups.extend(search.words.as_deref().map(Lookup::Words));
        lookups
    },
    exact: "lower(k.ticket_number)",
    order: "k.modified_at DESC, k.id DESC",
};

/// Appends the search of `target`: its active rows among the lookups'
/// ids, exact matches first, at most `limit`.
fn push_search<'a>(sql: &mut QueryBuilder<'a, Sqlite>, target: &Target, search: &'a Search) {
    let alias = target.alias;
    sql.push(target.select)
        .push(format!(" WHERE {alias}.active AND {alias}.id IN ("));
    push_lookups(sql, &(target.lookups)(search));
    sql.push(format!(") ORDER BY {} = ", target.exact))
        .push_bind(search.folded.as_str())
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
        let folded = name.to_ascii_lowercase();
        let reference = customer.reference();
        (
            folded != search.folded,
            folded,
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
fn push_lookups<'a>(sql: &mut QueryBuilder<'a, Sqlite>, lookups: &[Lookup<'a>]) {
    for (i, lookup) in lookups.iter().enumerate() {
        if i > 0 {
            sql.push(" UNION ALL ");
        }
        match lookup {
            Lookup::Range {
                select,
                column,
                prefix,
            } => {
                sql.push(select)
                    .push(" WHERE ")
                    .push(column)
                    .push(" >= ")
                    .push_bind(prefix.low.as_str());
                if let Some(high) = &prefix.high {
                    sql.push(" AND ")
                        .push(column)
                        .push(" < ")
                        .push_bind(high.as_str());
                }
            }
            Lookup::Words(words) => {
                sql.push("SELECT rowid FROM cases_fts WHERE cases_fts MATCH ")
                    .push_bind(*words);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use super::*;

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

    async fn migrated() -> SqlitePool {
        let db = SqlitePool::connect("sqlite::memory:")
            .await
            .expect("memory db");
        sqlx::migrate!("./migrations")
            .run(&db)
            .await
            .expect("migrations");
        db
    }

    /// Asserts that each search's plan has the expected index lookups and
    /// scans no table.
    async fn assert_indexed(db: &SqlitePool) {
        let expected: [&[&str]; 3] = [
            &[
                "SEARCH contacts USING INDEX contacts_by_full_name (<expr>>? AND <expr><?)",
                "SEARCH contacts USING INDEX contacts_by_first_name (<expr>>? AND <expr><?)",
                "SEARCH contacts USING INDEX contacts_by_last_name (<expr>>? AND <expr><?)",
                "SEARCH contacts USING INDEX contacts_by_email (<expr>>? AND <expr><?)",
                "SEARCH employer USING INDEX accounts_by_name (<expr>>? AND <expr><?)",
                "SEARCH staff USING COVERING INDEX contacts_by_account (account_id=?)",
                "SEARCH contacts USING INDEX contacts_by_mobile_digits (mobile_digits>? AND mobile_digits<?)",
                "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
            ],
            &[
                "SEARCH accounts USING INDEX accounts_by_name (<expr>>? AND <expr><?)",
                "SEARCH accounts USING INDEX accounts_by_account_number (<expr>>? AND <expr><?)",
                "SEARCH accounts USING INDEX accounts_by_email (<expr>>? AND <expr><?)",
                "SEARCH accounts USING INDEX accounts_by_main_phone_digits (main_phone_digits>? AND main_phone_digits<?)",
                "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)",
            ],
            &[
                "SEARCH cases USING INDEX cases_by_ticket_number (<expr>>? AND <expr><?)",
                "SEARCH cases USING INDEX cases_by_title (<expr>>? AND <expr><?)",
                "SCAN cases_fts VIRTUAL TABLE INDEX 0:M1",
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
            let plan: Vec<String> = sql
                .build()
                .fetch_all(db)
                .await
                .expect("plan")
                .iter()
                .map(|row| row.get("detail"))
                .collect();
            for step in expected {
                assert!(
                    plan.iter().any(|line| line == step),
                    "{name}: no {step:?} in {plan:#?}"
                );
            }
            // The only SCAN allowed is the full-text index's own lookup.
            let scans: Vec<&String> = plan
                .iter()
                .filter(|line| line.starts_with("SCAN ") && !line.contains("VIRTUAL TABLE INDEX"))
                .collect();
            assert!(scans.is_empty(), "{name}: {plan:#?}");
        }
    }

    #[tokio::test]
    async fn every_lookup_is_an_index_range_and_no_table_is_scanned() {
        assert_indexed(&migrated().await).await;
    }

    #[tokio::test]
    async fn a_hundred_thousand_contacts_are_still_searched_by_index_in_order() {
        let db = migrated().await;
        // Every contact works for an account named "Company …" and has a
        // +33 mobile: "co" and "+33" match them all, the worst case.
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
             INSERT INTO accounts (id, name, account_number, email, main_phone)
             SELECT i, 'Company ' || i, 'ACC-' || i, 'info@company' || i || '.example',
                    '+1 555 ' || (1000000 + i) FROM n",
        )
        .execute(&db)
        .await
        .expect("accounts");
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
             INSERT INTO contacts (first_name, last_name, email, mobile_phone, account_id, active)
             SELECT char(65 + i % 26) || 'lex' || (i % 500), 'Doe' || (i % 3000),
                    'p' || i || '@mail.example', '+33 7' || (10000000 + i), 1 + i % 1000,
                    i % 20 != 0 FROM n",
        )
        .execute(&db)
        .await
        .expect("contacts");
        sqlx::query("ANALYZE")
            .execute(&db)
            .await
            .expect("statistics");
        assert_indexed(&db).await;

        let found = |q: &str| {
            let search = search(q).expect("valid q");
            let db = db.clone();
            async move {
                fetch(&db, &search, &CONTACTS, contact_from_row)
                    .await
                    .expect("search")
            }
        };
        let everyone = found("+33").await;
        assert_eq!(everyone.len(), LIMIT);
        assert!(everyone.iter().all(|c| c.active));
        let names: Vec<String> = everyone
            .iter()
            .map(|c| c.full_name.to_ascii_lowercase())
            .collect();
        assert!(names.windows(2).all(|pair| pair[0] <= pair[1]), "{names:?}");
        assert!(names[0].starts_with("alex"), "{names:?}");
        let exact = found("ALEX26 DOE26").await;
        assert_eq!(exact[0].full_name, "Alex26 Doe26");
    }
}
