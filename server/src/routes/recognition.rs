//! Recognising the customer from the pre-chat answers, as Dynamics 365
//! does: the answers to `Name`, `Email`, `Phone` and `CaseNumber` are
//! matched exactly against active records; exactly one customer found is
//! linked, with their case when it is certain which. It runs once per
//! conversation; the outcome is stored and later calls only report it.

use axum::extract::State;
use axum::Json;
use customer_summary_model::{CustomerKind, CustomerRef, Recognition, RecognitionOutcome};
use sqlx::{Row, SqliteConnection};

use super::conversations::links_from_row;
use super::params::PathParams;
use crate::db::{enum_column, write};
use crate::error::{ApiError, ApiResult};
use crate::search_key::search_key;
use crate::AppState;

/// The stored name of an outcome (the wire name).
fn outcome_name(outcome: RecognitionOutcome) -> &'static str {
    match outcome {
        RecognitionOutcome::Linked => "linked",
        RecognitionOutcome::Several => "several",
        RecognitionOutcome::NoMatch => "no_match",
        RecognitionOutcome::AlreadyLinked => "already_linked",
    }
}

fn parse_outcome(name: &str) -> Option<RecognitionOutcome> {
    [
        RecognitionOutcome::Linked,
        RecognitionOutcome::Several,
        RecognitionOutcome::NoMatch,
        RecognitionOutcome::AlreadyLinked,
    ]
    .into_iter()
    .find(|outcome| outcome_name(*outcome) == name)
}

/// The pre-chat questions that identify a customer (matched ignoring
/// case, and a name also ignoring accents), each with the query of the active records its answer matches:
/// rows of `kind, id, case_id`, the answer bound as `?1`.
const QUESTIONS: &[(&str, Answer, &str)] = &[
    (
        "Name",
        Answer::Key,
        "SELECT 'contact' AS kind, id, NULL AS case_id FROM contacts
             WHERE active AND full_name_key = ?1
         UNION ALL SELECT 'account', id, NULL FROM accounts WHERE active AND name_key = ?1",
    ),
    (
        "Email",
        Answer::Folded,
        "SELECT 'contact' AS kind, id, NULL AS case_id FROM contacts
             WHERE active AND lower(email) = ?1
         UNION ALL SELECT 'account', id, NULL FROM accounts WHERE active AND lower(email) = ?1",
    ),
    (
        "Phone",
        Answer::Digits,
        "SELECT 'contact' AS kind, id, NULL AS case_id FROM contacts
             WHERE active AND mobile_digits = ?1
         UNION ALL SELECT 'account', id, NULL FROM accounts
             WHERE active AND main_phone_digits = ?1",
    ),
    (
        "CaseNumber",
        Answer::Folded,
        "SELECT k.customer_kind AS kind, k.customer_id AS id, k.id AS case_id FROM cases k
         LEFT JOIN contacts ct ON k.customer_kind = 'contact' AND ct.id = k.customer_id
         LEFT JOIN accounts ac ON k.customer_kind = 'account' AND ac.id = k.customer_id
         WHERE k.active AND lower(k.ticket_number) = ?1 AND coalesce(ct.active, ac.active, 0)",
    ),
];

/// How an answer is compared.
#[derive(Clone, Copy)]
enum Answer {
    /// Trimmed and lower-cased as SQLite's `lower()` does.
    Folded,
    /// Trimmed, as a search key (case and accents ignored).
    Key,
    /// Its digits only.
    Digits,
}

impl Answer {
    /// The value to look up, or `None` when there is nothing to match.
    fn value(self, answer: &str) -> Option<String> {
        let value = match self {
            Answer::Folded => answer.trim().to_ascii_lowercase(),
            Answer::Key => search_key(answer.trim()),
            Answer::Digits => answer.chars().filter(char::is_ascii_digit).collect(),
        };
        (!value.is_empty()).then_some(value)
    }
}

