//! The panel's quick notes, kept so that none is lost or stored twice.
//!
//! The draft being typed is kept per conversation and record, so a reload
//! or a re-created iframe brings it back (`storage`). Saving moves it into
//! the record's pending notes (`outbox`), each with an `Idempotency-Key`
//! made once, kept in storage until the server has stored it; other tabs'
//! pending notes on the same record are adopted, never overwritten. When
//! the browser keeps nothing (storage full or disabled) the notes still
//! work in memory, and the panel says they last only until it closes.
//!
//! Drafts and pending notes belong to the agent who wrote them: they are
//! kept under that agent, shown only while the page is signed in as them,
//! and sent only with their token (`CurrentAgent::credentials_of`). When
//! the console signs another agent in, the first agent's notes stay in
//! storage, untouched, until they come back.

mod draft;
mod outbox;
mod storage;

use customer_summary_model::{
    Actor, FieldError, FieldErrors, LinkedRecord, RecordKind, TimelineItem,
};
use leptos::ev;
use leptos::prelude::*;

use crate::api::{new_idempotency_key, ApiClient};
use crate::components::field_error;
use crate::format;
use crate::state::CurrentAgent;
use draft::NoteDraft;
pub use outbox::PendingNote;
use storage::{NotKept, NoteStorage};

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

