//! Conversations in SQLite: the list, one conversation's summary (its
//! row and the rows of its skills, pre-chat answers, journey and context),
//! and its link columns (`customer_kind`, `customer_id`, `case_id`) with
//! who changed them (`link_writes!`).

use customer_summary_model::{
    Actor, Channel, ContextItem, Conversation, ConversationListItem, ConversationStatus,
    JourneyItem, LinkChange, LinkSlot, Links, PreChatAnswer,
};
use sqlx::{Row, SqliteConnection, SqliteExecutor, SqlitePool};

use super::records::{require_active_customer, require_case};
use super::SqliteStore;
use crate::error::{ApiError, ApiResult};
use crate::store::conversation_sql as sql;
use crate::store::rows::{
    answer_from_row, context_from_row, journey_from_row, links_from_row, list_item_from_row,
    visitor_from_row, Columns,
};
use crate::store::Link;

crate::store::link_writes::link_writes!(SqliteConnection, SqliteExecutor);

impl SqliteStore {
    pub(in crate::store) async fn conversations(&self) -> ApiResult<Vec<ConversationListItem>> {
        let rows = sqlx::query(sql::LIST).fetch_all(&self.reads).await?;
        let items = rows
            .iter()
            .map(list_item_from_row)
            .collect::<Result<_, _>>()?;
        Ok(items)
    }

    pub(in crate::store) async fn conversation(&self, id: i64) -> ApiResult<Conversation> {
        let db = &self.reads;
        let row = sqlx::query(sql::SUMMARY)
            .bind(id)
            .fetch_optional(db)
            .await?
            .ok_or_else(|| ApiError::not_found("Conversation", id))?;
        Ok(Conversation {
            id,
            title: row.try_get("title")?,
            channel: row.enumeration("channel", Channel::parse)?,
            status: row.enumeration("status", ConversationStatus::parse)?,
            queue: row.try_get("queue")?,
            skills: sqlx::query_scalar(sql::SKILLS)
                .bind(id)
                .fetch_all(db)
                .await?,
            started_at: row.try_get("started_at")?,
            wait_started_at: row.try_get("wait_started_at")?,
            accepted_at: row.try_get("accepted_at")?,
            pre_chat: pre_chat(db, id).await?,
            self_service: self_service(db, id).await?,
            visitor: visitor_from_row(&row)?,
            context: context(db, id).await?,
            links: links_from_row(&row)?,
        })
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

    pub(in crate::store) async fn set_link(
        &self,
        id: i64,
        change: Link,
        by: Actor,
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
                set(conn, id, change, &by).await
            })
        })
        .await
    }
}

/// The pre-chat answers, in the order the questions were asked.
async fn pre_chat(db: &SqlitePool, id: i64) -> Result<Vec<PreChatAnswer>, sqlx::Error> {
    let rows = sqlx::query(sql::PRE_CHAT).bind(id).fetch_all(db).await?;
    rows.iter().map(answer_from_row).collect()
}

/// The self-service journey, newest first.
async fn self_service(db: &SqlitePool, id: i64) -> Result<Vec<JourneyItem>, sqlx::Error> {
    let rows = sqlx::query(sql::JOURNEY).bind(id).fetch_all(db).await?;
    rows.iter().map(journey_from_row).collect()
}

/// The displayable context variables, in their stored order.
async fn context(db: &SqlitePool, id: i64) -> Result<Vec<ContextItem>, sqlx::Error> {
    let rows = sqlx::query(sql::CONTEXT).bind(id).fetch_all(db).await?;
    rows.iter().map(context_from_row).collect()
}
