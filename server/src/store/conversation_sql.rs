//! SQL statements of a conversation that both backends run as written:
//! plain SQL with `$1`-style placeholders, which SQLite and PostgreSQL
//! both accept. Each backend runs them on its own connections.

use customer_summary_model::{ConversationStatus, LinkSlot, Links, RecordKind};

/// The list items of the conversations whose status is `$1`, `$2` or `$3`
/// ([`list_statuses`]), by id: their own columns, who accepted each, and
/// the name of the linked customer (`rows::list_item_from_row`).
pub const LIST: &str = "
    SELECT c.id, c.title, c.channel, c.status, c.queue, c.started_at, c.wait_started_at,
           c.accepted_at, c.accepted_by_id, c.accepted_by_name,
           coalesce(ct.full_name, ac.name) AS customer
    FROM conversations c
    LEFT JOIN contacts ct ON c.customer_kind = 'contact' AND ct.id = c.customer_id
    LEFT JOIN accounts ac ON c.customer_kind = 'account' AND ac.id = c.customer_id
    WHERE c.status IN ($1, $2, $3)
    ORDER BY c.id";

/// The three values [`LIST`] binds for `statuses`: each of them, the
/// first repeated to fill the places left; every status when empty.
pub fn list_statuses(statuses: &[ConversationStatus]) -> [&'static str; 3] {
    use ConversationStatus::{Active, Closed, Waiting};
    let kept: Vec<&'static str> = [Waiting, Active, Closed]
        .into_iter()
        .filter(|status| statuses.is_empty() || statuses.contains(status))
        .map(ConversationStatus::as_str)
        .collect();
    std::array::from_fn(|place| kept.get(place).copied().unwrap_or(kept[0]))
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use ConversationStatus::{Active, Closed, Waiting};

    #[test]
    fn the_list_binds_each_status_asked_for_and_every_one_when_none_is() {
        assert_eq!(list_statuses(&[]), ["waiting", "active", "closed"]);
        assert_eq!(list_statuses(&[Closed]), ["closed"; 3]);
        assert_eq!(
            list_statuses(&[Active, Waiting, Active]),
            ["waiting", "active", "waiting"]
        );
        assert_eq!(
            list_statuses(&[Closed, Active, Waiting, Closed]),
            ["waiting", "active", "closed"]
        );
    }
}
