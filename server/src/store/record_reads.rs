//! Contacts, accounts and cases: reads by id (with the shared SELECT lists
//! of `store::rows`), and the checks writes make of them. The queries are
//! the same for every backend and only sqlx's executor and row types
//! differ, so one body serves them all: each backend's `records` module
//! instantiates it with [`record_reads!`], as `rows::Columns` is for rows.

/// Defines, in the calling backend's `records` module, `contact`,
/// `account`, `case`, `require_active_customer`, `require_case` and
/// `linked_record` over the executor trait `$executor` and the row type
/// `$row`, and the read methods of `$store` on its pool `$store.$pool`.
macro_rules! record_reads {
    ($executor:ident, $row:ty, $store:ty, $pool:ident) => {
        /// Runs `select` (one of the `*_SELECT` queries) for the row whose id
        /// column `id_column` equals `id`, and decodes it, or `None`.
        async fn load<'e, T>(
            db: impl $executor<'e>,
            select: &str,
            id_column: &str,
            id: i64,
            decode: fn(&$row) -> Result<T, sqlx::Error>,
        ) -> Result<Option<T>, sqlx::Error> {
            let row = sqlx::query(&format!("{select} WHERE {id_column} = $1"))
                .bind(id)
                .fetch_optional(db)
                .await?;
            row.as_ref().map(decode).transpose()
        }

        /// Contact `id`, if it exists.
        pub(super) async fn contact<'e>(
            db: impl $executor<'e>,
            id: i64,
        ) -> Result<Option<customer_summary_model::Contact>, sqlx::Error> {
            load(
                db,
                $crate::store::rows::CONTACT_SELECT,
                "c.id",
                id,
                $crate::store::rows::contact_from_row,
            )
            .await
        }

        /// Account `id`, if it exists.
        pub(super) async fn account<'e>(
            db: impl $executor<'e>,
            id: i64,
        ) -> Result<Option<customer_summary_model::Account>, sqlx::Error> {
            load(
                db,
                $crate::store::rows::ACCOUNT_SELECT,
                "a.id",
                id,
                $crate::store::rows::account_from_row,
            )
            .await
        }

        /// Case `id`, if it exists.
        pub(super) async fn case<'e>(
            db: impl $executor<'e>,
            id: i64,
        ) -> Result<Option<customer_summary_model::Case>, sqlx::Error> {
            load(
                db,
                $crate::store::rows::CASE_SELECT,
                "k.id",
                id,
                $crate::store::rows::case_from_row,
            )
            .await
        }

        /// Whether the record exists (`Some`) and is active: a contact or account
        /// not deactivated, a case neither resolved nor cancelled.
        async fn is_active<'e>(
            db: impl $executor<'e>,
            kind: customer_summary_model::RecordKind,
            id: i64,
        ) -> Result<Option<bool>, sqlx::Error> {
            sqlx::query_scalar($crate::store::rows::active_select(kind))
                .bind(id)
                .fetch_optional(db)
                .await
        }

        /// A 400 naming `customer` unless it exists and is active.
        pub(super) async fn require_active_customer<'e>(
            db: impl $executor<'e>,
            customer: customer_summary_model::CustomerRef,
        ) -> $crate::error::ApiResult<()> {
            let (label, id) = (customer.kind.label(), customer.id);
            match is_active(db, customer.kind.into(), id).await? {
                Some(true) => Ok(()),
                Some(false) => Err($crate::error::ApiError::bad_parameter(
                    "customer",
                    format!("{label} {id} is not active"),
                )),
                None => Err($crate::error::ApiError::bad_parameter(
                    "customer",
                    format!("{label} {id} not found"),
                )),
            }
        }

        /// A 400 naming `case` unless case `id` exists, active or not.
        pub(super) async fn require_case<'e>(
            db: impl $executor<'e>,
            id: i64,
        ) -> $crate::error::ApiResult<()> {
            match is_active(db, customer_summary_model::RecordKind::Case, id).await? {
                Some(_) => Ok(()),
                None => Err($crate::error::ApiError::bad_parameter(
                    "case",
                    format!("Case {id} not found"),
                )),
            }
        }

        /// The record as the Linked records selector names it, or `None`.
        pub(super) async fn linked_record<'e>(
            db: impl $executor<'e>,
            kind: customer_summary_model::RecordKind,
            id: i64,
        ) -> Result<Option<customer_summary_model::LinkedRecord>, sqlx::Error> {
            let label: Option<String> = sqlx::query_scalar($crate::store::rows::label_select(kind))
                .bind(id)
                .fetch_optional(db)
                .await?;
            Ok(label.map(|label| customer_summary_model::LinkedRecord { kind, id, label }))
        }

        impl $store {
            pub(in crate::store) async fn contact(
                &self,
                id: i64,
            ) -> $crate::error::ApiResult<Option<customer_summary_model::Contact>> {
                Ok(contact(&self.$pool, id).await?)
            }

            pub(in crate::store) async fn account(
                &self,
                id: i64,
            ) -> $crate::error::ApiResult<Option<customer_summary_model::Account>> {
                Ok(account(&self.$pool, id).await?)
            }

            pub(in crate::store) async fn case(
                &self,
                id: i64,
            ) -> $crate::error::ApiResult<Option<customer_summary_model::Case>> {
                Ok(case(&self.$pool, id).await?)
            }

            pub(in crate::store) async fn linked_record(
                &self,
                kind: customer_summary_model::RecordKind,
                id: i64,
            ) -> $crate::error::ApiResult<Option<customer_summary_model::LinkedRecord>> {
                Ok(linked_record(&self.$pool, kind, id).await?)
            }

            /// Fetches [`Limit::fetch`] cases, so the caller knows if more exist.
            pub(in crate::store) async fn recent_cases(
                &self,
                owner: customer_summary_model::CustomerRef,
                limit: $crate::rules::page::Limit,
            ) -> $crate::error::ApiResult<Vec<customer_summary_model::Case>> {
                let rows = sqlx::query(&$crate::store::rows::recent_cases_select())
                    .bind(owner.kind.as_str())
                    .bind(owner.id)
                    .bind(limit.fetch())
                    .fetch_all(&self.$pool)
                    .await?;
                Ok(rows
                    .iter()
                    .map($crate::store::rows::case_from_row)
                    .collect::<Result<Vec<_>, _>>()?)
            }
        }
    };
}

pub(crate) use record_reads;
