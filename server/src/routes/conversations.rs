//! Conversations: the list, one conversation's summary, and what is linked
//! to it (customer, case, the customer's recent cases, their timelines).

use axum::extract::State;
use axum::Json;
use customer_summary_model::{
    AnswerKind, Channel, ContextItem, Conversation, ConversationListItem, ConversationStatus,
    CustomerKind, CustomerRef, JourneyItem, LinkedCase, LinkedCustomer, LinkedRecord, Links,
    PreChatAnswer, RecentCases, RecordKind, TimelinePage, VisitorDetails,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteExecutor, SqlitePool};

use super::params::{one_of, PathParams, QueryParams};
use super::records::{self, linked_record, recent_cases, recent_cases_limit};
use super::timeline::{self, TimelineQuery};
use crate::db::enum_column;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// `GET /conversations`: every conversation, by id.
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<Vec<ConversationListItem>>> {
    let rows =
        sqlx::query("SELECT id, title, channel, status, started_at FROM conversations ORDER BY id")
            .fetch_all(&state.db)
            .await?;
    let items = rows
        .iter()
        .map(|row| {
            Ok(ConversationListItem {
                id: row.try_get("id")?,
                title: row.try_get("title")?,
                channel: enum_column(row, "channel", Channel::parse)?,
                status: enum_column(row, "status", ConversationStatus::parse)?,
                started_at: row.try_get("started_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Json(items))
}

/// `GET /conversations/{id}`: everything the Conversation summary shows.
pub async fn get(State(state): State<AppState>, path: PathParams) -> ApiResult<Json<Conversation>> {
    let id = path.id("id")?;
    let db = &state.db;
    let row = sqlx::query(
        "SELECT title, channel, status, queue, started_at, wait_started_at, accepted_at,
                customer_kind, customer_id, case_id, visitor_authenticated, visitor_browser,
                visitor_os, visitor_location, visitor_language
         FROM conversations WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| ApiError::not_found("Conversation", id))?;
    Ok(Json(Conversation {
        id,
        title: row.try_get("title")?,
        channel: enum_column(&row, "channel", Channel::parse)?,
        status: enum_column(&row, "status", ConversationStatus::parse)?,
        queue: row.try_get("queue")?,
        skills: sqlx::query_scalar(
            "SELECT name FROM conversation_skills WHERE conversation_id = ? ORDER BY position",
        )
        .bind(id)
        .fetch_all(db)
        .await?,
        started_at: row.try_get("started_at")?,
        wait_started_at: row.try_get("wait_started_at")?,
        accepted_at: row.try_get("accepted_at")?,
        pre_chat: pre_chat(db, id).await?,
        self_service: self_service(db, id).await?,
        visitor: VisitorDetails {
            authenticated: row.try_get("visitor_authenticated")?,
            browser: row.try_get("visitor_browser")?,
            os: row.try_get("visitor_os")?,
            location: row.try_get("visitor_location")?,
            language: row.try_get("visitor_language")?,
        },
        context: context(db, id).await?,
        links: links_from_row(&row)?,
    }))
}

/// The pre-chat answers, in the order the questions were asked.
async fn pre_chat(db: &SqlitePool, id: i64) -> Result<Vec<PreChatAnswer>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT question, answer, kind FROM prechat_answers
         WHERE conversation_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PreChatAnswer {
                question: row.try_get("question")?,
                answer: row.try_get("answer")?,
                kind: enum_column(row, "kind", AnswerKind::parse)?,
            })
        })
        .collect()
}

/// The self-service journey, newest first.
async fn self_service(db: &SqlitePool, id: i64) -> Result<Vec<JourneyItem>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT type_code, title, url, at FROM journey_items
         WHERE conversation_id = ? ORDER BY at DESC, id DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(JourneyItem {
                type_code: row.try_get("type_code")?,
                title: row.try_get("title")?,
                url: row.try_get("url")?,
                at: row.try_get("at")?,
            })
        })
        .collect()
}

/// The displayable context variables, in their stored order.
async fn context(db: &SqlitePool, id: i64) -> Result<Vec<ContextItem>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT name, value FROM context_items
         WHERE conversation_id = ? AND displayable ORDER BY position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ContextItem {
                name: row.try_get("name")?,
                value: row.try_get("value")?,
            })
        })
        .collect()
}

