//! Contacts, accounts and cases in SQLite: the queries every read of them
//! selects with, their decoding, and the checks writes make of them.

use customer_summary_model::{
    Account, Case, CaseStatus, Contact, CustomerKind, CustomerRef, LinkedRecord, Priority,
    RecordKind,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteExecutor};

use super::{enum_column, SqliteStore};
use crate::error::{ApiError, ApiResult};
use crate::rules::page::Limit;

/// Every contact query selects these columns (table alias `c`); callers add
/// WHERE and ORDER BY.
pub(super) const CONTACT_SELECT: &str = "
    SELECT c.id, c.first_name, c.last_name, c.full_name, c.job_title, c.account_id,
           a.name AS company, c.email, c.mobile_phone, c.business_phone, c.city, c.country,
           c.active
    FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id";

/// Every account query selects these columns (table alias `a`).
pub(super) const ACCOUNT_SELECT: &str = "
    SELECT a.id, a.name, a.account_number, a.email, a.main_phone, a.city, a.country,
           a.primary_contact_id, p.full_name AS primary_contact_name, a.active
    FROM accounts a LEFT JOIN contacts p ON p.id = a.primary_contact_id";

/// Every case query selects these columns (table alias `k`).
pub(super) const CASE_SELECT: &str = "
    SELECT k.id, k.ticket_number, k.title, k.description, k.priority, k.status, k.product,
           k.owner, k.customer_kind, k.customer_id,
           coalesce(ct.full_name, ac.name, '') AS customer_name, k.created_at, k.modified_at
    FROM cases k
    LEFT JOIN contacts ct ON k.customer_kind = 'contact' AND ct.id = k.customer_id
    LEFT JOIN accounts ac ON k.customer_kind = 'account' AND ac.id = k.customer_id";

/// Decodes a row of [`CONTACT_SELECT`].
pub(super) fn contact_from_row(row: &SqliteRow) -> Result<Contact, sqlx::Error> {
    Ok(Contact {
        id: row.try_get("id")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        full_name: row.try_get("full_name")?,
        job_title: row.try_get("job_title")?,
        account_id: row.try_get("account_id")?,
        company: row.try_get("company")?,
        email: row.try_get("email")?,
        mobile_phone: row.try_get("mobile_phone")?,
        business_phone: row.try_get("business_phone")?,
        city: row.try_get("city")?,
        country: row.try_get("country")?,
        active: row.try_get("active")?,
    })
}

/// Decodes a row of [`ACCOUNT_SELECT`].
pub(super) fn account_from_row(row: &SqliteRow) -> Result<Account, sqlx::Error> {
    Ok(Account {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        account_number: row.try_get("account_number")?,
        email: row.try_get("email")?,
        main_phone: row.try_get("main_phone")?,
        city: row.try_get("city")?,
        country: row.try_get("country")?,
        primary_contact_id: row.try_get("primary_contact_id")?,
        primary_contact_name: row.try_get("primary_contact_name")?,
        active: row.try_get("active")?,
    })
}

/// Decodes a row of [`CASE_SELECT`].
pub(super) fn case_from_row(row: &SqliteRow) -> Result<Case, sqlx::Error> {
    Ok(Case {
        id: row.try_get("id")?,
        ticket_number: row.try_get("ticket_number")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        priority: enum_column(row, "priority", Priority::parse)?,
        status: enum_column(row, "status", CaseStatus::parse)?,
        product: row.try_get("product")?,
        owner: row.try_get("owner")?,
        customer: CustomerRef {
            kind: enum_column(row, "customer_kind", CustomerKind::parse)?,
            id: row.try_get("customer_id")?,
        },
        customer_name: row.try_get("customer_name")?,
        created_at: row.try_get("created_at")?,
        modified_at: row.try_get("modified_at")?,
    })
}

/// Runs `select` (one of the `*_SELECT` queries) for the row whose id
/// column `id_column` equals `id`, and decodes it, or `None`.
async fn load<'e, T>(
    db: impl SqliteExecutor<'e>,
    select: &str,
    id_column: &str,
    id: i64,
    decode: fn(&SqliteRow) -> Result<T, sqlx::Error>,
) -> Result<Option<T>, sqlx::Error> {
    let row = sqlx::query(&format!("{select} WHERE {id_column} = ?"))
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
    let select = match kind {
        RecordKind::Contact => "SELECT active FROM contacts WHERE id = ?",
        RecordKind::Account => "SELECT active FROM accounts WHERE id = ?",
        RecordKind::Case => "SELECT active FROM cases WHERE id = ?",
    };
    sqlx::query_scalar(select).bind(id).fetch_optional(db).await
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
    let select = match kind {
        RecordKind::Contact => "SELECT full_name FROM contacts WHERE id = ?",
        RecordKind::Account => "SELECT name FROM accounts WHERE id = ?",
        RecordKind::Case => "SELECT ticket_number || ': ' || title FROM cases WHERE id = ?",
    };
    let label: Option<String> = sqlx::query_scalar(select)
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
        let select = format!(
            "{CASE_SELECT} WHERE k.customer_kind = ? AND k.customer_id = ?
             ORDER BY k.modified_at DESC, k.id DESC LIMIT ?"
        );
        let rows = sqlx::query(&select)
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
