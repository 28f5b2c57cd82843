//! Conversations that channels open and feed (the intake API): a new
//! conversation, waiting, with its skills, pre-chat answers, self-service
//! trail, visitor details and context variables; self-service actions
//! added later; the visitor's details and context variables changed until
//! it closes. Each is one transaction; a change to an open conversation
//! appends a `conversation_updated` event for the pages showing it.
//!
//! The statements are the same for every backend, so one body serves
//! them all, instantiated in each backend's `conversations` module with
//! [`intake_writes!`].

use customer_summary_model::{
    Actor, IntakeReceipt, IntakeUpdate, NewConversation, SelfServiceBatch,
};

use super::{CreateRequest, Reply, Store};
use crate::error::ApiResult;

/// A waiting conversation: title `$1`, channel `$2`, queue `$3`, started
/// at `$4`, visitor `$5`…`$9`.
pub const INSERT_CONVERSATION: &str = "INSERT INTO conversations
        (title, channel, status, queue, started_at, wait_started_at, visitor_authenticated,
         visitor_browser, visitor_os, visitor_location, visitor_language)
     VALUES ($1, $2, 'waiting', $3, $4, $4, $5, $6, $7, $8, $9) RETURNING id";

/// Skill `$3` of conversation `$1`, at position `$2`.
pub const INSERT_SKILL: &str =
    "INSERT INTO conversation_skills (conversation_id, position, name) VALUES ($1, $2, $3)";

/// Pre-chat question `$3` of conversation `$1`, at position `$2`, answered
/// `$4`, of kind `$5`.
pub const INSERT_PRE_CHAT: &str = "INSERT INTO prechat_answers
        (conversation_id, position, question, answer, kind) VALUES ($1, $2, $3, $4, $5)";

/// Self-service action of type `$2` of conversation `$1`: title `$3`, URL
/// `$4`, at `$5`.
pub const INSERT_JOURNEY: &str = "INSERT INTO journey_items
        (conversation_id, type_code, title, url, at) VALUES ($1, $2, $3, $4, $5)";

/// Sets context variable `$2` of conversation `$1` to `$3`, displayable
/// `$4`, where it exists.
pub const UPDATE_CONTEXT: &str = "UPDATE context_items SET value = $3, displayable = $4
     WHERE conversation_id = $1 AND name = $2";

/// Adds context variable `$2` after conversation `$1`'s others.
pub const INSERT_CONTEXT: &str = "INSERT INTO context_items
        (conversation_id, position, name, value, displayable)
     SELECT $1, coalesce(max(position), -1) + 1, $2, $3, $4
     FROM context_items WHERE conversation_id = $1";

/// How many context variables conversation `$1` has.
pub const COUNT_CONTEXT: &str = "SELECT count(*) FROM context_items WHERE conversation_id = $1";

/// How many self-service actions conversation `$1` has.
pub const COUNT_JOURNEY: &str = "SELECT count(*) FROM journey_items WHERE conversation_id = $1";

/// Conversation `$1`'s visitor details: authenticated `$2`, browser `$3`,
/// OS `$4`, location `$5`, language `$6`.
pub const UPDATE_VISITOR: &str = "UPDATE conversations
     SET visitor_authenticated = $2, visitor_browser = $3, visitor_os = $4,
         visitor_location = $5, visitor_language = $6
     WHERE id = $1";

