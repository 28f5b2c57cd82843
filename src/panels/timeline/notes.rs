//! The panel's quick notes, kept so that none is lost or stored twice.
//!
//! The draft being typed is kept in localStorage per conversation and
//! record, so a reload or a re-created iframe brings it back. Saving moves
//! it into the record's pending notes, also in localStorage, with an
//! `Idempotency-Key` made once: every attempt of that note, even after a
//! reload, carries the same key, so the server stores it once. A note
//! leaves localStorage only when the server has confirmed it.

use customer_summary_model::{
    FieldError, FieldErrors, LinkedRecord, Millis, NewNote, RecordKind, TimelineItem,
};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::api::{backoff_ms, new_idempotency_key, ApiClient, ApiError};
use crate::components::field_error;
use crate::format;

/// A record notes are written on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoteRecord {
    pub kind: RecordKind,
    pub id: i64,
}

impl From<&LinkedRecord> for NoteRecord {
    fn from(record: &LinkedRecord) -> Self {
        NoteRecord {
            kind: record.kind,
            id: record.id,
        }
    }
}

/// The quick note as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoteDraft {
    pub title: String,
    pub text: String,
}

impl NoteDraft {
    /// The note to send: a blank title is no title; the rest exactly as typed.
    pub fn to_note(&self) -> NewNote {
        NewNote {
            title: (!self.title.trim().is_empty()).then(|| self.title.clone()),
            text: self.text.clone(),
        }
    }

    fn is_empty(&self) -> bool {
        self.title.is_empty() && self.text.is_empty()
    }
}

/// A saved note the server has not confirmed yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingNote {
    /// Sent as `Idempotency-Key` with every attempt.
    pub key: String,
    pub note: NewNote,
    /// When the agent saved it.
    pub at: Millis,
    /// Why the last attempt failed; `None` while an attempt is under way.
    pub failure: Option<String>,
}

/// The quick notes of the panel, provided by context: the draft of the
/// record whose timeline is shown, and every note saved but not confirmed.
#[derive(Clone, Copy, Debug)]
pub struct Notes {
    conversation: i64,
    api: StoredValue<ApiClient>,
    record: RwSignal<Option<NoteRecord>>,
    draft: RwSignal<NoteDraft>,
    errors: RwSignal<FieldErrors>,
    /// Notes of every record opened so far, newest first.
    pending: RwSignal<Vec<(NoteRecord, PendingNote)>>,
    /// Notes the server confirmed after their timeline page was loaded.
    saved: RwSignal<Vec<(NoteRecord, TimelineItem)>>,
}

