//! Search in PostgreSQL: each field of `rules::search` is one lookup that
//! walks an index of active rows (migrations-postgres: the field, then
//! the result's order, then the id) from the start of its range and stops
//! after the first `FIELD_LIMIT`; one statement per table runs the
//! lookups and keeps the best `limit` of the rows they found. Keys and
//! text compare byte by byte (the columns' "C" collation), so ranges and
//! orders are SQLite's. A word of a case title is found in the words kept
//! beside it (`title_words`, `rules::search_key::words`), walking active
//! cases newest first: bounded by the limit when such titles are common,
//! but with no index of its own (PostgreSQL may read every active case
//! when it expects few matches). `plan_tests.rs` asserts the plans.

use customer_summary_model::{Account, Case, Contact};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Postgres, QueryBuilder};

use super::PostgresStore;
use crate::error::ApiResult;
use crate::rules::search::{Prefix, Search, FIELD_LIMIT};
use crate::rules::search_key::words;
use crate::store::rows::{
    account_from_row, case_from_row, contact_from_row, ACCOUNT_SELECT, CASE_SELECT, CONTACT_SELECT,
};

/// One lookup of the ids of at most [`FIELD_LIMIT`] active rows.
enum Lookup<'a> {
    /// The first rows by `order` of `select AND column` in `prefix`;
    /// `select` filters active rows, and an index of them holds `column`
    /// then `order`.
    Range {
        select: &'static str,
        column: &'static str,
        prefix: &'a Prefix,
        order: &'static str,
    },
    /// The active staff of the accounts whose name key is in the prefix,
    /// by account (name key, id), then by name: the first accounts with
    /// staff, and the first of each one's staff (`contacts_active_by_account`),
    /// so that an account of thousands of contacts is not read whole.
    Staff(&'a Prefix),
    /// The last created active cases whose title has these words (the
    /// last one a prefix), newest first.
    Words(String),
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
    select: &'static str,
    alias: &'static str,
    lookups: for<'a> fn(&'a Search) -> Vec<Lookup<'a>>,
    exact: for<'a> fn(&'a Search) -> (&'static str, &'a str),
    order: &'static str,
}

