//! Creating contacts, accounts and cases in PostgreSQL, each with its link
//! to the conversation, in one idempotent transaction.

use customer_summary_model::{
    Actor, CaseStatus, Customer, CustomerKind, CustomerRef, NewAccount, NewCase, NewContact,
};
use sqlx::PgConnection;

use super::conversations::{lock, set};
use super::records::{account, case, contact, require_active_customer};
use super::PostgresStore;
use crate::clock::now;
use crate::error::{ApiError, ApiResult};
use crate::rules::search_key::{full_name_key, search_key, words};
use crate::rules::ticket::new_ticket_number;
use crate::rules::writes::optional;
use crate::store::{CreateRequest, Link, Reply};

impl PostgresStore {
    pub(in crate::store) async fn create_contact(
        &self,
        request: CreateRequest,
        id: i64,
        form: NewContact,
    ) -> ApiResult<Reply> {
        let (by, seen) = (request.by.clone(), request.seen_link);
        self.create(request, move |conn| {
            Box::pin(async move {
                lock(&mut *conn, id).await?;
                let first_name = optional(&form.first_name);
                let contact: i64 = sqlx::query_scalar(
                    "INSERT INTO contacts (first_name, last_name, full_name_key, last_name_key,
                        job_title, email, mobile_phone, business_phone, city, country)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
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
                link_new_customer(conn, id, CustomerKind::Contact, contact, &by, seen).await
            })
        })
        .await
    }

    pub(in crate::store) async fn create_account(
        &self,
        request: CreateRequest,
        id: i64,
        form: NewAccount,
    ) -> ApiResult<Reply> {
        let (by, seen) = (request.by.clone(), request.seen_link);
        self.create(request, move |conn| {
            Box::pin(async move {
                lock(&mut *conn, id).await?;
                let number = optional(&form.account_number);
                let account: i64 = sqlx::query_scalar(
                    "INSERT INTO accounts (name, name_key, account_number, email, main_phone,
                        city, country)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
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
                link_new_customer(conn, id, CustomerKind::Account, account, &by, seen).await
            })
        })
        .await
    }

    pub(in crate::store) async fn create_case(
        &self,
        request: CreateRequest,
        id: i64,
        form: NewCase,
    ) -> ApiResult<Reply> {
        let (by, seen) = (request.by.clone(), request.seen_link);
        self.create(request, move |conn| {
            Box::pin(async move {
                let customer = lock(&mut *conn, id).await?.customer.ok_or_else(|| {
                    ApiError::bad_parameter("customer", "Link a customer before creating a case.")
                })?;
                require_active_customer(&mut *conn, customer).await?;
                // The sequence gives every writer, on every server, its own id.
                let case_id: i64 =
                    sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence('cases', 'id'))")
                        .fetch_one(&mut *conn)
                        .await?;
                let at = now();
                sqlx::query(
                    "INSERT INTO cases (id, ticket_number, title, title_key, title_words,
                        description, priority, status, owner_id, owner, created_by_id,
                        created_by, customer_kind, customer_id, created_at, modified_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
                        $15, $16)",
                )
                .bind(case_id)
                .bind(new_ticket_number(at, case_id))
                .bind(&form.title)
                .bind(search_key(&form.title))
                .bind(words(&form.title))
                .bind(optional(&form.description))
                .bind(form.priority.as_str())
                .bind(CaseStatus::InProgress.as_str())
                .bind(&by.id)
                .bind(&by.name)
                .bind(&by.id)
                .bind(&by.name)
                .bind(customer.kind.as_str())
                .bind(customer.id)
                .bind(at)
                .bind(at)
                .execute(&mut *conn)
                .await?;
                set(&mut *conn, id, Link::Case(Some(case_id)), &by, seen).await?;
                case(conn, case_id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("Case", case_id))
            })
        })
        .await
    }
}

/// Links the customer just created to conversation `id` and returns it.
async fn link_new_customer(
    conn: &mut PgConnection,
    id: i64,
    kind: CustomerKind,
    customer_id: i64,
    by: &Actor,
    seen: Option<i64>,
) -> ApiResult<Customer> {
    let customer = CustomerRef {
        kind,
        id: customer_id,
    };
    set(&mut *conn, id, Link::Customer(Some(customer)), by, seen).await?;
    let created = match kind {
        CustomerKind::Contact => contact(conn, customer_id).await?.map(Customer::Contact),
        CustomerKind::Account => account(conn, customer_id).await?.map(Customer::Account),
    };
    created.ok_or_else(|| ApiError::not_found(kind.label(), customer_id))
}