impl Notes {
    pub fn provide(conversation: i64, api: ApiClient) -> Self {
        let notes = Notes {
            conversation,
            api: StoredValue::new(api),
            record: RwSignal::new(None),
            draft: RwSignal::new(NoteDraft::default()),
            errors: RwSignal::new(Vec::new()),
            pending: RwSignal::new(Vec::new()),
            saved: RwSignal::new(Vec::new()),
        };
        provide_context(notes);
        notes
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Writes notes on `record` from now on: brings back its draft and the
    /// notes it had pending when the page was last closed.
    pub fn open(&self, record: NoteRecord) {
        if self.record.get_untracked() == Some(record) {
            return;
        }
        self.record.set(Some(record));
        self.draft
            .set(read(&storage_key(DRAFT, self.conversation, record)).unwrap_or_default());
        self.errors.set(Vec::new());
        let known = self
            .pending
            .with_untracked(|pending| pending.iter().any(|(of, _)| *of == record));
        if !known {
            let restored: Vec<PendingNote> =
                read(&storage_key(PENDING, self.conversation, record)).unwrap_or_default();
            let keys: Vec<String> = restored.iter().map(|note| note.key.clone()).collect();
            self.pending
                .update(|pending| pending.extend(restored.into_iter().map(|note| (record, note))));
            // Whatever was under way when the page closed is sent again, with
            // its key, so it is stored once whether or not it arrived before.
            for key in keys {
                self.send(record, key);
            }
        }
    }

    pub fn title(&self) -> String {
        self.draft.with(|draft| draft.title.clone())
    }

    pub fn text(&self) -> String {
        self.draft.with(|draft| draft.text.clone())
    }

    pub fn set_title(&self, title: String) {
        self.edit("title", |draft| draft.title = title);
    }

    pub fn set_text(&self, text: String) {
        self.edit("text", |draft| draft.text = text);
    }

    /// Changes the draft, keeps it in localStorage, and drops the problem
    /// the agent is fixing.
    fn edit(&self, field: &str, change: impl FnOnce(&mut NoteDraft)) {
        self.draft.update(change);
        self.errors
            .update(|errors| errors.retain(|error| error.field != field));
        if let Some(record) = self.record.get_untracked() {
            self.draft
                .with_untracked(|draft| self.store_draft(record, draft));
        }
    }

    /// The problem with `field`, if it has one.
    pub fn error(&self, field: &'static str) -> Signal<Option<String>> {
        field_error(self.errors, field)
    }

    /// Saves the draft. Problems found before sending stay next to their
    /// fields with the text as typed (`Err` names the first field at
    /// fault); otherwise the note goes to the top of the timeline at once
    /// and is sent.
    pub fn save(&self) -> Result<(), String> {
        let Some(record) = self.record.get_untracked() else {
            return Ok(());
        };
        let note = self.draft.with_untracked(NoteDraft::to_note);
        let problems = note.validate();
        if let Some(first) = problems.first() {
            let field = first.field.clone();
            self.errors.set(problems);
            return Err(field);
        }
        let key = new_idempotency_key();
        let pending = PendingNote {
            key: key.clone(),
            note,
            at: format::now(),
            failure: None,
        };
        self.pending
            .update(|list| list.insert(0, (record, pending)));
        self.store_pending(record);
        // Stored as a pending note now, the text no longer needs the draft.
        self.draft.set(NoteDraft::default());
        self.store_draft(record, &NoteDraft::default());
        self.send(record, key);
        Ok(())
    }

    /// Sends a failed note again, with the key of its first attempt.
    pub fn retry(&self, key: &str) {
        let record = self.pending.with_untracked(|pending| {
            pending
                .iter()
                .find(|(_, note)| note.key == key)
                .map(|(record, _)| *record)
        });
        if let Some(record) = record {
            self.send(record, key.to_owned());
        }
    }

    /// `record`'s notes not confirmed yet, newest first.
    pub fn pending_for(&self, record: NoteRecord) -> Vec<PendingNote> {
        self.pending.with(|pending| notes_of(pending, record))
    }

    /// Why the pending note `key` failed; `None` while it is being saved.
    pub fn failure(&self, key: &str) -> Option<String> {
        self.pending.with(|pending| {
            pending
                .iter()
                .find(|(_, note)| note.key == key)
                .and_then(|(_, note)| note.failure.clone())
        })
    }

    /// `record`'s notes confirmed since the page was loaded, newest first.
    pub fn saved_for(&self, record: NoteRecord) -> Vec<TimelineItem> {
        self.saved.with(|saved| {
            saved
                .iter()
                .filter(|(of, _)| *of == record)
                .map(|(_, item)| item.clone())
                .collect()
        })
    }

    /// Sends a pending note until the server stores or refuses it: after a
    /// failure that may pass (server unreachable, slow or failing) it tries
    /// again by itself, waiting longer each time. Every attempt carries the
    /// note's key, so however many reach the server it is stored once.
    fn send(&self, record: NoteRecord, key: String) {
        let api = self.api.get_value();
        let notes = *self;
        spawn_local(async move {
            for attempt in 0.. {
                // Saved or taken back meanwhile (by a Retry, say): done.
                let Some(note) = notes.pending_note(&key) else {
                    return;
                };
                notes.set_failure(record, &key, None);
                match api.add_note(record.kind, record.id, &note, &key).await {
                    Ok(item) => {
                        // Two attempts may both succeed (the same stored note):
                        // only the first shows it.
                        if notes.forget(record, &key) {
                            notes.saved.update(|saved| saved.insert(0, (record, item)));
                        }
                        return;
                    }
                    Err(ApiError::Invalid {
                        message,
                        field: Some(field),
                    }) if notes.can_take_back(record, &field) => {
                        // The server's rules refused it: back into the empty
                        // form, with the reason next to the field.
                        notes.forget(record, &key);
                        let draft = NoteDraft {
                            title: note.title.unwrap_or_default(),
                            text: note.text,
                        };
                        notes.store_draft(record, &draft);
                        notes.draft.set(draft);
                        notes.errors.set(vec![FieldError { field, message }]);
                        return;
                    }
                    Err(error) => {
                        let transient = error.is_transient();
                        notes.set_failure(record, &key, Some(error.to_string()));
                        if !transient {
                            return;
                        }
                        TimeoutFuture::new(backoff_ms(attempt)).await;
                    }
                }
            }
        });
    }

    fn pending_note(&self, key: &str) -> Option<NewNote> {
        self.pending.try_with_untracked(|pending| {
            pending
                .iter()
                .find(|(_, note)| note.key == key)
                .map(|(_, pending)| pending.note.clone())
        })?
    }

    /// Whether a refused note can go back into the quick note: it is open
    /// on the note's record, empty, and has the field at fault.
    fn can_take_back(&self, record: NoteRecord, field: &str) -> bool {
        self.record.get_untracked() == Some(record)
            && self.draft.with_untracked(NoteDraft::is_empty)
            && matches!(field, "title" | "text")
    }

    fn set_failure(&self, record: NoteRecord, key: &str, failure: Option<String>) {
        self.pending.update(|pending| {
            if let Some((_, note)) = pending.iter_mut().find(|(_, note)| note.key == key) {
                note.failure = failure;
            }
        });
        self.store_pending(record);
    }

    /// Drops a pending note; whether it was still pending.
    fn forget(&self, record: NoteRecord, key: &str) -> bool {
        let mut was_pending = false;
        self.pending.update(|pending| {
            let before = pending.len();
            pending.retain(|(_, note)| note.key != key);
            was_pending = pending.len() < before;
        });
        self.store_pending(record);
        was_pending
    }

    fn store_draft(&self, record: NoteRecord, draft: &NoteDraft) {
        let key = storage_key(DRAFT, self.conversation, record);
        if draft.is_empty() {
            remove(&key);
        } else {
            write(&key, draft);
        }
    }

    fn store_pending(&self, record: NoteRecord) {
        let key = storage_key(PENDING, self.conversation, record);
        let notes = self
            .pending
            .with_untracked(|pending| notes_of(pending, record));
        if notes.is_empty() {
            remove(&key);
        } else {
            write(&key, &notes);
        }
    }
}

fn notes_of(pending: &[(NoteRecord, PendingNote)], record: NoteRecord) -> Vec<PendingNote> {
    pending
        .iter()
        .filter(|(of, _)| *of == record)
        .map(|(_, note)| note.clone())
        .collect()
}

const DRAFT: &str = "note-draft";
const PENDING: &str = "pending-notes";

/// The localStorage key of one record's draft or pending notes, such as
/// `customer-summary:note-draft:1:contact:7`.
fn storage_key(what: &str, conversation: i64, record: NoteRecord) -> String {
    format!(
        "customer-summary:{what}:{conversation}:{}:{}",
        record.kind.as_str(),
        record.id
    )
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn read<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

// Storage may be full or blocked (a third-party iframe); then only the
// reload safety net is lost, and the notes still work in memory.
fn write<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &text);
    }
}

fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_keys_name_the_conversation_and_the_record() {
        let record = NoteRecord {
            kind: RecordKind::Case,
            id: 11,
        };
        assert_eq!(
            storage_key(DRAFT, 4, record),
            "customer-summary:note-draft:4:case:11"
        );
        assert_eq!(
            storage_key(PENDING, 4, record),
            "customer-summary:pending-notes:4:case:11"
        );
    }

    #[test]
    fn a_blank_title_is_no_title_and_the_text_is_kept_as_typed() {
        let draft = NoteDraft {
            title: "  ".into(),
            text: " <b>x</b> 🎉\n".into(),
        };
        assert_eq!(
            draft.to_note(),
            NewNote {
                title: None,
                text: " <b>x</b> 🎉\n".into()
            }
        );
    }
}
