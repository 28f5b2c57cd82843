//! Recognition: linking the customer the pre-chat answers name, once per
//! conversation, as `rules::recognition` decides.

use customer_summary_model::{Actor, Recognition};

use super::Store;
use crate::error::ApiResult;
use crate::rules::recognition::Field;

impl Store {
    /// Recognises conversation `id`'s customer unless that was done
    /// before, or the conversation already links one (`already_linked`),
    /// and reports the stored outcome; 404 if it does not exist. At most
    /// once per conversation, atomically (guarantee 4): `linked_now` is
    /// true only for the call that linked. A link it makes is kept as
    /// made by `by`.
    pub async fn recognize(&self, id: i64, by: &Actor) -> ApiResult<Recognition> {
        let by = by.clone();
        dispatch!(self, store => store.recognize(id, by).await)
    }
}

/// The query of the active records a clue of `field` matches: rows of
/// `kind, id, case_id`, the clue's value bound as `$1`. Plain SQL that
/// SQLite and PostgreSQL both run.
pub(super) fn lookup(field: Field) -> &'static str {
    match field {
        Field::Name => {
            "SELECT 'contact' AS kind, id, CAST(NULL AS BIGINT) AS case_id FROM contacts
                 WHERE active AND full_name_key = $1
             UNION ALL SELECT 'account', id, NULL FROM accounts WHERE active AND name_key = $1"
        }
        Field::Email => {
            "SELECT 'contact' AS kind, id, CAST(NULL AS BIGINT) AS case_id FROM contacts
                 WHERE active AND lower(email) = $1
             UNION ALL SELECT 'account', id, NULL FROM accounts WHERE active AND lower(email) = $1"
        }
        Field::Phone => {
            "SELECT 'contact' AS kind, id, CAST(NULL AS BIGINT) AS case_id FROM contacts
                 WHERE active AND mobile_digits = $1
             UNION ALL SELECT 'account', id, NULL FROM accounts
                 WHERE active AND main_phone_digits = $1"
        }
        Field::CaseNumber => {
            "SELECT k.customer_kind AS kind, k.customer_id AS id, k.id AS case_id FROM cases k
             LEFT JOIN contacts ct ON k.customer_kind = 'contact' AND ct.id = k.customer_id
             LEFT JOIN accounts ac ON k.customer_kind = 'account' AND ac.id = k.customer_id
             WHERE k.active AND lower(k.ticket_number) = $1
                 AND coalesce(ct.active, ac.active, false)"
        }
    }
}