/// `POST /conversations/{id}/recognition`.
pub async fn recognize(
    State(state): State<AppState>,
    path: PathParams,
) -> ApiResult<Json<Recognition>> {
    let id = path.id("id")?;
    let recognition = write(&state.writer, move |conn| {
        Box::pin(recognize_once(conn, id))
    })
    .await?;
    Ok(Json(recognition))
}

/// Recognises conversation `id`'s customer, inside the write transaction,
/// unless it was done before; then reports the stored outcome.
async fn recognize_once(conn: &mut SqliteConnection, id: i64) -> ApiResult<Recognition> {
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
            outcome: enum_column(&row, "recognition", parse_outcome)?,
            linked_now: false,
            links,
        });
    }
    let (outcome, customer, case_id) = if links.customer.is_some() {
        (RecognitionOutcome::AlreadyLinked, None, None)
    } else {
        match_answers(&mut *conn, id).await?
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
    .fetch_one(conn)
    .await?;
    Ok(Recognition {
        outcome,
        linked_now: outcome == RecognitionOutcome::Linked,
        links: links_from_row(&row)?,
    })
}

/// Matches conversation `id`'s answers: the outcome, and the customer and
/// case to link when it is `Linked`.
async fn match_answers(
    conn: &mut SqliteConnection,
    id: i64,
) -> ApiResult<(RecognitionOutcome, Option<CustomerRef>, Option<i64>)> {
    let answers = sqlx::query(
        "SELECT question, answer FROM prechat_answers WHERE conversation_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut customers: Vec<CustomerRef> = Vec::new();
    let mut cases: Vec<(CustomerRef, i64)> = Vec::new();
    for row in &answers {
        let question: &str = row.try_get("question")?;
        let Some(answer) = row.try_get::<Option<&str>, _>("answer")? else {
            continue;
        };
        let Some((_, how, select)) = QUESTIONS
            .iter()
            .find(|(name, _, _)| name.eq_ignore_ascii_case(question.trim()))
        else {
            continue;
        };
        let Some(value) = how.value(answer) else {
            continue;
        };
        for found in sqlx::query(select)
            .bind(value)
            .fetch_all(&mut *conn)
            .await?
        {
            let customer = CustomerRef {
                kind: enum_column(&found, "kind", CustomerKind::parse)?,
                id: found.try_get("id")?,
            };
            if !customers.contains(&customer) {
                customers.push(customer);
            }
            if let Some(case_id) = found.try_get::<Option<i64>, _>("case_id")? {
                cases.push((customer, case_id));
            }
        }
    }
    let [customer] = customers[..] else {
        let outcome = match customers.len() {
            0 => RecognitionOutcome::NoMatch,
            _ => RecognitionOutcome::Several,
        };
        return Ok((outcome, None, None));
    };
    // The case the customer named, else their only active case, if any.
    let case_id = match cases.iter().find(|(owner, _)| *owner == customer) {
        Some(&(_, case_id)) => Some(case_id),
        None => only_active_case(conn, customer).await?,
    };
    Ok((RecognitionOutcome::Linked, Some(customer), case_id))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_stored_by_their_wire_names() {
        for outcome in [
            RecognitionOutcome::Linked,
            RecognitionOutcome::Several,
            RecognitionOutcome::NoMatch,
            RecognitionOutcome::AlreadyLinked,
        ] {
            let wire = serde_json::to_value(outcome).expect("serialises");
            assert_eq!(wire.as_str(), Some(outcome_name(outcome)));
            assert_eq!(parse_outcome(outcome_name(outcome)), Some(outcome));
        }
    }

    #[test]
    fn answers_are_folded_or_reduced_to_digits() {
        assert_eq!(
            Answer::Folded.value("  Zoë LEFÈVRE "),
            Some("zoë lefÈvre".into())
        );
        assert_eq!(
            Answer::Digits.value("+33 (7) 00-17"),
            Some("3370017".into())
        );
        assert_eq!(Answer::Digits.value("none"), None);
        assert_eq!(Answer::Folded.value("   "), None);
    }
}
