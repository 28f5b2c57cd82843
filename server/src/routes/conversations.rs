//! Conversations: the list (the agents' inbox, answered conditionally),
//! one conversation's summary, and what is linked to it (customer, case,
//! the customer's recent cases, their timelines).

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use customer_summary_model::{
    Conversation, ConversationListItem, ConversationStatus, LinkSlot, LinkedCase, LinkedCustomer,
    LinkedRecord, RecentCases, RecordKind, TimelinePage,
};

use super::conditional::IfNoneMatch;
use super::contract::params::{IdPath, PageQuery, RecentLimit, StatusFilter, TimelineRecord};
use super::contract::responses::{BadParameter, NotFound, NotModified};
use super::params::{PathParams, QueryParams};
use super::records::recent_cases_limit;
use super::timeline::timeline_query;
use crate::error::{ApiError, ApiResult};
use crate::rules::parse::{comma_list, one_of};
use crate::store::Store;

/// The values of `GET /conversations?status=`.
const STATUSES: [ConversationStatus; 3] = [
    ConversationStatus::Waiting,
    ConversationStatus::Active,
    ConversationStatus::Closed,
];

/// `GET /conversations?status=`: the agents' inbox, by id; 304 when the
/// client has it already (`If-None-Match`).
#[utoipa::path(
    get,
    path = "/conversations",
    operation_id = "listConversations",
    summary = "The conversations of the given statuses (every one by default), by id, with who accepted each and the linked customer's name.",
    params(StatusFilter, IfNoneMatch),
    responses(
        (status = 200, description = "OK", body = [ConversationListItem], headers(
            ("ETag" = String, description = "A strong entity tag of this body: send it back in `If-None-Match` to get 304 while the list is the same."),
            ("Cache-Control" = String, description = "`no-cache`: revalidate before reusing a stored copy."),
        )),
        (status = 304, response = NotModified),
        (status = 400, response = BadParameter),
    ),
)]
pub async fn list(
    State(store): State<Store>,
    query: QueryParams,
    held: IfNoneMatch,
) -> ApiResult<Response> {
    let names = STATUSES.map(ConversationStatus::as_str);
    let statuses = comma_list(
        "status",
        query.get("status"),
        ConversationStatus::parse,
        &names,
    )?;
    held.json(&store.conversations(&statuses).await?)
}

/// `GET /conversations/{id}`: everything the Conversation summary shows.
#[utoipa::path(
    get,
    path = "/conversations/{id}",
    operation_id = "getConversation",
    summary = "A conversation's summary: details, pre-chat, self service, visitor, displayable context, links.",
    params(IdPath),
    responses(
        (status = 200, description = "OK", body = Conversation),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn get(
    State(store): State<Store>,
    path: PathParams,
) -> ApiResult<Json<Arc<Conversation>>> {
    Ok(Json(store.conversation(path.id("id")?).await?))
}

/// `GET /conversations/{id}/customer`: the customer, and who last linked
/// or unlinked one.
#[utoipa::path(
    get,
    path = "/conversations/{id}/customer",
    operation_id = "getLinkedCustomer",
    summary = "The full contact or account linked to the conversation, or null.",
    params(IdPath),
    responses(
        (status = 200, description = "OK", body = LinkedCustomer),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn customer(
    State(store): State<Store>,
    path: PathParams,
) -> ApiResult<Json<LinkedCustomer>> {
    let id = path.id("id")?;
    let links = store.links(id).await?;
    let customer = match links.customer {
        Some(reference) => store.customer(reference).await?,
        None => None,
    };
    let changed = store.last_link_change(id, LinkSlot::Customer).await?;
    Ok(Json(LinkedCustomer { customer, changed }))
}

/// `GET /conversations/{id}/case`: the case, and who last linked or
/// unlinked one.
#[utoipa::path(
    get,
    path = "/conversations/{id}/case",
    operation_id = "getLinkedCase",
    summary = "The case linked to the conversation, or null.",
    params(IdPath),
    responses(
        (status = 200, description = "OK", body = LinkedCase),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn case(State(store): State<Store>, path: PathParams) -> ApiResult<Json<LinkedCase>> {
    let id = path.id("id")?;
    let links = store.links(id).await?;
    let case = match links.case_id {
        Some(case_id) => store.case(case_id).await?,
        None => None,
    };
    let changed = store.last_link_change(id, LinkSlot::Case).await?;
    Ok(Json(LinkedCase { case, changed }))
}

/// `GET /conversations/{id}/recent-cases?limit=`: the linked customer's.
#[utoipa::path(
    get,
    path = "/conversations/{id}/recent-cases",
    operation_id = "getConversationRecentCases",
    summary = "The linked customer's recent cases (customer null and no cases when none is linked).",
    params(IdPath, RecentLimit),
    responses(
        (status = 200, description = "OK", body = RecentCases),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn customer_recent_cases(
    State(store): State<Store>,
    path: PathParams,
    query: QueryParams,
) -> ApiResult<Json<RecentCases>> {
    let id = path.id("id")?;
    let limit = recent_cases_limit(&query)?;
    let links = store.links(id).await?;
    Ok(Json(store.recent_cases(links.customer, limit).await?))
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
#[utoipa::path(
    get,
    path = "/conversations/{id}/timeline",
    operation_id = "getConversationTimeline",
    summary = "A page of the timeline of a record linked to the conversation. With nothing linked: record null, no items, next_cursor null.",
    params(IdPath, TimelineRecord, PageQuery),
    responses(
        (status = 200, description = "OK", body = TimelinePage),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn timeline(
    State(store): State<Store>,
    path: PathParams,
    query: QueryParams,
) -> ApiResult<Json<TimelinePage>> {
    let id = path.id("id")?;
    let which = query
        .get("record")
        .map(|text| one_of("record", text, Which::parse, "customer or case"))
        .transpose()?;
    let page_query = timeline_query(&query)?;
    let records = store.linked_records(store.links(id).await?).await?;
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
    Ok(Json(store.timeline(record, records, &page_query).await?))
}