/// Defines, in the calling backend's `conversations` module, the intake
/// writes of `$store` over the connection type `$connection`; `$lock` ends
/// the statement that reads a conversation's status before a change
/// (`" FOR UPDATE"` where rows lock, so changes to one conversation take
/// turns).
macro_rules! intake_writes {
    ($store:ty, $connection:ty, $lock:literal) => {
        impl $store {
            pub(in crate::store) async fn open_conversation(
                &self,
                request: $crate::store::CreateRequest,
                form: customer_summary_model::NewConversation,
            ) -> $crate::error::ApiResult<$crate::store::Reply> {
                self.create(request, move |conn| {
                    Box::pin(async move { intake::insert_conversation(conn, &form).await })
                })
                .await
            }

            pub(in crate::store) async fn add_self_service(
                &self,
                request: $crate::store::CreateRequest,
                id: i64,
                batch: customer_summary_model::SelfServiceBatch,
            ) -> $crate::error::ApiResult<$crate::store::Reply> {
                let by = request.by.clone();
                self.create(request, move |conn| {
                    Box::pin(async move {
                        intake::status_for_intake(&mut *conn, id).await?;
                        intake::insert_journey(&mut *conn, id, &batch.items).await?;
                        intake::updated(conn, id, &by).await?;
                        Ok(customer_summary_model::SelfServiceAdded {
                            id,
                            added: batch.items.len(),
                        })
                    })
                })
                .await
            }

            pub(in crate::store) async fn update_intake(
                &self,
                id: i64,
                update: customer_summary_model::IntakeUpdate,
                by: customer_summary_model::Actor,
            ) -> $crate::error::ApiResult<customer_summary_model::IntakeReceipt> {
                self.write(move |conn| {
                    Box::pin(async move {
                        let status = intake::status_for_intake(&mut *conn, id).await?;
                        intake::apply_update(&mut *conn, id, &update).await?;
                        intake::updated(conn, id, &by).await?;
                        Ok(customer_summary_model::IntakeReceipt { id, status })
                    })
                })
                .await
            }
        }

        mod intake {
            use customer_summary_model::{
                Actor, ContextVariable, ConversationStatus, IntakeReceipt, IntakeUpdate,
                JourneyItem, LiveEvent, NewConversation, VisitorDetails, CONTEXT_VARIABLES,
                JOURNEY_ITEMS,
            };

            use $crate::error::{ApiError, ApiResult};
            use $crate::rules::writes::optional;
            use $crate::store::intake as sql;
            use $crate::store::rows::Columns;

            /// Inserts `form` as a new waiting conversation.
            pub(super) async fn insert_conversation(
                conn: &mut $connection,
                form: &NewConversation,
            ) -> ApiResult<IntakeReceipt> {
                let visitor = &form.visitor;
                let id: i64 = sqlx::query_scalar(sql::INSERT_CONVERSATION)
                    .bind(form.title())
                    .bind(form.channel.as_str())
                    .bind(optional(&form.queue))
                    .bind($crate::clock::now())
                    .bind(visitor.authenticated)
                    .bind(optional(&visitor.browser))
                    .bind(optional(&visitor.os))
                    .bind(optional(&visitor.location))
                    .bind(optional(&visitor.language))
                    .fetch_one(&mut *conn)
                    .await?;
                for (position, skill) in (0i64..).zip(&form.skills) {
                    sqlx::query(sql::INSERT_SKILL)
                        .bind(id)
                        .bind(position)
                        .bind(skill)
                        .execute(&mut *conn)
                        .await?;
                }
                for (position, answer) in (0i64..).zip(&form.pre_chat) {
                    sqlx::query(sql::INSERT_PRE_CHAT)
                        .bind(id)
                        .bind(position)
                        .bind(&answer.question)
                        .bind(answer.answer.as_deref())
                        .bind(answer.kind.as_str())
                        .execute(&mut *conn)
                        .await?;
                }
                insert_journey(&mut *conn, id, &form.self_service).await?;
                set_context(conn, id, &form.context).await?;
                Ok(IntakeReceipt {
                    id,
                    status: ConversationStatus::Waiting,
                })
            }

            /// Conversation `id`'s status, read (and locked where rows
            /// lock) before a change; 404 if it does not exist, 409
            /// `conversation_closed` once it is closed.
            pub(super) async fn status_for_intake(
                conn: &mut $connection,
                id: i64,
            ) -> ApiResult<ConversationStatus> {
                let row = sqlx::query(concat!(
                    "SELECT status FROM conversations WHERE id = $1",
                    $lock
                ))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| ApiError::not_found("Conversation", id))?;
                let status = row.enumeration("status", ConversationStatus::parse)?;
                $crate::rules::status::open_for_intake(status)?;
                Ok(status)
            }

            /// Adds `items` to conversation `id`'s self-service trail; a 400
            /// naming `items` when that makes more than it may keep.
            pub(super) async fn insert_journey(
                conn: &mut $connection,
                id: i64,
                items: &[JourneyItem],
            ) -> ApiResult<()> {
                if items.is_empty() {
                    return Ok(());
                }
                for item in items {
                    sqlx::query(sql::INSERT_JOURNEY)
                        .bind(id)
                        .bind(item.type_code)
                        .bind(&item.title)
                        .bind(item.url.as_deref())
                        .bind(item.at)
                        .execute(&mut *conn)
                        .await?;
                }
                let most = (JOURNEY_ITEMS, "self-service actions");
                at_most(conn, sql::COUNT_JOURNEY, id, most, "items").await
            }

            /// Applies `update` to conversation `id`: the visitor's details
            /// replaced, context variables set by name.
            pub(super) async fn apply_update(
                conn: &mut $connection,
                id: i64,
                update: &IntakeUpdate,
            ) -> ApiResult<()> {
                if let Some(visitor) = &update.visitor {
                    set_visitor(&mut *conn, id, visitor).await?;
                }
                set_context(conn, id, &update.context).await
            }

            async fn set_visitor(
                conn: &mut $connection,
                id: i64,
                visitor: &VisitorDetails,
            ) -> ApiResult<()> {
                sqlx::query(sql::UPDATE_VISITOR)
                    .bind(id)
                    .bind(visitor.authenticated)
                    .bind(optional(&visitor.browser))
                    .bind(optional(&visitor.os))
                    .bind(optional(&visitor.location))
                    .bind(optional(&visitor.language))
                    .execute(conn)
                    .await?;
                Ok(())
            }

            /// Sets each of `variables` by name, new names after the
            /// others; a 400 naming `context` when that makes more than
            /// the conversation may have.
            async fn set_context(
                conn: &mut $connection,
                id: i64,
                variables: &[ContextVariable],
            ) -> ApiResult<()> {
                if variables.is_empty() {
                    return Ok(());
                }
                for variable in variables {
                    let updated = sqlx::query(sql::UPDATE_CONTEXT)
                        .bind(id)
                        .bind(&variable.name)
                        .bind(&variable.value)
                        .bind(variable.displayable)
                        .execute(&mut *conn)
                        .await?;
                    if updated.rows_affected() == 0 {
                        sqlx::query(sql::INSERT_CONTEXT)
                            .bind(id)
                            .bind(&variable.name)
                            .bind(&variable.value)
                            .bind(variable.displayable)
                            .execute(&mut *conn)
                            .await?;
                    }
                }
                let most = (CONTEXT_VARIABLES, "context variables");
                at_most(conn, sql::COUNT_CONTEXT, id, most, "context").await
            }

            /// `Ok` while conversation `id` has at most `most.0` of what
            /// `count` counts (`most.1`), else the 400 naming `field` that
            /// says so; the caller's transaction then rolls back.
            async fn at_most(
                conn: &mut $connection,
                count: &str,
                id: i64,
                (most, what): (usize, &str),
                field: &str,
            ) -> ApiResult<()> {
                let count: i64 = sqlx::query_scalar(count).bind(id).fetch_one(conn).await?;
                if usize::try_from(count).unwrap_or(usize::MAX) > most {
                    return Err(ApiError::bad_parameter(
                        field,
                        format!(
                            "A conversation has at most {most} {what}; these would make {count}."
                        ),
                    ));
                }
                Ok(())
            }

            /// Tells the pages showing conversation `id` that channel `by`
            /// changed it.
            pub(super) async fn updated(
                conn: &mut $connection,
                id: i64,
                by: &Actor,
            ) -> ApiResult<()> {
                let event =
                    LiveEvent::ConversationUpdated(customer_summary_model::ConversationUpdated {
                        by: by.clone(),
                        at: $crate::clock::now(),
                    });
                super::super::events::append(conn, id, &event).await?;
                Ok(())
            }
        }
    };
}