/// Contacts, as the SQLite backend searches them (`sqlite/search`).
const CONTACTS: Target = Target {
    select: CONTACT_SELECT,
    alias: "c",
    lookups: |search| {
        let keys = &search.keys;
        let mut lookups = vec![
            range(
                "SELECT id FROM contacts WHERE active",
                "full_name_key",
                keys,
                "full_name_key, full_name, id",
            ),
            range(
                "SELECT id FROM contacts WHERE active",
                "last_name_key",
                keys,
                "last_name_key, full_name_key, full_name, id",
            ),
            range(
                "SELECT id FROM contacts WHERE active",
                "lower(email)",
                &search.text,
                "lower(email), full_name_key, full_name, id",
            ),
            Lookup::Staff(keys),
        ];
        if let Some(digits) = &search.digits {
            lookups.push(range(
                "SELECT id FROM contacts WHERE active",
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

/// Accounts, as the SQLite backend searches them.
const ACCOUNTS: Target = Target {
    select: ACCOUNT_SELECT,
    alias: "a",
    lookups: |search| {
        let text = &search.text;
        let mut lookups = vec![
            range(
                "SELECT id FROM accounts WHERE active",
                "name_key",
                &search.keys,
                "name_key, name, id",
            ),
            range(
                "SELECT id FROM accounts WHERE active",
                "lower(account_number)",
                text,
                "lower(account_number), name_key, name, id",
            ),
            range(
                "SELECT id FROM accounts WHERE active",
                "lower(email)",
                text,
                "lower(email), name_key, name, id",
            ),
        ];
        if let Some(digits) = &search.digits {
            lookups.push(range(
                "SELECT id FROM accounts WHERE active",
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

/// Cases, as the SQLite backend searches them.
const CASES: Target = Target {
    select: CASE_SELECT,
    alias: "k",
    lookups: |search| {
        let mut lookups = vec![
            range(
                "SELECT id FROM cases WHERE active",
                "lower(ticket_number)",
                &search.text,
                "lower(ticket_number), modified_at DESC, id DESC",
            ),
            range(
                "SELECT id FROM cases WHERE active",
                "title_key",
                &search.keys,
                "title_key, modified_at DESC, id DESC",
            ),
        ];
        let phrase = search.words.as_deref().map(words);
        lookups.extend(phrase.filter(|p| !p.is_empty()).map(Lookup::Words));
        lookups
    },
    exact: |search| ("lower(k.ticket_number)", &search.folded),
    order: "k.modified_at DESC, k.id DESC",
};

/// Appends the search of `target`: the rows of the lookups' ids, exact
/// matches first, at most `limit`.
fn push_search<'a>(sql: &mut QueryBuilder<'a, Postgres>, target: &Target, search: &'a Search) {
    let alias = target.alias;
    let (exact, folded) = (target.exact)(search);
    sql.push(target.select)
        .push(format!(" WHERE {alias}.id IN ("));
    for (i, lookup) in (target.lookups)(search).into_iter().enumerate() {
        if i > 0 {
            sql.push(" UNION ALL ");
        }
        sql.push("(");
        push_lookup(sql, lookup);
        sql.push(format!(" LIMIT {FIELD_LIMIT})"));
    }
    sql.push(format!(") ORDER BY {exact} = "))
        .push_bind(folded)
        .push(format!(" DESC, {} LIMIT ", target.order))
        .push_bind(search.limit.rows());
}

/// Appends one lookup, without its LIMIT.
fn push_lookup<'a>(sql: &mut QueryBuilder<'a, Postgres>, lookup: Lookup<'a>) {
    match lookup {
        Lookup::Range {
            select,
            column,
            prefix,
            order,
        } => {
            sql.push(select)
                .push(" AND ")
                .push(column)
                .push(" >= ")
                .push_bind(prefix.low.as_str());
            if let Some(high) = &prefix.high {
                sql.push(" AND ")
                    .push(column)
                    .push(" < ")
                    .push_bind(high.as_str());
            }
            sql.push(" ORDER BY ").push(order);
        }
        Lookup::Staff(prefix) => {
            // A nested loop keeps only its outer side's order: joined
            // plainly, every staff member of the matching accounts was
            // read and sorted (2 ms at 2,000 an account). Here the first
            // accounts that have staff, and the first of each one's staff:
            // at most FIELD_LIMIT² rows, holding the first FIELD_LIMIT.
            sql.push(
                "SELECT staff.id FROM (SELECT id, name_key FROM accounts employer
                 WHERE EXISTS (SELECT FROM contacts
                     WHERE active AND account_id = employer.id)
                 AND name_key >= ",
            )
            .push_bind(prefix.low.as_str());
            if let Some(high) = &prefix.high {
                sql.push(" AND name_key < ").push_bind(high.as_str());
            }
            sql.push(format!(
                " ORDER BY name_key, id LIMIT {FIELD_LIMIT}) employer
                 CROSS JOIN LATERAL (SELECT id, full_name_key, full_name FROM contacts
                     WHERE active AND account_id = employer.id
                     ORDER BY full_name_key, full_name, id LIMIT {FIELD_LIMIT}) staff
                 ORDER BY employer.name_key, employer.id,
                     staff.full_name_key, staff.full_name, staff.id"
            ));
        }
        Lookup::Words(phrase) => {
            // The title's words start with the phrase where a word starts:
            // `phrase` is letters, digits and single spaces, so it holds no
            // LIKE wildcard, and its last word may be a prefix.
            sql.push("SELECT id FROM cases WHERE active AND (' ' || title_words) LIKE ")
                .push_bind(format!("% {phrase}%"))
                .push(" ORDER BY id DESC");
        }
    }
}

/// Runs the search of `target` and decodes its rows.
async fn fetch<T>(
    db: &PgPool,
    search: &Search,
    target: &Target,
    decode: fn(&PgRow) -> Result<T, sqlx::Error>,
) -> Result<Vec<T>, sqlx::Error> {
    let mut sql = QueryBuilder::new("");
    push_search(&mut sql, target, search);
    let rows = sql.build().fetch_all(db).await?;
    rows.iter().map(decode).collect()
}

impl PostgresStore {
    pub(in crate::store) async fn search_contacts(
        &self,
        search: &Search,
    ) -> ApiResult<Vec<Contact>> {
        Ok(fetch(&self.search, search, &CONTACTS, contact_from_row).await?)
    }

    pub(in crate::store) async fn search_accounts(
        &self,
        search: &Search,
    ) -> ApiResult<Vec<Account>> {
        Ok(fetch(&self.search, search, &ACCOUNTS, account_from_row).await?)
    }

    pub(in crate::store) async fn search_cases(&self, search: &Search) -> ApiResult<Vec<Case>> {
        Ok(fetch(&self.search, search, &CASES, case_from_row).await?)
    }
}

#[cfg(test)]
mod plan_tests;
