//! Search in SQLite: each field of `rules::search` is one lookup that
//! walks an index of active rows from the start of its range, in the
//! field's order and then the result's, and stops after the first
//! `FIELD_LIMIT` (passing over only accounts without active staff for a
//! company, closed cases for words); one statement per table runs the
//! lookups and keeps the best `limit` of the rows they found. E-mails,
//! account and ticket numbers are compared by `lower(column)`, which folds
//! ASCII letters only, as `Search::folded` is folded; a word of a case
//! title is found by the full-text index (FTS5), whose tokenizer
//! (unicode61) ignores case and accents.
//!
//! The plan is SQLite's own: each lookup names its index (`INDEXED BY`,
//! in `lookups.rs`), so it walks it in order and stops early whatever the
//! statistics say, or fails if the index is gone.

use customer_summary_model::{Account, Case, Contact};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, SqlitePool};

use super::SqliteStore;
use crate::error::ApiResult;
use crate::rules::search::Search;
use crate::store::rows::{
    account_from_row, case_from_row, contact_from_row, ACCOUNT_SELECT, CASE_SELECT, CONTACT_SELECT,
};
use lookups::{push_search, range, Lookup};

mod lookups;
#[cfg(test)]
mod tests;

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

impl SqliteStore {
    pub(in crate::store) async fn search_contacts(
        &self,
        search: &Search,
    ) -> ApiResult<Vec<Contact>> {
        Ok(fetch(&self.reads, search, &CONTACTS, contact_from_row).await?)
    }

    pub(in crate::store) async fn search_accounts(
        &self,
        search: &Search,
    ) -> ApiResult<Vec<Account>> {
        Ok(fetch(&self.reads, search, &ACCOUNTS, account_from_row).await?)
    }

    pub(in crate::store) async fn search_cases(&self, search: &Search) -> ApiResult<Vec<Case>> {
        Ok(fetch(&self.reads, search, &CASES, case_from_row).await?)
    }
}
