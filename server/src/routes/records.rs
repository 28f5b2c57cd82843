//! Contacts, accounts and cases: loading them by id, their names as
//! timeline records, a customer's recent cases, and the endpoints that
//! return them directly.

use axum::extract::State;
use axum::Json;
use customer_summary_model::{
    Account, Case, CaseStatus, Contact, Customer, CustomerKind, CustomerRef, LinkedRecord,
    Priority, RecentCases, RecordKind,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteExecutor, SqlitePool};

use super::params::{Limit, PathParams, QueryParams};
use crate::db::enum_column;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// How many recent cases are returned when `limit` is absent.
const RECENT_CASES: usize = 4;

/// Every contact query selects these columns (table alias `c`); callers add
/// WHERE and ORDER BY.
pub const CONTACT_SELECT: &str = "
    SELECT c.id, c.first_name, c.last_name, c.full_name, c.job_title, c.account_id,
           a.name AS company, c.email, c.mobile_phone, c.business_phone, c.city, c.country,
           c.active
    FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id";

/// Every account query selects these columns (table alias `a`).
pub const ACCOUNT_SELECT: &str = "
    SELECT a.id, a.name, a.account_number, a.email, a.main_phone, a.city, a.country,
           a.primary_contact_id, p.full_name AS primary_contact_name, a.active
    FROM accounts a LEFT JOIN contacts p ON p.id = a.primary_contact_id";

/// Every case query selects these columns (table alias `k`).
pub const CASE_SELECT: &str = "
    SELECT k.id, k.ticket_number, k.title, k.description, k.priority, k.status, k.product,
           k.owner, k.customer_kind, k.customer_id,
           coalesce(ct.full_name, ac.name, '') AS customer_name, k.created_at, k.modified_at
    FROM cases k
    LEFT JOIN contacts ct ON k.customer_kind = 'contact' AND ct.id = k.customer_id
    LEFT JOIN accounts ac ON k.customer_kind = 'account' AND ac.id = k.customer_id";

/// Decodes a row of [`CONTACT_SELECT`].
pub fn contact_from_row(row: &SqliteRow) -> Result<Contact, sqlx::Error> {
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
pub fn account_from_row(row: &SqliteRow) -> Result<Account, sqlx::Error> {
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
pub fn case_from_row(row: &SqliteRow) -> Result<Case, sqlx::Error> {
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

/// The case with `id`, if it exists.
pub async fn case<'e>(db: impl SqliteExecutor<'e>, id: i64) -> Result<Option<Case>, sqlx::Error> {
    load(db, CASE_SELECT, "k.id", id, case_from_row).await
}

/// The contact or account `customer` points to, if it exists.
pub async fn customer<'e>(
    db: impl SqliteExecutor<'e>,
    customer: CustomerRef,
) -> Result<Option<Customer>, sqlx::Error> {
    Ok(match customer.kind {
        CustomerKind::Contact => load(db, CONTACT_SELECT, "c.id", customer.id, contact_from_row)
            .await?
            .map(Customer::Contact),
        CustomerKind::Account => load(db, ACCOUNT_SELECT, "a.id", customer.id, account_from_row)
            .await?
            .map(Customer::Account),
    })
}

/// Whether the record exists (`Some`) and is active: a contact or account
/// not deactivated, a case neither resolved nor cancelled.
pub async fn is_active<'e>(
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

/// The record as the Linked records selector names it (a contact's full
/// name, an account's name, `"<ticket number>: <title>"` for a case), or
/// `None` if it does not exist.
pub async fn linked_record<'e>(
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

/// Like [`linked_record`], but a missing record is a 404.
pub async fn existing_record<'e>(
    db: impl SqliteExecutor<'e>,
    kind: RecordKind,
    id: i64,
) -> ApiResult<LinkedRecord> {
    linked_record(db, kind, id)
        .await?
        .ok_or_else(|| ApiError::not_found(kind.label(), id))
}

/// The most recently modified cases of `customer` (none when `None`).
pub async fn recent_cases(
    db: &SqlitePool,
    customer: Option<CustomerRef>,
    limit: Limit,
) -> Result<RecentCases, sqlx::Error> {
    let Some(owner) = customer else {
        return Ok(RecentCases {
            customer: None,
            cases: Vec::new(),
            has_more: false,
        });
    };
    let select = format!(
        "{CASE_SELECT} WHERE k.customer_kind = ? AND k.customer_id = ?
         ORDER BY k.modified_at DESC, k.id DESC LIMIT ?"
    );
    let rows = sqlx::query(&select)
        .bind(owner.kind.as_str())
        .bind(owner.id)
        .bind(limit.fetch())
        .fetch_all(db)
        .await?;
    let cases = rows
        .iter()
        .map(case_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    let (cases, has_more) = limit.page(cases);
    Ok(RecentCases {
        customer,
        cases,
        has_more,
    })
}

/// The recent-cases `limit` parameter (default 4).
pub fn recent_cases_limit(query: &QueryParams) -> ApiResult<Limit> {
    query.limit(RECENT_CASES)
}

/// `GET /contacts/{id}`.
pub async fn get_contact(
    State(state): State<AppState>,
    path: PathParams,
) -> ApiResult<Json<Contact>> {
    let id = path.id("id")?;
    found(
        load(&state.db, CONTACT_SELECT, "c.id", id, contact_from_row).await?,
        RecordKind::Contact,
        id,
    )
}

/// `GET /accounts/{id}`.
pub async fn get_account(
    State(state): State<AppState>,
    path: PathParams,
) -> ApiResult<Json<Account>> {
    let id = path.id("id")?;
    found(
        load(&state.db, ACCOUNT_SELECT, "a.id", id, account_from_row).await?,
        RecordKind::Account,
        id,
    )
}

/// `GET /cases/{id}`.
pub async fn get_case(State(state): State<AppState>, path: PathParams) -> ApiResult<Json<Case>> {
    let id = path.id("id")?;
    found(case(&state.db, id).await?, RecordKind::Case, id)
}

fn found<T>(value: Option<T>, kind: RecordKind, id: i64) -> ApiResult<Json<T>> {
    value
        .map(Json)
        .ok_or_else(|| ApiError::not_found(kind.label(), id))
}

/// `GET /customers/{kind}/{id}/recent-cases?limit=`.
pub async fn customer_recent_cases(
    State(state): State<AppState>,
    path: PathParams,
    query: QueryParams,
) -> ApiResult<Json<RecentCases>> {
    let kind = path.one_of("kind", CustomerKind::parse, "contact or account")?;
    let id = path.id("id")?;
    let limit = recent_cases_limit(&query)?;
    existing_record(&state.db, kind.into(), id).await?;
    let customer = CustomerRef { kind, id };
    Ok(Json(recent_cases(&state.db, Some(customer), limit).await?))
}
