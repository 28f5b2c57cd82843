//! What accepting and closing a conversation do: accept takes a waiting
//! conversation for the agent; close ends a waiting or active one. Doing
//! again what is done is no change (a retried request succeeds); taking
//! a conversation another agent has, or changing a closed one, is a 409
//! that says why. A channel may feed a conversation until it closes.

use customer_summary_model::{Actor, ConversationStatus};

use crate::error::{ApiError, ApiResult};

/// What an agent does to a conversation's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusChange {
    Accept,
    Close,
}

impl StatusChange {
    /// The status it leaves the conversation in.
    pub fn status(self) -> ConversationStatus {
        match self {
            StatusChange::Accept => ConversationStatus::Active,
            StatusChange::Close => ConversationStatus::Closed,
        }
    }
}

/// Whether `change` by agent `by` changes a conversation in `status`,
/// accepted by `holder`: `false` when it is done already, a 409 when it
/// may not be done.
pub fn changes(
    change: StatusChange,
    status: ConversationStatus,
    holder: Option<&Actor>,
    by: &Actor,
) -> ApiResult<bool> {
    use ConversationStatus::{Active, Closed, Waiting};
    match (change, status) {
        (StatusChange::Accept, Waiting) | (StatusChange::Close, Waiting | Active) => Ok(true),
        (StatusChange::Accept, Active) => match holder {
            Some(holder) if holder.id != by.id => Err(ApiError::StatusConflict {
                code: "already_accepted",
                message: format!("{} has accepted this conversation already", holder.name),
            }),
            // Theirs, or accepted before agents were recorded.
            _ => Ok(false),
        },
        (StatusChange::Close, Closed) => Ok(false),
        (StatusChange::Accept, Closed) => Err(closed()),
    }
}

/// `Ok` if a channel may still add to a conversation in `status`: until
/// it is closed.
pub fn open_for_intake(status: ConversationStatus) -> ApiResult<()> {
    match status {
        ConversationStatus::Waiting | ConversationStatus::Active => Ok(()),
        ConversationStatus::Closed => Err(closed()),
    }
}

fn closed() -> ApiError {
    ApiError::StatusConflict {
        code: "conversation_closed",
        message: "This conversation is closed".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(id: &str) -> Actor {
        Actor {
            id: id.into(),
            name: format!("Agent {id}"),
        }
    }

    #[test]
    fn accept_takes_a_waiting_conversation_once() {
        let ana = agent("ana");
        use ConversationStatus::*;
        assert!(changes(StatusChange::Accept, Waiting, None, &ana).expect("free"));
        assert!(!changes(StatusChange::Accept, Active, Some(&ana), &ana).expect("hers"));
        let taken = changes(StatusChange::Accept, Active, Some(&ana), &agent("ben"));
        assert!(matches!(
            taken,
            Err(ApiError::StatusConflict { code: "already_accepted", ref message })
                if message == "Agent ana has accepted this conversation already"
        ));
        assert!(changes(StatusChange::Accept, Closed, None, &ana).is_err());
    }

    #[test]
    fn close_ends_a_conversation_once() {
        let ana = agent("ana");
        use ConversationStatus::*;
        assert!(changes(StatusChange::Close, Waiting, None, &ana).expect("waiting"));
        assert!(changes(StatusChange::Close, Active, Some(&agent("ben")), &ana).expect("anyone's"));
        assert!(!changes(StatusChange::Close, Closed, None, &ana).expect("closed already"));
    }
}
