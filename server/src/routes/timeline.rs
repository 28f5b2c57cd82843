//! A record's timeline, and the paging and filter parameters every
//! timeline request reads.

use axum::extract::State;
use axum::Json;
use customer_summary_model::TimelinePage;

use super::contract::params::{PageQuery, RecordPath};
use super::contract::responses::{BadParameter, NotFound};
use super::params::{PathParams, QueryParams};
use crate::error::ApiResult;
use crate::rules::timeline::TimelineQuery;
use crate::store::Store;

/// The `types`, `limit`, `cursor` and `q` parameters.
pub fn timeline_query(query: &QueryParams) -> ApiResult<TimelineQuery> {
    TimelineQuery::parse(
        query.get("types"),
        query.get("limit"),
        query.get("cursor"),
        query.get("q"),
    )
}

/// `GET /records/{kind}/{id}/timeline?limit=&cursor=&types=`.
#[utoipa::path(
    get,
    path = "/records/{kind}/{id}/timeline",
    operation_id = "getRecordTimeline",
    summary = "A page of a record's timeline; `record` is that record and `records` holds only it. 404 if it does not exist.",
    params(RecordPath, PageQuery),
    responses(
        (status = 200, description = "OK", body = TimelinePage),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
    ),
)]
pub async fn record_timeline(
    State(store): State<Store>,
    path: PathParams,
    query: QueryParams,
) -> ApiResult<Json<TimelinePage>> {
    let (kind, id) = path.record()?;
    let query = timeline_query(&query)?;
    let record = store.existing_record(kind, id).await?;
    Ok(Json(
        store
            .timeline(Some(record.clone()), vec![record], &query)
            .await?,
    ))
}
