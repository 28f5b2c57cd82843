//! Conversations in SQLite: the list, one conversation's summary (its
//! row and the rows of its skills, pre-chat answers, journey and context),
//! and its link columns (`customer_kind`, `customer_id`, `case_id`) with
//! who changed them (`link_writes!`).

use customer_summary_model::{
    Actor, Conversation, ConversationListItem, ConversationStatus, LinkChange, LinkSlot, Links,
};
use sqlx::{SqliteConnection, SqliteExecutor};

use super::records::{require_active_customer, require_case};
use super::SqliteStore;
use crate::error::{ApiError, ApiResult};
use crate::rules::status::StatusChange;
use crate::store::conversation_sql as sql;
use crate::store::rows::{conversation_from_row, list_item_from_row};
use crate::store::Link;

crate::store::status::status_writes!(SqliteConnection);
crate::store::intake::intake_writes!(SqliteStore, sqlx::SqliteConnection, "");
crate::store::link_writes::link_writes!(SqliteConnection, SqliteExecutor);

/// Conversation `$1`'s row, with its skills, pre-chat answers, journey and
/// displayable context as JSON arrays in the order they are shown
/// (`rows::conversation_from_row`), in one statement; PostgreSQL's is the
/// same with its JSON functions.
const SUMMARY_IN_ONE: &str = "
    SELECT c.title, c.channel, c.status, c.queue, c.started_at, c.wait_started_at,
        c.accepted_at, c.accepted_by_id, c.accepted_by_name,
        c.customer_kind, c.customer_id, c.case_id, c.event_seq,
        c.visitor_authenticated,
        c.visitor_browser, c.visitor_os, c.visitor_location, c.visitor_language,
        (SELECT json_group_array(s.name ORDER BY s.position)
         FROM conversation_skills s WHERE s.conversation_id = c.id) AS skills,
        (SELECT json_group_array(json_object(
                'question', p.question, 'answer', p.answer, 'kind', p.kind)
             ORDER BY p.position)
         FROM prechat_answers p WHERE p.conversation_id = c.id) AS pre_chat,
        (SELECT json_group_array(json_object(
                'type_code', j.type_code, 'title', j.title, 'url', j.url, 'at', j.at)
             ORDER BY j.at DESC, j.id DESC)
         FROM journey_items j WHERE j.conversation_id = c.id) AS self_service,
        (SELECT json_group_array(json_object('name', x.name, 'value', x.value)
             ORDER BY x.position)
         FROM context_items x WHERE x.conversation_id = c.id AND x.displayable) AS context
    FROM conversations c WHERE c.id = $1";

impl SqliteStore {
    pub(in crate::store) async fn conversations(
        &self,
        statuses: &[ConversationStatus],
    ) -> ApiResult<Vec<ConversationListItem>> {
        let [first, second, third] = sql::list_statuses(statuses);
        let rows = sqlx::query(sql::LIST)
            .bind(first)
            .bind(second)
            .bind(third)
            .fetch_all(&self.reads)
            .await?;
        let items = rows
            .iter()
            .map(list_item_from_row)
            .collect::<Result<_, _>>()?;
        Ok(items)
    }

    pub(in crate::store) async fn conversation(&self, id: i64) -> ApiResult<Conversation> {
        let row = sqlx::query(SUMMARY_IN_ONE)
            .bind(id)
            .fetch_optional(&self.reads)
            .await?
            .ok_or_else(|| ApiError::not_found("Conversation", id))?;
        Ok(conversation_from_row(id, &row)?)
    }

    pub(in crate::store) async fn links(&self, id: i64) -> ApiResult<Links> {
        links(&self.reads, id).await
    }

    pub(in crate::store) async fn last_link_change(
        &self,
        id: i64,
        slot: LinkSlot,
    ) -> ApiResult<Option<LinkChange>> {
        Ok(last_link_change(&self.reads, id, slot).await?)
    }

    pub(in crate::store) async fn change_status(
        &self,
        id: i64,
        change: StatusChange,
        by: Actor,
    ) -> ApiResult<()> {
        self.write(move |conn| Box::pin(async move { change_status(conn, id, change, &by).await }))
            .await
    }

    pub(in crate::store) async fn set_link(
        &self,
        id: i64,
        change: Link,
        by: Actor,
        seen: Option<i64>,
    ) -> ApiResult<Links> {
        self.write(move |conn| {
            Box::pin(async move {
                // The conversation first: a missing one is a 404, not a 400.
                match change {
                    Link::Customer(Some(customer)) => {
                        links(&mut *conn, id).await?;
                        require_active_customer(&mut *conn, customer).await?;
                    }
                    Link::Case(Some(case_id)) => {
                        links(&mut *conn, id).await?;
                        require_case(&mut *conn, case_id).await?;
                    }
                    Link::Customer(None) | Link::Case(None) => {}
                }
                set(conn, id, change, &by, seen).await
            })
        })
        .await
    }
}
