//! Recognition in SQLite: in one write transaction, the conversation's
//! stored outcome is read, its pre-chat answers' clues are looked up in
//! the active records, and the outcome and links are written, the links
//! as changed by the agent whose page asked.

use customer_summary_model::{Actor, CustomerKind, CustomerRef, Recognition, RecognitionOutcome};
use sqlx::{Row, SqliteConnection};

use super::conversations::record_link_changes;
use super::SqliteStore;
use crate::error::{ApiError, ApiResult};
use crate::rules::recognition::{clue, outcome_name, parse_outcome, Matches, Verdict};
use crate::store::recognition::lookup;
use crate::store::rows::{links_from_row, Columns};

impl SqliteStore {
    pub(in crate::store) async fn recognize(&self, id: i64, by: Actor) -> ApiResult<Recognition> {
        self.write(move |conn| Box::pin(async move { recognize_once(conn, id, &by).await }))
            .await
    }
}

/// Recognises conversation `id`'s customer, inside the write transaction,
/// unless it was done before; then reports the stored outcome.
async fn recognize_once(
    conn: &mut SqliteConnection,
    id: i64,
    by: &Actor,
) -> ApiResult<Recognition> {
    let row = sqlx::query(
        "SELECT customer_kind, customer_id, case_id, recognition FROM conversations WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| ApiError::not_found("Conversation", id))?;
    let links = links_from_row(&row)?;
    if row.try_get::<Option<&str>, _>("recognition")?.is_some() {
        return Ok(Recognition {
            outcome: row.enumeration("recognition", parse_outcome)?,
            linked_now: false,
            links,
        });
    }
    let (outcome, customer, case_id) = if links.customer.is_some() {
        (RecognitionOutcome::AlreadyLinked, None, None)
    } else {
        match matches(&mut *conn, id).await?.verdict() {
            Verdict::Unlinked(outcome) => (outcome, None, None),
            Verdict::Linked { customer, case_id } => {
                let case_id = match case_id {
                    Some(case_id) => Some(case_id),
                    None => only_active_case(&mut *conn, customer).await?,
                };
                (RecognitionOutcome::Linked, Some(customer), case_id)
            }
        }
    };
    let row = sqlx::query(
        "UPDATE conversations SET recognition = ?,
            customer_kind = coalesce(?, customer_kind), customer_id = coalesce(?, customer_id),
            case_id = coalesce(?, case_id)
         WHERE id = ? RETURNING customer_kind, customer_id, case_id",
    )
    .bind(outcome_name(outcome))
    .bind(customer.map(|c| c.kind.as_str()))
    .bind(customer.map(|c| c.id))
    .bind(case_id)
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let linked = links_from_row(&row)?;
    record_link_changes(conn, id, links, linked, by).await?;
    Ok(Recognition {
        outcome,
        linked_now: outcome == RecognitionOutcome::Linked,
        links: linked,
    })
}

/// The active records that conversation `id`'s answers match.
async fn matches(conn: &mut SqliteConnection, id: i64) -> ApiResult<Matches> {
    let answers = sqlx::query(
        "SELECT question, answer FROM prechat_answers WHERE conversation_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut matches = Matches::default();
    for row in &answers {
        let Some(clue) = clue(row.try_get("question")?, row.try_get("answer")?) else {
            continue;
        };
        for found in sqlx::query(lookup(clue.field))
            .bind(clue.value)
            .fetch_all(&mut *conn)
            .await?
        {
            let customer = CustomerRef {
                kind: found.enumeration("kind", CustomerKind::parse)?,
                id: found.try_get("id")?,
            };
            matches.add(customer, found.try_get("case_id")?);
        }
    }
    Ok(matches)
}

/// The customer's active case when they have exactly one.
async fn only_active_case(
    conn: &mut SqliteConnection,
    customer: CustomerRef,
) -> Result<Option<i64>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM cases WHERE customer_kind = ? AND customer_id = ? AND active LIMIT 2",
    )
    .bind(customer.kind.as_str())
    .bind(customer.id)
    .fetch_all(conn)
    .await?;
    Ok(match ids[..] {
        [only] => Some(only),
        _ => None,
    })
}
