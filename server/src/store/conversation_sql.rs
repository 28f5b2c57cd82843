//! SQL statements of a conversation that both backends run as written:
//! plain SQL with `$1`-style placeholders, which SQLite and PostgreSQL
//! both accept. Each backend runs them on its own connections.

use customer_summary_model::{LinkSlot, Links, RecordKind};

/// Every conversation's list item, by id.
pub const LIST: &str =
    "SELECT id, title, channel, status, started_at FROM conversations ORDER BY id";

/// Conversation `$1`'s links.
pub const LINKS: &str =
    "SELECT customer_kind, customer_id, case_id FROM conversations WHERE id = $1";

/// Sets conversation `$3`'s customer to kind `$1`, id `$2` (or none),
/// ending recognition; returns its links.
pub const SET_CUSTOMER: &str = "UPDATE conversations SET customer_kind = $1, customer_id = $2,
        recognition = coalesce(recognition, 'already_linked')
     WHERE id = $3
     RETURNING customer_kind, customer_id, case_id";

/// Sets conversation `$2`'s case to `$1` (or none); returns its links.
pub const SET_CASE: &str = "UPDATE conversations SET case_id = $1 WHERE id = $2
     RETURNING customer_kind, customer_id, case_id";

/// Records that agent `$5` (`$6` their name) changed link `$2` of
/// conversation `$1` at `$7`: to record kind `$3`, id `$4`, or to none
/// (both null).
pub const INSERT_LINK_CHANGE: &str = "INSERT INTO link_changes
        (conversation_id, link, record_kind, record_id, agent_id, agent_name, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// One link that differs between two states of a conversation's links:
/// its name (`customer` or `case`) and what it holds now, if anything.
pub struct ChangedLink {
    pub link: LinkSlot,
    pub record: Option<(RecordKind, i64)>,
}

/// The links that `after` changed from `before`, customer first.
pub fn changed_links(before: Links, after: Links) -> Vec<ChangedLink> {
    let mut changed = Vec::with_capacity(2);
    if before.customer != after.customer {
        changed.push(ChangedLink {
            link: LinkSlot::Customer,
            record: after.customer.map(|c| (c.kind.into(), c.id)),
        });
    }
    if before.case_id != after.case_id {
        changed.push(ChangedLink {
            link: LinkSlot::Case,
            record: after.case_id.map(|id| (RecordKind::Case, id)),
        });
    }
    changed
}
