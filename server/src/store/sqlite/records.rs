//! Contacts, accounts and cases in SQLite: reads by id (with the shared
//! SELECT lists of `store::rows`), and the checks writes make of them.

use customer_summary_model::{Account, Case, Contact, CustomerRef, LinkedRecord, RecordKind};
use sqlx::sqlite::SqliteRow;
use sqlx::SqliteExecutor;

use super::SqliteStore;
use crate::error::{ApiError, ApiResult};
use crate::rules::page::Limit;
use crate::store::rows::{
    account_from_row, active_select, case_from_row, contact_from_row, label_select,
    recent_cases_select, ACCOUNT_SELECT, CASE_SELECT, CONTACT_SELECT,
};

/// Runs `select` (one of the `*_SELECT` queries) for the row whose id
/// column `id_column` equals `id`, and decodes it, or `None`.
async fn load<'e, T>(
    db: impl SqliteExecutor<'e>,
    select: &str,
    id_column: &str,
    id: i64,
    decode: fn(&SqliteRow) -> Result<T, sqlx::Error>,
) -> Result<Option<T>, sqlx::Error> {
    let row = sqlx::query(&format!("{select} WHERE {id_column} = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(decode).transpose()
}

/// Contact `id`, if it exists.
pub(super) async fn contact<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
) -> Result<Option<Contact>, sqlx::Error> {
    load(db, CONTACT_SELECT, "c.id", id, contact_from_row).await
}

/// Account `id`, if it exists.
pub(super) async fn account<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
) -> Result<Option<Account>, sqlx::Error> {
    load(db, ACCOUNT_SELECT, "a.id", id, account_from_row).await
}

/// Case `id`, if it exists.
pub(super) async fn case<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
) -> Result<Option<Case>, sqlx::Error> {
    load(db, CASE_SELECT, "k.id", id, case_from_row).await
}

/// Whether the record exists (`Some`) and is active: a contact or account
/// not deactivated, a case neither resolved nor cancelled.
async fn is_active<'e>(
    db: impl SqliteExecutor<'e>,
    kind: RecordKind,
    id: i64,
) -> Result<Option<bool>, sqlx::Error> {
    sqlx::query_scalar(active_select(kind))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// A 400 naming `customer` unless it exists and is active.
pub(super) async fn require_active_customer<'e>(
    db: impl SqliteExecutor<'e>,
    customer: CustomerRef,
) -> ApiResult<()> {
    let (label, id) = (customer.kind.label(), customer.id);
    match is_active(db, customer.kind.into(), id).await? {
        Some(true) => Ok(()),
        Some(false) => Err(ApiError::bad_parameter(
            "customer",
            format!("{label} {id} is not active"),
        )),
        None => Err(ApiError::bad_parameter(
            "customer",
            format!("{label} {id} not found"),
        )),
    }
}

/// A 400 naming `case` unless case `id` exists, active or not.
pub(super) async fn require_case<'e>(db: impl SqliteExecutor<'e>, id: i64) -> ApiResult<()> {
    match is_active(db, RecordKind::Case, id).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::bad_parameter(
            "case",
            format!("Case {id} not found"),
        )),
    }
}

/// The record as the Linked records selector names it, or `None`.
pub(super) async fn linked_record<'e>(
    db: impl SqliteExecutor<'e>,
    kind: RecordKind,
    id: i64,
) -> Result<Option<LinkedRecord>, sqlx::Error> {
    let label: Option<String> = sqlx::query_scalar(label_select(kind))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(label.map(|label| LinkedRecord { kind, id, label }))
}

impl SqliteStore {
    pub(in crate::store) async fn contact(&self, id: i64) -> ApiResult<Option<Contact>> {
        Ok(contact(&self.reads, id).await?)
    }

    pub(in crate::store) async fn account(&self, id: i64) -> ApiResult<Option<Account>> {
        Ok(account(&self.reads, id).await?)
    }

    pub(in crate::store) async fn case(&self, id: i64) -> ApiResult<Option<Case>> {
        Ok(case(&self.reads, id).await?)
    }

    pub(in crate::store) async fn linked_record(
        &self,
        kind: RecordKind,
        id: i64,
    ) -> ApiResult<Option<LinkedRecord>> {
        Ok(linked_record(&self.reads, kind, id).await?)
    }

    /// Fetches [`Limit::fetch`] cases, so the caller knows if more exist.
    pub(in crate::store) async fn recent_cases(
        &self,
        owner: CustomerRef,
        limit: Limit,
    ) -> ApiResult<Vec<Case>> {
        let rows = sqlx::query(&recent_cases_select())
            .bind(owner.kind.as_str())
            .bind(owner.id)
            .bind(limit.fetch())
            .fetch_all(&self.reads)
            .await?;
        Ok(rows
            .iter()
            .map(case_from_row)
            .collect::<Result<Vec<_>, _>>()?)
    }
}