/// The quick notes of the panel, provided by context: the draft of the
/// record whose timeline is shown, and every note saved but not confirmed.
#[derive(Clone, Copy, Debug)]
pub struct Notes {
    conversation: i64,
    /// Who the page is signed in as, and whose tokens notes are sent with.
    current: CurrentAgent,
    /// The agent whose notes these are; `None` until the API named one.
    agent: RwSignal<Option<Actor>>,
    /// Where that agent's notes are kept.
    storage: StoredValue<Option<NoteStorage>>,
    /// Whether the browser kept the last write; `false` while storage is
    /// full or disabled.
    kept: RwSignal<bool>,
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
    pub fn provide(conversation: i64, api: ApiClient, current: CurrentAgent) -> Self {
        let notes = Notes {
            conversation,
            current,
            agent: RwSignal::new(None),
            storage: StoredValue::new(None),
            kept: RwSignal::new(true),
            api: StoredValue::new(api),
            record: RwSignal::new(None),
            draft: RwSignal::new(NoteDraft::default()),
            errors: RwSignal::new(Vec::new()),
            pending: RwSignal::new(Vec::new()),
            saved: RwSignal::new(Vec::new()),
        };
        provide_context(notes);
        let listener = window_event_listener(ev::storage, move |event| {
            if let Some(key) = event.key() {
                notes.other_tab_changed(&key, event.new_value());
            }
        });
        on_cleanup(move || listener.remove());
        let agent = Memo::new(move |_| current.get());
        Effect::new(move |_| notes.sign_in(agent.get()));
        notes
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Writes notes on `record` from now on: brings back its draft and the
    /// notes pending on it in any tab of this browser.
    pub fn open(&self, record: NoteRecord) {
        if self.record.get_untracked() == Some(record) {
            return;
        }
        self.record.set(Some(record));
        self.draft.set(
            self.stored(|storage| storage.draft(record))
                .flatten()
                .unwrap_or_default(),
        );
        self.errors.set(Vec::new());
        self.bring_back_pending(record);
    }

    /// Takes on the notes the agent has pending on `record` in any tab
    /// (those taken on already are known by their key).
    fn bring_back_pending(&self, record: NoteRecord) {
        for note in self
            .stored(|storage| storage.pending(record))
            .unwrap_or_default()
        {
            self.adopt(record, note);
        }
    }

    /// The page is signed in as `agent` now. Another agent's notes stay
    /// theirs: kept in storage, shown and sent only while they are signed
    /// in (`CurrentAgent::credentials_of`); the new agent's draft and
    /// pending notes come back. Text typed before the first agent was
    /// known is theirs.
    fn sign_in(&self, agent: Option<Actor>) {
        let before = self.agent.get_untracked();
        if before.as_ref().map(|a| &a.id) == agent.as_ref().map(|a| &a.id) {
            self.agent.set(agent);
            return;
        }
        let first = before.is_none();
        self.storage.set_value(
            agent
                .as_ref()
                .map(|agent| NoteStorage::new(self.conversation, &agent.id)),
        );
        self.agent.set(agent);
        self.errors.set(Vec::new());
        let Some(record) = self.record.get_untracked() else {
            return;
        };
        let typed = self.draft.get_untracked();
        if first && !typed.is_empty() {
            self.put_in_form(record, typed);
        } else {
            self.draft.set(
                self.stored(|storage| storage.draft(record))
                    .flatten()
                    .unwrap_or_default(),
            );
        }
        self.bring_back_pending(record);
    }

    /// What `use_storage` returns, if the page knows whose storage to use.
    fn stored<T>(&self, use_storage: impl FnOnce(&NoteStorage) -> T) -> Option<T> {
        self.storage
            .try_with_value(|storage| storage.as_ref().map(use_storage))
            .flatten()
    }

    /// Keeps something in the agent's storage, noting whether it held.
    /// Before an agent is known, notes live in memory only.
    fn keep(&self, write: impl FnOnce(&NoteStorage) -> Result<(), NotKept>) {
        if let Some(kept) = self.stored(write) {
            self.kept(kept);
        }
    }

    /// Takes on a pending note found in storage. Whatever was under way
    /// when its page closed is sent again, with its key, so it is stored
    /// once whether or not it arrived before; a refused one waits for the
    /// agent.
    fn adopt(&self, record: NoteRecord, mut note: PendingNote) {
        let known = self
            .pending
            .with_untracked(|pending| pending.iter().any(|(_, known)| known.key == note.key));
        if known {
            return;
        }
        if note.author.is_none() {
            // Kept before agents signed in: it becomes the agent's.
            note.author = self.agent.get_untracked();
            self.keep(|storage| storage.keep_pending(record, &note));
        }
        let (key, refused) = (note.key.clone(), note.refused);
        self.pending.update(|pending| {
            pending.push((record, note));
            pending.sort_by_key(|(_, note)| std::cmp::Reverse(note.at));
        });
        if !refused {
            self.send(record, key);
        }
    }

    /// Another tab of this browser changed storage under `key`: a pending
    /// note it saved on a record open here is adopted. When it drops one,
    /// a refused note (which it discarded) goes here too; any other was
    /// stored by that tab, and this tab's next attempt, with the same key,
    /// gets the stored note back to show.
    fn other_tab_changed(&self, key: &str, value: Option<String>) {
        let Some((record, note_key)) = self
            .stored(|storage| storage.parse_pending_key(key))
            .flatten()
        else {
            return;
        };
        let open_here = self
            .pending
            .with_untracked(|pending| pending.iter().any(|(of, _)| *of == record))
            || self.record.get_untracked() == Some(record);
        match value.and_then(|text| serde_json::from_str::<PendingNote>(&text).ok()) {
            Some(note) if open_here => self.adopt(record, note),
            Some(_) => {}
            None => self.pending.update(|pending| {
                pending.retain(|(_, note)| note.key != note_key || !note.refused)
            }),
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
            let draft = self.draft.get_untracked();
            self.keep(|storage| storage.keep_draft(record, &draft));
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
        let mut problems = note.validate();
        let author = self.agent.get_untracked();
        if author.is_none() && problems.is_empty() {
            problems.push(FieldError {
                field: "text".into(),
                message: "Not saved yet: the page is still learning who is signed in. \
                          Save again in a moment."
                    .into(),
            });
        }
        if let Some(first) = problems.first() {
            let field = first.field.clone();
            self.errors.set(problems);
            return Err(field);
        }
        let key = new_idempotency_key();
        let pending = PendingNote {
            key: key.clone(),
            author,
            note,
            at: format::now(),
            failure: None,
            refused: false,
        };
        self.keep(|storage| storage.keep_pending(record, &pending));
        self.pending
            .update(|list| list.insert(0, (record, pending)));
        // A pending note now, the text no longer needs the draft.
        self.put_in_form(record, NoteDraft::default());
        self.send(record, key);
        Ok(())
    }

    /// Sends a failed note again, with the key of its first attempt.
    pub fn retry(&self, key: &str) {
        if let Some(record) = self.record_of(key) {
            self.send(record, key.to_owned());
        }
    }

    /// Drops a pending note the agent gave up on (one the server refused).
    pub fn discard(&self, key: &str) {
        if let Some(record) = self.record_of(key) {
            self.forget(record, key);
        }
    }

    /// Puts a refused note back into the quick note to be edited and saved
    /// again, if the quick note is empty and on the note's record; whether
    /// it did.
    pub fn edit_again(&self, key: &str) -> bool {
        let Some(record) = self.record_of(key) else {
            return false;
        };
        let Some((note, _)) = self.pending_note(key) else {
            return false;
        };
        let can = self.record.get_untracked() == Some(record)
            && self.draft.with_untracked(NoteDraft::is_empty);
        if can {
            self.forget(record, key);
            self.put_in_form(record, NoteDraft::from_note(note));
        }
        can
    }

    /// Whether the quick note is empty, so a refused note can go back in.
    pub fn form_is_empty(&self) -> bool {
        self.draft.with(NoteDraft::is_empty)
    }

    /// Whether the pending note `key` was refused for good.
    pub fn is_refused(&self, key: &str) -> bool {
        self.pending.with(|pending| {
            pending
                .iter()
                .any(|(_, note)| note.key == key && note.refused)
        })
    }

    /// `false` while the browser keeps nothing: notes then last only until
    /// the page closes.
    pub fn are_kept(&self) -> bool {
        self.kept.get()
    }

    fn record_of(&self, key: &str) -> Option<NoteRecord> {
        self.pending.with_untracked(|pending| {
            pending
                .iter()
                .find(|(_, note)| note.key == key)
                .map(|(record, _)| *record)
        })
    }

    /// `record`'s notes not confirmed yet that the signed-in agent wrote,
    /// newest first.
    pub fn pending_for(&self, record: NoteRecord) -> Vec<PendingNote> {
        let agent = self
            .agent
            .with(|agent| agent.as_ref().map(|a| a.id.clone()));
        self.pending.with(|pending| {
            notes_of(pending, record)
                .into_iter()
                .filter(|note| note.author.as_ref().map(|a| &a.id) == agent.as_ref())
                .collect()
        })
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

    /// Shows `item`, a note on `record` this page sent or another page
    /// added (the stream), once: newest first, whichever told first.
    pub fn add_saved(&self, record: NoteRecord, item: TimelineItem) {
        // Also called after an answer, when the panel may be gone.
        _ = self.saved.try_update(|saved| {
            if saved.iter().all(|(_, known)| known.id != item.id) {
                saved.insert(0, (record, item));
            }
        });
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

    /// Drops a pending note; whether it was still pending.
    fn forget(&self, record: NoteRecord, key: &str) -> bool {
        let mut was_pending = false;
        // Also called after an answer, when the panel may be gone.
        _ = self.pending.try_update(|pending| {
            let before = pending.len();
            pending.retain(|(_, note)| note.key != key);
            was_pending = pending.len() < before;
        });
        self.stored(|storage| storage.forget_pending(record, key));
        was_pending
    }

    /// Shows `draft` in the quick note of `record` and keeps it.
    fn put_in_form(&self, record: NoteRecord, draft: NoteDraft) {
        self.keep(|storage| storage.keep_draft(record, &draft));
        self.draft.set(draft);
    }

    /// Notes a write the browser did not keep. It stays said for the
    /// page's life: what was not kept then is still only in memory.
    fn kept(&self, write: Result<(), NotKept>) {
        if write.is_err() && self.kept.get_untracked() {
            self.kept.set(false);
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
