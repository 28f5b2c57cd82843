//! A conversation's live events, as its stream sends them (`GET
//! /conversations/{id}/events`, Server-Sent Events): each message's
//! `event` is the event's [`LiveEvent::name`], its `id` the event's number
//! in the conversation's log (1, 2, 3…), its `data` the event as JSON.
//! `docs/events.md` describes the stream.

use serde::{Deserialize, Serialize};

use crate::{Actor, Links, Millis, RecordKind, TimelineItem};

/// One change to what a conversation's summary shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    /// Agent `by` changed the conversation's links to `links` (linked or
    /// unlinked a customer or case, created one, or recognition linked
    /// them, as the agent whose page asked).
    LinksChanged { links: Links, by: Actor, at: Millis },
    /// A note was added to the timeline of a record the conversation has
    /// linked.
    NoteAdded {
        record_kind: RecordKind,
        record_id: i64,
        item: TimelineItem,
    },
    /// Events after the stream's last one are no longer kept: load the
    /// summary again. The stream goes on after this message's id.
    Reload,
    /// Who else has this conversation, or its customer, open right now:
    /// sent when that changes, never kept in the log. Its id is the last
    /// event's, so the resume point does not move.
    Presence { viewers: Vec<Viewer> },
}

/// Another agent with the conversation, or its customer, open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub agent: Actor,
    /// `true` on this conversation; `false` on another conversation with
    /// the same customer.
    pub here: bool,
}

impl LiveEvent {
    /// Its SSE event name, the `type` of its JSON.
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::LinksChanged { .. } => "links_changed",
            LiveEvent::NoteAdded { .. } => "note_added",
            LiveEvent::Reload => "reload",
            LiveEvent::Presence { .. } => "presence",
        }
    }
}
