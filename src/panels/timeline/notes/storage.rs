//! Where quick notes survive a reload: localStorage, one entry per draft
//! and one per pending note.
//!
//! Each pending note has an entry of its own, keyed by its
//! `Idempotency-Key`, so two tabs on the same record never overwrite each
//! other's notes: a tab writes and removes only its own entries, and a
//! reload finds every tab's. Storage may be full or disabled (a
//! third-party iframe, private modes): every write says whether it held.

use customer_summary_model::RecordKind;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::draft::NoteDraft;
use super::outbox::PendingNote;
use super::NoteRecord;

/// The notes of one conversation in this browser's storage.
#[derive(Clone, Copy, Debug)]
pub struct NoteStorage {
    conversation: i64,
}

/// A write the browser refused (storage full or disabled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotKept;

impl NoteStorage {
    pub fn new(conversation: i64) -> Self {
        Self { conversation }
    }

    /// `record`'s draft as last typed in this browser.
    pub fn draft(self, record: NoteRecord) -> Option<NoteDraft> {
        read(&self.draft_key(record))
    }

    /// Keeps `draft` (an empty one is removed).
    pub fn keep_draft(self, record: NoteRecord, draft: &NoteDraft) -> Result<(), NotKept> {
        let key = self.draft_key(record);
        if draft.is_empty() {
            remove(&key);
            Ok(())
        } else {
            write(&key, draft)
        }
    }

    /// Every note pending on `record`, from every tab, newest first. Notes
    /// kept in the older one-list-per-record form move to entries of their
    /// own on the way.
    pub fn pending(self, record: NoteRecord) -> Vec<PendingNote> {
        let prefix = self.pending_prefix(record);
        let mut notes: Vec<PendingNote> = keys()
            .into_iter()
            .filter(|key| key.starts_with(&prefix))
            .filter_map(|key| read(&key))
            .collect();
        let legacy = self.legacy_key(record);
        if let Some(listed) = read::<Vec<PendingNote>>(&legacy) {
            let known: Vec<String> = notes.iter().map(|note| note.key.clone()).collect();
            let mut all_moved = true;
            for note in listed.into_iter().filter(|note| !known.contains(&note.key)) {
                all_moved &= self.keep_pending(record, &note).is_ok();
                notes.push(note);
            }
            // A note that found no room in the new form stays in the old
            // one until it does: it is never dropped on the way.
            if all_moved {
                remove(&legacy);
            }
        }
        notes.sort_by_key(|note| std::cmp::Reverse(note.at));
        notes
    }

    /// Keeps one pending note, replacing its earlier state.
    pub fn keep_pending(self, record: NoteRecord, note: &PendingNote) -> Result<(), NotKept> {
        write(&self.pending_key(record, &note.key), note)
    }

    /// Drops one pending note: stored by the server, or discarded.
    pub fn forget_pending(self, record: NoteRecord, key: &str) {
        remove(&self.pending_key(record, key));
    }

    /// Which pending note a storage key names, if it is one of this
    /// conversation's: its record and its `Idempotency-Key`.
    pub fn parse_pending_key(self, key: &str) -> Option<(NoteRecord, String)> {
        let rest = key.strip_prefix(&format!(
            "customer-summary:{PENDING}:{}:",
            self.conversation
        ))?;
        let mut parts = rest.splitn(3, ':');
        let kind = RecordKind::parse(parts.next()?)?;
        let id = parts.next()?.parse().ok()?;
        Some((NoteRecord { kind, id }, parts.next()?.to_owned()))
    }

    fn draft_key(self, record: NoteRecord) -> String {
        record_key(DRAFT, self.conversation, record)
    }

    fn legacy_key(self, record: NoteRecord) -> String {
        record_key(LEGACY_PENDING, self.conversation, record)
    }

    fn pending_prefix(self, record: NoteRecord) -> String {
        format!("{}:", record_key(PENDING, self.conversation, record))
    }

    fn pending_key(self, record: NoteRecord, note_key: &str) -> String {
        format!("{}{note_key}", self.pending_prefix(record))
    }
}

const DRAFT: &str = "note-draft";
const PENDING: &str = "pending-note";
/// One list of every pending note of a record, as kept before entries per note.
const LEGACY_PENDING: &str = "pending-notes";

/// A record's storage key, such as `customer-summary:note-draft:1:contact:7`.
fn record_key(what: &str, conversation: i64, record: NoteRecord) -> String {
    format!(
        "customer-summary:{what}:{conversation}:{}:{}",
        record.kind.as_str(),
        record.id
    )
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn keys() -> Vec<String> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}

fn read<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

fn write<T: Serialize>(key: &str, value: &T) -> Result<(), NotKept> {
    let storage = storage().ok_or(NotKept)?;
    let text = serde_json::to_string(value).map_err(|_| NotKept)?;
    storage.set_item(key, &text).map_err(|_| NotKept)
}

fn remove(key: &str) {
    if let Some(storage) = storage() {
        // Removing never fails for want of room; a disabled storage has
        // nothing to remove.
        let _ = storage.remove_item(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE_11: NoteRecord = NoteRecord {
        kind: RecordKind::Case,
        id: 11,
    };

    #[test]
    fn storage_keys_name_the_conversation_the_record_and_the_note() {
        let storage = NoteStorage::new(4);
        assert_eq!(
            storage.draft_key(CASE_11),
            "customer-summary:note-draft:4:case:11"
        );
        assert_eq!(
            storage.pending_key(CASE_11, "k-1"),
            "customer-summary:pending-note:4:case:11:k-1"
        );
        assert_eq!(
            storage.legacy_key(CASE_11),
            "customer-summary:pending-notes:4:case:11"
        );
    }

    #[test]
    fn a_pending_key_names_its_record_and_note_and_only_this_conversation() {
        let storage = NoteStorage::new(4);
        let key = storage.pending_key(CASE_11, "0f1e-2d3c");
        assert_eq!(
            storage.parse_pending_key(&key),
            Some((CASE_11, "0f1e-2d3c".into()))
        );
        assert_eq!(NoteStorage::new(5).parse_pending_key(&key), None);
        assert_eq!(
            storage.parse_pending_key("customer-summary:note-draft:4:case:11"),
            None
        );
    }
}
