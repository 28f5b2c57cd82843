//! Creating records: a contact or an account, linked to the conversation
//! as its customer; a case for the conversation's customer, linked as its
//! case; a note on a record's timeline. Each is one write transaction and
//! accepts an `Idempotency-Key`. Strings are stored as sent; only blank
//! optional ones become null.

use axum::extract::State;
use axum::response::Response;
use customer_summary_model::{
    note_title_from, CaseStatus, Customer, CustomerKind, CustomerRef, NewAccount, NewCase,
    NewContact, NewNote, TimelineItem, TimelineKind,
};
use sqlx::SqliteConnection;

use super::body::{valid, IdempotencyKey, JsonBody};
use super::conversations::links;
use super::idempotency::Create;
use super::links::{require_active_customer, set, Link};
use super::params::PathParams;
use super::records::{self, existing_record};
use super::timeline::item_from_row;
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::search_key::{full_name_key, search_key};
use crate::seed::{ticket_number, Rng};
use crate::AppState;

/// Who owns the cases and writes the notes created here, until agents sign in.
pub const AGENT: &str = "You";

/// The value as sent, or `None` when it is missing or blank.
fn optional(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|text| !text.trim().is_empty())
}

/// `POST /conversations/{id}/contacts`: creates an active contact and
/// links it as the conversation's customer.
pub async fn create_contact(
    State(state): State<AppState>,
    path: PathParams,
    key: IdempotencyKey,
    JsonBody(form): JsonBody<NewContact>,
) -> ApiResult<Response> {
    let id = path.id("id")?;
    valid(form.validate())?;
    let create = Create::new(key, format!("POST /conversations/{id}/contacts"), &form)?;
    create
        .run(&state.writer, move |conn| {
            Box::pin(async move {
                let first_name = optional(&form.first_name);
                let contact: i64 = sqlx::query_scalar(
                    "INSERT INTO contacts (first_name, last_name, full_name_key, last_name_key,
                        job_title, email, mobile_phone, business_phone, city, country)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                )
                .bind(first_name)
                .bind(&form.last_name)
                .bind(full_name_key(first_name, &form.last_name))
                .bind(search_key(&form.last_name))
                .bind(optional(&form.job_title))
                .bind(optional(&form.email))
                .bind(optional(&form.mobile_phone))
                .bind(optional(&form.business_phone))
                .bind(optional(&form.city))
                .bind(optional(&form.country))
                .fetch_one(&mut *conn)
                .await?;
                link_new_customer(conn, id, CustomerKind::Contact, contact).await
            })
        })
        .await
}

/// `POST /conversations/{id}/accounts`: creates an active account and
/// links it as the conversation's customer.
pub async fn create_account(
    State(state): State<AppState>,
    path: PathParams,
    key: IdempotencyKey,
    JsonBody(form): JsonBody<NewAccount>,
) -> ApiResult<Response> {
    let id = path.id("id")?;
    valid(form.validate())?;
    let create = Create::new(key, format!("POST /conversations/{id}/accounts"), &form)?;
    create
        .run(&state.writer, move |conn| {
            Box::pin(async move {
                let number = optional(&form.account_number);
                let account: i64 = sqlx::query_scalar(
                    "INSERT INTO accounts (name, name_key, account_number, email, main_phone,
                        city, country)
                     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                )
                .bind(&form.name)
                .bind(search_key(&form.name))
                .bind(number)
                .bind(optional(&form.email))
                .bind(optional(&form.main_phone))
                .bind(optional(&form.city))
                .bind(optional(&form.country))
                .fetch_one(&mut *conn)
                .await
                .map_err(|error| match &error {
                    sqlx::Error::Database(db) if db.is_unique_violation() => {
                        ApiError::bad_parameter(
                            "account_number",
                            format!(
                                "Another account already has the account number {}.",
                                number.unwrap_or_default()
                            ),
                        )
                    }
                    _ => error.into(),
                })?;
                link_new_customer(conn, id, CustomerKind::Account, account).await
            })
        })
        .await
}