pub(crate) use intake_writes;

impl Store {
    /// Opens conversation `form` (valid), waiting from now, for `request`'s
    /// channel: the 201 reply is its [`IntakeReceipt`]. Atomic with the
    /// reply kept under its `Idempotency-Key` (guarantee 2).
    pub async fn open_conversation(
        &self,
        request: CreateRequest,
        form: NewConversation,
    ) -> ApiResult<Reply> {
        dispatch!(self, store => store.open_conversation(request, form).await)
    }

    /// Adds `batch` (valid) to conversation `id`'s self-service trail, with
    /// its event, idempotently as a create; 404 for an unknown
    /// conversation, 409 `conversation_closed` for a closed one.
    pub async fn add_self_service(
        &self,
        request: CreateRequest,
        id: i64,
        batch: SelfServiceBatch,
    ) -> ApiResult<Reply> {
        dispatch!(self, store => store.add_self_service(request, id, batch).await)
    }

    /// Applies `update` (valid) to conversation `id` as channel `by`, with
    /// its event; refused as [`Store::add_self_service`] is, and with a
    /// 400 naming `context` when it would hold too many variables.
    pub async fn update_intake(
        &self,
        id: i64,
        update: IntakeUpdate,
        by: Actor,
    ) -> ApiResult<IntakeReceipt> {
        dispatch!(self, store => store.update_intake(id, update, by).await)
    }
}
