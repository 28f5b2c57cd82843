//! Accepting and closing a conversation (`rules::status` says what each
//! may do): the status change and its event in one transaction. The
//! statements are the same for every backend, so one body serves them
//! all, instantiated in each backend's `conversations` module with
//! [`status_writes!`].

use customer_summary_model::Actor;

use super::Store;
use crate::error::ApiResult;
use crate::rules::status::StatusChange;

/// Conversation `$1`'s status, and when and by whom it was accepted.
pub const STATUS: &str = "SELECT status, accepted_at, accepted_by_id, accepted_by_name
     FROM conversations WHERE id = $1";

/// Accepts conversation `$1` for agent `$2` (`$3` their name) at `$4`.
pub const ACCEPT: &str = "UPDATE conversations
     SET status = 'active', accepted_at = $4, accepted_by_id = $2, accepted_by_name = $3
     WHERE id = $1";

/// Closes conversation `$1`.
pub const CLOSE: &str = "UPDATE conversations SET status = 'closed' WHERE id = $1";

/// Defines, in the calling backend's `conversations` module,
/// `change_status` over the connection type `$connection`.
macro_rules! status_writes {
    ($connection:ty) => {
        /// Applies `change` to conversation `id` as agent `by`, with its
        /// `status_changed` event; nothing when it is done already; 404 or
        /// the 409 of `rules::status`. The caller holds the conversation
        /// (a write transaction, its row locked where rows lock).
        pub(super) async fn change_status(
            conn: &mut $connection,
            id: i64,
            change: $crate::rules::status::StatusChange,
            by: &customer_summary_model::Actor,
        ) -> $crate::error::ApiResult<()> {
            use customer_summary_model::{ConversationStatus, LiveEvent};
            use $crate::rules::status::{changes, StatusChange};
            use $crate::store::rows::Columns;
            use $crate::store::status as sql;
            let row = sqlx::query(sql::STATUS)
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| $crate::error::ApiError::not_found("Conversation", id))?;
            let status = row.enumeration("status", ConversationStatus::parse)?;
            let holder = row.optional_actor("accepted_by_id", "accepted_by_name")?;
            if !changes(change, status, holder.as_ref(), by)? {
                return Ok(());
            }
            let at = $crate::clock::now();
            let (accepted_at, accepted_by) = match change {
                StatusChange::Accept => {
                    sqlx::query(sql::ACCEPT)
                        .bind(id)
                        .bind(&by.id)
                        .bind(&by.name)
                        .bind(at)
                        .execute(&mut *conn)
                        .await?;
                    (Some(at), Some(by.clone()))
                }
                StatusChange::Close => {
                    sqlx::query(sql::CLOSE).bind(id).execute(&mut *conn).await?;
                    (row.optional_int("accepted_at")?, holder)
                }
            };
            let event = LiveEvent::StatusChanged(customer_summary_model::StatusChanged {
                status: change.status(),
                accepted_at,
                accepted_by,
                by: by.clone(),
                at,
            });
            super::events::append(conn, id, &event).await?;
            Ok(())
        }
    };
}

pub(crate) use status_writes;

impl Store {
    /// Accepts or closes conversation `id` as agent `by`, in one atomic
    /// step with its event: accepting makes it active and `by`'s, and stops
    /// its waiting time. Doing what is done already changes nothing; 404
    /// for an unknown conversation; 409 `already_accepted` when another
    /// agent has it, `conversation_closed` to accept a closed one.
    pub async fn change_status(&self, id: i64, change: StatusChange, by: &Actor) -> ApiResult<()> {
        let by = by.clone();
        dispatch!(self, store => store.change_status(id, change, by).await)
    }
}
