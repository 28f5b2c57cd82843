//! Live updates of the summary: the conversation's event stream
//! (docs/events.md), opened once the Conversation panel has loaded, from
//! the event number its reply reflects; opened again after a drop from
//! the last event received, so nothing is missed or shown twice; closed
//! when the page leaves the conversation. Links changed elsewhere make the
//! panels that follow them load again ([`LinkedRecords`]); notes added
//! elsewhere wait in [`LiveUpdates::take_notes`] for the Timeline panel;
//! who else is viewing is [`LiveUpdates::viewers`], the status last
//! changed is [`LiveUpdates::status`], and a channel's changes make the
//! Conversation panel load again.

use std::time::Duration;

use customer_summary_model::{
    Actor, ConversationStatus, LinksChanged, LiveEvent, Millis, NoteAdded, Presence, RecordKind,
    StatusChanged, TimelineItem, Viewer,
};
use futures::channel::oneshot;
use futures::future::select;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{CurrentAgent, LinkedRecords};
use crate::api::{backoff_ms, ApiClient, ApiError, LinkSlot};

/// A note another page added to a record this conversation shows.
pub type NoteEvent = (RecordKind, i64, TimelineItem);

/// A conversation's status as a `status_changed` event left it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusNow {
    pub status: ConversationStatus,
    pub accepted_at: Option<Millis>,
    pub accepted_by: Option<Actor>,
}

/// The stream of the conversation open on the page, by context.
#[derive(Clone, Copy, Debug)]
pub struct LiveUpdates {
    /// The event number the loaded summary reflects; the stream starts
    /// once it is known.
    start: RwSignal<Option<i64>>,
    notes: RwSignal<Vec<NoteEvent>>,
    viewers: RwSignal<Vec<Viewer>>,
    status: RwSignal<Option<StatusNow>>,
    /// How many `reload` and `conversation_updated` events came: the
    /// Conversation panel loads again on each.
    reloads: RwSignal<u64>,
    /// The links the stream's link changes go to.
    linked: LinkedRecords,
    /// Who the page is signed in as: their own changes are never held.
    agent: CurrentAgent,
}

impl LiveUpdates {
    /// Provides conversation `id`'s live updates, read with `api`'s
    /// credentials for `agent`, changing `linked`; closes its stream when
    /// the calling owner is cleaned up.
    pub fn provide(id: i64, api: ApiClient, linked: LinkedRecords, agent: CurrentAgent) -> Self {
        let live = LiveUpdates {
            start: RwSignal::new(None),
            notes: RwSignal::new(Vec::new()),
            viewers: RwSignal::new(Vec::new()),
            status: RwSignal::new(None),
            reloads: RwSignal::new(0),
            linked,
            agent,
        };
        provide_context(live);
        let (close, closed) = oneshot::channel::<()>();
        on_cleanup(move || drop(close));
        let mut closed = Some(closed);
        Effect::new(move || {
            let Some(after) = live.start.get() else {
                return;
            };
            let Some(closed) = closed.take() else {
                return;
            };
            let api = api.clone();
            spawn_local(async move {
                let reading = Box::pin(read(api, id, after, live));
                // Dropping the reader on cleanup aborts its request.
                let _ = select(reading, closed).await;
            });
        });
        live
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// The Conversation panel loaded a summary that reflects the log up
    /// to event `seq`: the stream starts there (once).
    pub fn observe_start(&self, seq: i64) {
        if self.start.with_untracked(Option::is_none) {
            self.start.set(Some(seq));
        }
    }

    /// The notes received since the last call, oldest first; subscribes
    /// the calling scope to their arrival.
    pub fn take_notes(&self) -> Vec<NoteEvent> {
        self.notes.track();
        self.notes
            .try_update_untracked(std::mem::take)
            .unwrap_or_default()
    }

    /// The other agents viewing this conversation or its customer, as the
    /// stream last said.
    pub fn viewers(&self) -> Vec<Viewer> {
        self.viewers.get()
    }

    /// Subscribes the calling scope to `reload` events, and to a channel's
    /// changes to the conversation (`conversation_updated`).
    pub fn track_reloads(&self) {
        self.reloads.track();
    }

    /// The status since the last `status_changed` event, if one came.
    pub fn status(&self) -> Option<StatusNow> {
        self.status.get()
    }

    fn apply(&self, event: LiveEvent) {
        let linked = self.linked;
        match event {
            LiveEvent::LinksChanged(LinksChanged { links, by, .. }) => {
                let mine = self.agent.is(&by);
                linked.follow(links, by, mine);
            }
            LiveEvent::NoteAdded(NoteAdded {
                record_kind,
                record_id,
                item,
            }) => {
                _ = self
                    .notes
                    .try_update(|notes| notes.push((record_kind, record_id, item)));
            }
            LiveEvent::Reload => {
                // What the stream said of the status may be older than the
                // summary loaded now.
                _ = self.status.try_set(None);
                _ = self.reloads.try_update(|reloads| *reloads += 1);
                linked.changed(LinkSlot::Customer);
                linked.changed(LinkSlot::Case);
            }
            LiveEvent::ConversationUpdated(_) => {
                _ = self.reloads.try_update(|reloads| *reloads += 1);
            }
            LiveEvent::Presence(Presence { viewers }) => _ = self.viewers.try_set(viewers),
            LiveEvent::StatusChanged(StatusChanged {
                status,
                accepted_at,
                accepted_by,
                ..
            }) => {
                let now = StatusNow {
                    status,
                    accepted_at,
                    accepted_by,
                };
                _ = self.status.try_set(Some(now));
            }
        }
    }
}

/// Reads conversation `id`'s events after `after` for as long as the
/// page shows it, opening the stream again after each drop.
async fn read(api: ApiClient, id: i64, mut after: i64, live: LiveUpdates) {
    let mut attempt = 0;
    loop {
        let token = api.console_token();
        match api.open_events(id, after, token.as_deref()).await {
            Ok(mut reader) => {
                attempt = 0;
                while let Ok(Some((seq, event))) = reader.next().await {
                    after = seq;
                    live.apply(event);
                }
                // A new stream says who is viewing when anyone is.
                _ = live.viewers.try_set(Vec::new());
            }
            Err(ApiError::Unauthorized) => api.renew_console_token().await,
            // The conversation is gone: its page says so.
            Err(ApiError::NotFound(_)) => return,
            Err(_) => {}
        }
        let wait = backoff_ms(attempt);
        attempt += 1;
        gloo_timers::future::sleep(Duration::from_millis(u64::from(wait))).await;
    }
}