/// Links the customer just created to conversation `id` (404 if it does
/// not exist, which rolls the creation back) and returns it.
async fn link_new_customer(
    conn: &mut SqliteConnection,
    id: i64,
    kind: CustomerKind,
    customer_id: i64,
) -> ApiResult<Customer> {
    let customer = CustomerRef {
        kind,
        id: customer_id,
    };
    set(&mut *conn, id, Link::Customer(Some(customer))).await?;
    records::customer(conn, customer)
        .await?
        .ok_or_else(|| ApiError::not_found(kind.label(), customer_id))
}

/// `POST /conversations/{id}/cases`: creates a case, in progress and owned
/// by [`AGENT`], for the conversation's customer, and links it.
pub async fn create_case(
    State(state): State<AppState>,
    path: PathParams,
    key: IdempotencyKey,
    JsonBody(form): JsonBody<NewCase>,
) -> ApiResult<Response> {
    let id = path.id("id")?;
    valid(form.validate())?;
    let create = Create::new(key, format!("POST /conversations/{id}/cases"), &form)?;
    create
        .run(&state.writer, move |conn| {
            Box::pin(async move {
                let customer = links(&mut *conn, id).await?.customer.ok_or_else(|| {
                    ApiError::bad_parameter("customer", "Link a customer before creating a case.")
                })?;
                require_active_customer(&mut *conn, customer).await?;
                // Writers are serialised, so the next id cannot be taken meanwhile.
                let case_id: i64 = sqlx::query_scalar("SELECT coalesce(max(id), 0) + 1 FROM cases")
                    .fetch_one(&mut *conn)
                    .await?;
                let at = now();
                let mut rng = Rng::new(at.unsigned_abs() ^ case_id.unsigned_abs().rotate_left(32));
                sqlx::query(
                    "INSERT INTO cases (id, ticket_number, title, title_key, description,
                        priority, status, owner, customer_kind, customer_id, created_at,
                        modified_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(case_id)
                .bind(ticket_number(&mut rng, case_id))
                .bind(&form.title)
                .bind(search_key(&form.title))
                .bind(optional(&form.description))
                .bind(form.priority.as_str())
                .bind(CaseStatus::InProgress.as_str())
                .bind(AGENT)
                .bind(customer.kind.as_str())
                .bind(customer.id)
                .bind(at)
                .bind(at)
                .execute(&mut *conn)
                .await?;
                set(&mut *conn, id, Link::Case(Some(case_id))).await?;
                records::case(conn, case_id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("Case", case_id))
            })
        })
        .await
}

/// `POST /records/{kind}/{id}/notes`: adds a note, written by [`AGENT`]
/// now, to the record's timeline.
pub async fn create_note(
    State(state): State<AppState>,
    path: PathParams,
    key: IdempotencyKey,
    JsonBody(form): JsonBody<NewNote>,
) -> ApiResult<Response> {
    let (kind, id) = path.record()?;
    valid(form.validate())?;
    let scope = format!("POST /records/{}/{id}/notes", kind.as_str());
    let create = Create::new(key, scope, &form)?;
    create
        .run(&state.writer, move |conn| {
            Box::pin(async move {
                existing_record(&mut *conn, kind, id).await?;
                let title = optional(&form.title).map_or_else(|| note_title_from(&form.text), str::to_owned);
                let row = sqlx::query(
                    "INSERT INTO timeline_items (record_kind, record_id, kind, title, body, author, at)
                     VALUES (?, ?, ?, ?, ?, ?, ?)
                     RETURNING id, kind, title, body, author, at",
                )
                .bind(kind.as_str())
                .bind(id)
                .bind(TimelineKind::Note.as_str())
                .bind(title)
                .bind(&form.text)
                .bind(AGENT)
                .bind(now())
                .fetch_one(conn)
                .await?;
                Ok::<TimelineItem, ApiError>(item_from_row(&row)?)
            })
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_count_as_missing() {
        assert_eq!(optional(&Some(" \t".into())), None);
        assert_eq!(optional(&Some(" x ".into())), Some(" x "));
    }
}
