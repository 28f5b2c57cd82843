//! A conversation's live events, as its stream sends them (`GET
//! /conversations/{id}/events`, Server-Sent Events): each message's
//! `event` is the event's [`LiveEvent::name`], its `id` the event's number
//! in the conversation's log (1, 2, 3…), its `data` the event as JSON.
//! `docs/events.md` describes the stream.
//!
//! Each event's fields are a struct of their own, so that a client that
//! knows the event's name from the message can decode the struct directly
//! rather than through the tagged enum (the app does: its wasm is smaller
//! without the tagged enum's decoder).

use serde::{Deserialize, Serialize};

use crate::{Actor, ConversationStatus, Links, Millis, RecordKind, TimelineItem};

/// One event of a conversation's live stream, as the `data` of its Server-Sent
/// Event (whose `event` is this `type` and whose `id` is its number in the
/// conversation's log). See docs/events.md.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    LinksChanged(LinksChanged),
    NoteAdded(NoteAdded),
    StatusChanged(StatusChanged),
    ConversationUpdated(ConversationUpdated),
    /// Events after the stream's last one are no longer kept: load the
    /// summary again. The stream goes on after this message's id.
    Reload,
    Presence(Presence),
}

/// Agent `by` changed the conversation's links to `links` (linked or
/// unlinked a customer or case, created one, or recognition linked them,
/// as the agent whose page asked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinksChanged {
    pub links: Links,
    pub by: Actor,
    pub at: Millis,
}

/// A note was added to the timeline of a record the conversation has
/// linked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteAdded {
    pub record_kind: RecordKind,
    pub record_id: i64,
    pub item: TimelineItem,
}

/// Agent `by` accepted or closed the conversation at `at`; `status`,
/// `accepted_at` and `accepted_by` are the conversation's after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChanged {
    pub status: ConversationStatus,
    pub accepted_at: Option<Millis>,
    pub accepted_by: Option<Actor>,
    pub by: Actor,
    pub at: Millis,
}

/// Channel `by` added self-service actions or changed the visitor's
/// details or context variables at `at`: the summary's conversation
/// details are loaded again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationUpdated {
    pub by: Actor,
    pub at: Millis,
}

/// Who else has this conversation, or its customer, open right now: sent
/// when that changes, never kept in the log. Its id is the last event's,
/// so the resume point does not move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Presence {
    pub viewers: Vec<Viewer>,
}

/// Another agent with the conversation, or its customer, open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Viewer {
    pub agent: Actor,
    /// `true` on this conversation; `false` on another conversation with
    /// the same customer.
    pub here: bool,
}

impl LiveEvent {
    pub const LINKS_CHANGED: &'static str = "links_changed";
    pub const NOTE_ADDED: &'static str = "note_added";
    pub const STATUS_CHANGED: &'static str = "status_changed";
    pub const CONVERSATION_UPDATED: &'static str = "conversation_updated";
    pub const RELOAD: &'static str = "reload";
    pub const PRESENCE: &'static str = "presence";

    /// Its SSE event name, the `type` of its JSON.
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::LinksChanged(_) => Self::LINKS_CHANGED,
            LiveEvent::NoteAdded(_) => Self::NOTE_ADDED,
            LiveEvent::StatusChanged(_) => Self::STATUS_CHANGED,
            LiveEvent::ConversationUpdated(_) => Self::CONVERSATION_UPDATED,
            LiveEvent::Reload => Self::RELOAD,
            LiveEvent::Presence(_) => Self::PRESENCE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_is_its_struct_tagged_with_its_name() {
        let event = LiveEvent::Presence(Presence { viewers: vec![] });
        let data = serde_json::to_string(&event).expect("JSON");
        assert_eq!(data, r#"{"type":"presence","viewers":[]}"#);
        assert_eq!(
            serde_json::from_str::<Presence>(&data).expect("its struct"),
            Presence { viewers: vec![] }
        );
        assert_eq!(event.name(), "presence");
    }
}
