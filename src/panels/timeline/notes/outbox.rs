//! Notes saved but not yet stored by the server, and how they are sent:
//! every attempt of a note carries its one `Idempotency-Key`, so however
//! many reach the server (two tabs, a retry after a lost answer) it is
//! stored once. Failures that may pass are retried with backoff; a refusal
//! is final and hands the note back to the agent. A note goes out only
//! with its author's token, while the page is signed in as them.

use customer_summary_model::{Actor, FieldError, Millis, NewNote, TimelineItem};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use super::draft::NoteDraft;
use super::{NoteRecord, Notes};
use crate::api::{backoff_ms, ApiError};

/// How often a note waiting for its author's token looks again.
const CREDENTIALS_POLL_MS: u32 = 250;

/// A saved note the server has not stored yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingNote {
    /// Sent as `Idempotency-Key` with every attempt.
    pub key: String,
    /// Who wrote it, and the only agent it is sent as. `None` only in
    /// notes kept before agents signed in, until an agent takes them on.
    #[serde(default)]
    pub author: Option<Actor>,
    pub note: NewNote,
    /// When the agent saved it.
    pub at: Millis,
    /// Why the last attempt failed; `None` while an attempt is under way.
    pub failure: Option<String>,
    /// Whether the server refused it for good: it is not sent again until
    /// the agent edits it or discards it.
    #[serde(default)]
    pub refused: bool,
}

impl PendingNote {
    /// Whether `item` may be this note, stored by another tab sending it
    /// with the same key while this one's answer is still on its way:
    /// the same text by the same agent, and not refused.
    pub fn may_be(&self, item: &TimelineItem) -> bool {
        !self.refused
            && item.body == self.note.text
            && self
                .author
                .as_ref()
                .is_some_and(|author| author.id == item.author.id)
    }
}

impl Notes {
    /// Sends a pending note until the server stores or refuses it.
    pub(super) fn send(&self, record: NoteRecord, key: String) {
        let api = self.api.get_value();
        let notes = *self;
        spawn_local(async move {
            let mut attempt = 0;
            loop {
                // Stored, discarded, taken back or gone with its agent
                // meanwhile: done.
                let Some((note, author)) = notes.pending_note(&key) else {
                    return;
                };
                let Some(token) = notes.current.credentials_of(&author) else {
                    // The console's new token is not confirmed as the
                    // author's yet: wait, and never send it as another.
                    TimeoutFuture::new(CREDENTIALS_POLL_MS).await;
                    continue;
                };
                notes.set_failure(record, &key, None, false);
                let sent = api
                    .add_note(record.kind, record.id, &note, &key, token.as_deref())
                    .await;
                match sent {
                    Ok(item) => {
                        // Two attempts may both succeed (the same stored note):
                        // only the first shows it.
                        if notes.forget(record, &key) {
                            notes.add_saved(record, item);
                        }
                        return;
                    }
                    Err(ApiError::Invalid {
                        message,
                        field: Some(field),
                    }) if notes.can_take_back(record, &field, &author) => {
                        // The server's rules refused it: back into the empty
                        // form, with the reason next to the field.
                        notes.forget(record, &key);
                        notes.put_in_form(record, NoteDraft::from_note(note));
                        notes.errors.set(vec![FieldError { field, message }]);
                        return;
                    }
                    Err(error @ ApiError::Unauthorized) => {
                        // The author's token expired: the console renews it
                        // and the page confirms who it signs in.
                        notes.set_failure(record, &key, Some(error.to_string()), false);
                        api.renew_console_token().await;
                        TimeoutFuture::new(backoff_ms(attempt)).await;
                    }
                    Err(error) if error.is_transient() => {
                        notes.set_failure(record, &key, Some(error.to_string()), false);
                        TimeoutFuture::new(error.retry_in_ms(attempt)).await;
                    }
                    Err(error) => {
                        notes.set_failure(record, &key, Some(error.to_string()), true);
                        return;
                    }
                }
                attempt += 1;
            }
        });
    }

    /// The note pending under `key` and its author, if it is pending.
    pub(super) fn pending_note(&self, key: &str) -> Option<(NewNote, Actor)> {
        self.pending.try_with_untracked(|pending| {
            pending
                .iter()
                .find(|(_, note)| note.key == key)
                .and_then(|(_, pending)| Some((pending.note.clone(), pending.author.clone()?)))
        })?
    }

    /// Whether a refused note can go back into the quick note: its author
    /// is signed in, the quick note is open on the note's record, empty,
    /// and has the field at fault. (Read after an answer, when the panel
    /// may be gone.)
    fn can_take_back(&self, record: NoteRecord, field: &str, author: &Actor) -> bool {
        self.current.is(author)
            && self.record.try_get_untracked().flatten() == Some(record)
            && self
                .draft
                .try_with_untracked(NoteDraft::is_empty)
                .unwrap_or(false)
            && matches!(field, "title" | "text")
    }

    fn set_failure(&self, record: NoteRecord, key: &str, failure: Option<String>, refused: bool) {
        let mut changed = None;
        // After an answer the panel may be gone: then nothing to change.
        _ = self.pending.try_update(|pending| {
            if let Some((_, note)) = pending.iter_mut().find(|(_, note)| note.key == key) {
                note.failure = failure;
                note.refused = refused;
                changed = Some(note.clone());
            }
        });
        if let Some(note) = changed {
            self.keep(|storage| storage.keep_pending(record, &note));
        }
    }
}
