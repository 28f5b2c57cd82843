//! A conversation's links: reading them, changing one as an agent, and
//! keeping who changed which and when (`link_changes`). The statements are
//! the same for every backend (`conversation_sql`) and only sqlx's
//! connection and executor types differ, so one body serves them all: each
//! backend's `conversations` module instantiates it with [`link_writes!`],
//! as `record_reads!` is for records.

/// Defines, in the calling backend's `conversations` module, `links`,
/// `set`, `record_link_changes` and `last_link_change` over the connection
/// type `$connection` and the executor trait `$executor`.
macro_rules! link_writes {
    ($connection:ty, $executor:ident) => {
        /// The records linked to conversation `id`; 404 if it does not exist.
        pub(super) async fn links<'e>(
            db: impl $executor<'e>,
            id: i64,
        ) -> $crate::error::ApiResult<customer_summary_model::Links> {
            let row = sqlx::query($crate::store::conversation_sql::LINKS)
                .bind(id)
                .fetch_optional(db)
                .await?
                .ok_or_else(|| $crate::error::ApiError::not_found("Conversation", id))?;
            Ok($crate::store::rows::links_from_row(&row)?)
        }

        /// Applies `change` to conversation `id`, as agent `by` did, and
        /// returns its links after it; 404 if the conversation does not
        /// exist. With the link version `seen` (from `If-Match`), a 409
        /// `link_conflict` instead, changing nothing, when someone other
        /// than `by` has changed that link since. A change of the customer
        /// link ends recognition.
        pub(super) async fn set(
            conn: &mut $connection,
            id: i64,
            change: $crate::store::Link,
            by: &customer_summary_model::Actor,
            seen: Option<i64>,
        ) -> $crate::error::ApiResult<customer_summary_model::Links> {
            use $crate::store::conversation_sql as sql;
            let before = links(&mut *conn, id).await?;
            if let Some(seen) = seen {
                refuse_over_newer(conn, id, change.slot(), seen, by, before).await?;
            }
            let query = match change {
                $crate::store::Link::Customer(customer) => sqlx::query(sql::SET_CUSTOMER)
                    .bind(customer.map(|c| c.kind.as_str()))
                    .bind(customer.map(|c| c.id)),
                $crate::store::Link::Case(case_id) => sqlx::query(sql::SET_CASE).bind(case_id),
            };
            let row = query.bind(id).fetch_one(&mut *conn).await?;
            let after = $crate::store::rows::links_from_row(&row)?;
            record_link_changes(conn, id, before, after, by).await?;
            Ok(after)
        }

        /// A 409 `link_conflict` if link `slot` of conversation `id` (whose
        /// links are `now`) has changed since version `seen`, last by
        /// someone other than `by`: their own later change is no conflict.
        async fn refuse_over_newer(
            conn: &mut $connection,
            id: i64,
            slot: customer_summary_model::LinkSlot,
            seen: i64,
            by: &customer_summary_model::Actor,
            now: customer_summary_model::Links,
        ) -> $crate::error::ApiResult<()> {
            use customer_summary_model::LinkSlot;
            let last = last_link_change(&mut *conn, id, slot).await?;
            let newer = last
                .as_ref()
                .is_some_and(|last| last.version != seen && last.by.id != by.id);
            if !newer {
                return Ok(());
            }
            let other = match slot {
                LinkSlot::Customer => LinkSlot::Case,
                LinkSlot::Case => LinkSlot::Customer,
            };
            let other = last_link_change(&mut *conn, id, other).await?;
            let (customer, case) = match slot {
                LinkSlot::Customer => (last, other),
                LinkSlot::Case => (other, last),
            };
            Err($crate::error::ApiError::LinkConflict {
                slot,
                current: Box::new(customer_summary_model::CurrentLinks {
                    links: now,
                    customer,
                    case,
                }),
            })
        }

        /// Keeps who changed which of conversation `id`'s links, from
        /// `before` to `after`, and when, and appends the change to its
        /// event log (nothing when they are the same).
        pub(super) async fn record_link_changes(
            conn: &mut $connection,
            id: i64,
            before: customer_summary_model::Links,
            after: customer_summary_model::Links,
            by: &customer_summary_model::Actor,
        ) -> Result<(), sqlx::Error> {
            use $crate::store::conversation_sql as sql;
            let at = $crate::clock::now();
            let changes = sql::changed_links(before, after);
            if changes.is_empty() {
                return Ok(());
            }
            for changed in changes {
                sqlx::query(sql::INSERT_LINK_CHANGE)
                    .bind(id)
                    .bind(changed.link.as_str())
                    .bind(changed.record.map(|(kind, _)| kind.as_str()))
                    .bind(changed.record.map(|(_, record)| record))
                    .bind(&by.id)
                    .bind(&by.name)
                    .bind(at)
                    .execute(&mut *conn)
                    .await?;
            }
            let event = customer_summary_model::LiveEvent::LinksChanged(
                customer_summary_model::LinksChanged {
                    links: after,
                    by: by.clone(),
                    at,
                },
            );
            super::events::append(conn, id, &event).await
        }

        /// The last change to conversation `id`'s link `slot`.
        async fn last_link_change<'e>(
            db: impl $executor<'e>,
            id: i64,
            slot: customer_summary_model::LinkSlot,
        ) -> Result<Option<customer_summary_model::LinkChange>, sqlx::Error> {
            let row = sqlx::query($crate::store::rows::LAST_LINK_CHANGE_SELECT)
                .bind(id)
                .bind(slot.as_str())
                .fetch_optional(db)
                .await?;
            row.as_ref()
                .map($crate::store::rows::link_change_from_row)
                .transpose()
        }
    };
}

pub(crate) use link_writes;