/// The links of a row that has `customer_kind`, `customer_id` and `case_id`.
pub fn links_from_row(row: &SqliteRow) -> Result<Links, sqlx::Error> {
    let kind: Option<&str> = row.try_get("customer_kind")?;
    let customer = match kind {
        Some(_) => Some(CustomerRef {
            kind: enum_column(row, "customer_kind", CustomerKind::parse)?,
            id: row.try_get("customer_id")?,
        }),
        None => None,
    };
    Ok(Links {
        customer,
        case_id: row.try_get("case_id")?,
    })
}

/// The records linked to conversation `id`; 404 if it does not exist.
pub async fn links<'e>(db: impl SqliteExecutor<'e>, id: i64) -> ApiResult<Links> {
    let row =
        sqlx::query("SELECT customer_kind, customer_id, case_id FROM conversations WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?
            .ok_or_else(|| ApiError::not_found("Conversation", id))?;
    Ok(links_from_row(&row)?)
}

/// `GET /conversations/{id}/customer`.
pub async fn customer(
    State(state): State<AppState>,
    path: PathParams,
) -> ApiResult<Json<LinkedCustomer>> {
    let links = links(&state.db, path.id("id")?).await?;
    let customer = match links.customer {
        Some(reference) => records::customer(&state.db, reference).await?,
        None => None,
    };
    Ok(Json(LinkedCustomer { customer }))
}

/// `GET /conversations/{id}/case`.
pub async fn case(State(state): State<AppState>, path: PathParams) -> ApiResult<Json<LinkedCase>> {
    let links = links(&state.db, path.id("id")?).await?;
    let case = match links.case_id {
        Some(case_id) => records::case(&state.db, case_id).await?,
        None => None,
    };
    Ok(Json(LinkedCase { case }))
}

/// `GET /conversations/{id}/recent-cases?limit=`: the linked customer's.
pub async fn customer_recent_cases(
    State(state): State<AppState>,
    path: PathParams,
    query: QueryParams,
) -> ApiResult<Json<RecentCases>> {
    let id = path.id("id")?;
    let limit = recent_cases_limit(&query)?;
    let links = links(&state.db, id).await?;
    Ok(Json(recent_cases(&state.db, links.customer, limit).await?))
}

/// Which linked record a conversation timeline shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Customer,
    Case,
}

impl Which {
    fn parse(text: &str) -> Option<Self> {
        [Which::Customer, Which::Case]
            .into_iter()
            .find(|which| which.name() == text)
    }

    fn name(self) -> &'static str {
        match self {
            Which::Customer => "customer",
            Which::Case => "case",
        }
    }

    fn matches(self, record: &LinkedRecord) -> bool {
        (record.kind == RecordKind::Case) == (self == Which::Case)
    }
}

/// `GET /conversations/{id}/timeline?record=&limit=&cursor=&types=`.
pub async fn timeline(
    State(state): State<AppState>,
    path: PathParams,
    query: QueryParams,
) -> ApiResult<Json<TimelinePage>> {
    let id = path.id("id")?;
    let which = query
        .get("record")
        .map(|text| one_of("record", text, Which::parse, "customer or case"))
        .transpose()?;
    let page_query = TimelineQuery::parse(&query)?;
    let records = linked_records(&state.db, links(&state.db, id).await?).await?;
    let record = match which {
        None => records.first().cloned(),
        Some(which) => Some(
            records
                .iter()
                .find(|record| which.matches(record))
                .cloned()
                .ok_or_else(|| {
                    ApiError::bad_parameter(
                        "record",
                        format!("No {} is linked to conversation {id}", which.name()),
                    )
                })?,
        ),
    };
    Ok(Json(
        timeline::page(&state.db, record, records, &page_query).await?,
    ))
}

/// The linked customer, then the linked case, as the selector lists them.
async fn linked_records(db: &SqlitePool, links: Links) -> Result<Vec<LinkedRecord>, sqlx::Error> {
    let mut records = Vec::with_capacity(2);
    if let Some(customer) = links.customer {
        records.extend(linked_record(db, customer.kind.into(), customer.id).await?);
    }
    if let Some(case_id) = links.case_id {
        records.extend(linked_record(db, RecordKind::Case, case_id).await?);
    }
    Ok(records)
}
