//! Conversations in PostgreSQL: the list, one conversation's summary (its
//! row with its skills, pre-chat answers, journey and context, in one
//! statement), and its link columns (`customer_kind`, `customer_id`,
//! `case_id`) with who changed them (`link_writes!`).

use customer_summary_model::{
    Actor, Conversation, ConversationListItem, ConversationStatus, LinkChange, LinkSlot, Links,
};
use sqlx::{PgConnection, PgExecutor};

use super::records::{require_active_customer, require_case};
use super::PostgresStore;
use crate::error::{ApiError, ApiResult};
use crate::rules::status::StatusChange;
use crate::store::conversation_sql as sql;
use crate::store::rows::{conversation_from_row, links_from_row, list_item_from_row};
use crate::store::Link;

crate::store::status::status_writes!(PgConnection);
crate::store::intake::intake_writes!(PostgresStore, sqlx::PgConnection, " FOR UPDATE");
crate::store::link_writes::link_writes!(PgConnection, PgExecutor);

/// Conversation `$1`'s row, with its skills, pre-chat answers, journey and
/// displayable context as JSON arrays in the order they are shown
/// (`rows::conversation_from_row`): one round trip to the database, not
/// five, a round trip being what a read costs here.
const SUMMARY_IN_ONE: &str = "
    SELECT c.title, c.channel, c.status, c.queue, c.started_at, c.wait_started_at,
        c.accepted_at, c.accepted_by_id, c.accepted_by_name,
        c.customer_kind, c.customer_id, c.case_id, c.event_seq,
        c.visitor_authenticated,
        c.visitor_browser, c.visitor_os, c.visitor_location, c.visitor_language,
        (SELECT coalesce(json_agg(s.name ORDER BY s.position), '[]')
         FROM conversation_skills s WHERE s.conversation_id = c.id)::text AS skills,
        (SELECT coalesce(json_agg(json_build_object(
                'question', p.question, 'answer', p.answer, 'kind', p.kind)
             ORDER BY p.position), '[]')
         FROM prechat_answers p WHERE p.conversation_id = c.id)::text AS pre_chat,
        (SELECT coalesce(json_agg(json_build_object(
                'type_code', j.type_code, 'title', j.title, 'url', j.url, 'at', j.at)
             ORDER BY j.at DESC, j.id DESC), '[]')
         FROM journey_items j WHERE j.conversation_id = c.id)::text AS self_service,
        (SELECT coalesce(json_agg(json_build_object('name', x.name, 'value', x.value)
             ORDER BY x.position), '[]')
         FROM context_items x WHERE x.conversation_id = c.id AND x.displayable)::text AS context
    FROM conversations c WHERE c.id = $1";

impl PostgresStore {
    pub(in crate::store) async fn conversations(
        &self,
        statuses: &[ConversationStatus],
    ) -> ApiResult<Vec<ConversationListItem>> {
        let [first, second, third] = sql::list_statuses(statuses);
        let rows = sqlx::query(sql::LIST)
            .bind(first)
            .bind(second)
            .bind(third)
            .fetch_all(&self.db)
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
            .fetch_optional(&self.db)
            .await?
            .ok_or_else(|| ApiError::not_found("Conversation", id))?;
        Ok(conversation_from_row(id, &row)?)
    }

    pub(in crate::store) async fn links(&self, id: i64) -> ApiResult<Links> {
        links(&self.db, id).await
    }

    pub(in crate::store) async fn last_link_change(
        &self,
        id: i64,
        slot: LinkSlot,
    ) -> ApiResult<Option<LinkChange>> {
        Ok(last_link_change(&self.db, id, slot).await?)
    }

    pub(in crate::store) async fn change_status(
        &self,
        id: i64,
        change: StatusChange,
        by: Actor,
    ) -> ApiResult<()> {
        self.write(move |conn| {
            Box::pin(async move {
                lock(&mut *conn, id).await?;
                change_status(conn, id, change, &by).await
            })
        })
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
                // The conversation first, locked: a missing one is a 404, not
                // a 400, and a recognition of it waits for this change.
                lock(&mut *conn, id).await?;
                match change {
                    Link::Customer(Some(customer)) => {
                        require_active_customer(&mut *conn, customer).await?;
                    }
                    Link::Case(Some(case_id)) => require_case(&mut *conn, case_id).await?,
                    Link::Customer(None) | Link::Case(None) => {}
                }
                set(conn, id, change, &by, seen).await
            })
        })
        .await
    }
}

/// Locks conversation `id`'s row until the transaction ends and returns
/// its links; 404 if it does not exist.
pub(super) async fn lock(conn: &mut PgConnection, id: i64) -> ApiResult<Links> {
    let row = sqlx::query(
        "SELECT customer_kind, customer_id, case_id FROM conversations WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| ApiError::not_found("Conversation", id))?;
    Ok(links_from_row(&row)?)
}
