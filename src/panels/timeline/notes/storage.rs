//! Where quick notes survive a reload: localStorage, one entry per draft
//! and one per pending note, each under the agent who wrote it.
//!
//! Each pending note has an entry of its own, keyed by its
//! `Idempotency-Key`, so two tabs on the same record never overwrite each
//! other's notes: a tab writes and removes only its own entries, and a
//! reload finds every tab's. Entries are kept under the agent's id, so
//! another agent on the same browser never sees or sends them; what was
//! kept before agents signed in (no agent in the key) goes to the first
//! agent who opens its record. Storage may be full or disabled (a
//! third-party iframe, private modes): every write says whether it held.

use customer_summary_model::RecordKind;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::draft::NoteDraft;
use super::outbox::PendingNote;
use super::NoteRecord;

/// One agent's notes of one conversation in this browser's storage.
#[derive(Clone, Debug)]
pub struct NoteStorage {
    conversation: i64,
    /// `customer-summary:agent=<id>:`, the id percent-encoded.
    scope: String,
}

/// A write the browser refused (storage full or disabled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotKept;

impl NoteStorage {
    /// The notes `agent` (an agent's id) wrote on `conversation`.
    pub fn new(conversation: i64, agent: &str) -> Self {
        let agent = agent.replace('%', "%25").replace(':', "%3A");
        Self {
            conversation,
            scope: format!("customer-summary:agent={agent}:"),
        }
    }

    /// `record`'s draft as last typed in this browser by the agent; one
    /// kept before agents signed in becomes theirs.
    pub fn draft(&self, record: NoteRecord) -> Option<NoteDraft> {
        let key = self.draft_key(record);
        let legacy = record_key(LEGACY_SCOPE, DRAFT, self.conversation, record);
        if let Some(draft) = read::<NoteDraft>(&legacy) {
            if read::<NoteDraft>(&key).is_none() && write(&key, &draft).is_ok() {
                remove(&legacy);
            }
        }
        read(&key)
    }

    /// Keeps `draft` (an empty one is removed).
    pub fn keep_draft(&self, record: NoteRecord, draft: &NoteDraft) -> Result<(), NotKept> {
        let key = self.draft_key(record);
        if draft.is_empty() {
            remove(&key);
            Ok(())
        } else {
            write(&key, draft)
        }
    }

    /// Every note the agent has pending on `record`, from every tab,
    /// newest first. Notes kept before agents signed in, one entry each or
    /// in the older one list per record, become the agent's on the way.
    pub fn pending(&self, record: NoteRecord) -> Vec<PendingNote> {
        let prefix = self.pending_prefix(record);
        let legacy_prefix = format!(
            "{}:",
            record_key(LEGACY_SCOPE, PENDING, self.conversation, record)
        );
        let mut notes = Vec::new();
        let mut legacy = Vec::new();
        for key in keys() {
            if key.starts_with(&prefix) {
                notes.extend(read::<PendingNote>(&key));
            } else if key.starts_with(&legacy_prefix) {
                legacy.extend(read::<PendingNote>(&key).map(|note| (note, Some(key))));
            }
        }
        let list = record_key(LEGACY_SCOPE, LEGACY_PENDING, self.conversation, record);
        let listed = read::<Vec<PendingNote>>(&list).unwrap_or_default();
        let had_list = !listed.is_empty();
        legacy.extend(listed.into_iter().map(|note| (note, None)));
        let mut all_moved = true;
        for (note, entry) in legacy {
            if notes.iter().any(|known| known.key == note.key) {
                continue;
            }
            let moved = self.keep_pending(record, &note).is_ok();
            all_moved &= moved;
            // A note that found no room in the new form stays in the old
            // one until it does: it is never dropped on the way.
            if let Some(entry) = entry.filter(|_| moved) {
                remove(&entry);
            }
            notes.push(note);
        }
        if had_list && all_moved {
            remove(&list);
        }
        notes.sort_by_key(|note| std::cmp::Reverse(note.at));
        notes
    }

    /// Keeps one pending note, replacing its earlier state.
    pub fn keep_pending(&self, record: NoteRecord, note: &PendingNote) -> Result<(), NotKept> {
        write(&self.pending_key(record, &note.key), note)
    }

    /// Drops one pending note: stored by the server, or discarded.
    pub fn forget_pending(&self, record: NoteRecord, key: &str) {
        remove(&self.pending_key(record, key));
    }

    /// Which pending note a storage key names, if it is one of this
    /// agent's on this conversation: its record and its `Idempotency-Key`.
    pub fn parse_pending_key(&self, key: &str) -> Option<(NoteRecord, String)> {
        let rest = key.strip_prefix(&format!("{}{PENDING}:{}:", self.scope, self.conversation))?;
        let mut parts = rest.splitn(3, ':');
        let kind = RecordKind::parse(parts.next()?)?;
        let id = parts.next()?.parse().ok()?;
        Some((NoteRecord { kind, id }, parts.next()?.to_owned()))
    }

    fn draft_key(&self, record: NoteRecord) -> String {
        record_key(&self.scope, DRAFT, self.conversation, record)
    }

    fn pending_prefix(&self, record: NoteRecord) -> String {
        format!(
            "{}:",
            record_key(&self.scope, PENDING, self.conversation, record)
        )
    }

    fn pending_key(&self, record: NoteRecord, note_key: &str) -> String {
        format!("{}{note_key}", self.pending_prefix(record))
    }
}

const DRAFT: &str = "note-draft";
const PENDING: &str = "pending-note";
/// One list of every pending note of a record, as kept before entries per note.
const LEGACY_PENDING: &str = "pending-notes";
/// Where notes were kept before agents signed in: under no agent.
const LEGACY_SCOPE: &str = "customer-summary:";

/// A record's storage key in `scope`, such as
/// `customer-summary:agent=ben:note-draft:1:contact:7`.
fn record_key(scope: &str, what: &str, conversation: i64, record: NoteRecord) -> String {
    format!(
        "{scope}{what}:{conversation}:{}:{}",
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
    fn storage_keys_name_the_agent_the_conversation_the_record_and_the_note() {
        let storage = NoteStorage::new(4, "ben.carter");
        assert_eq!(
            storage.draft_key(CASE_11),
            "customer-summary:agent=ben.carter:note-draft:4:case:11"
        );
        assert_eq!(
            storage.pending_key(CASE_11, "k-1"),
            "customer-summary:agent=ben.carter:pending-note:4:case:11:k-1"
        );
        // An id's colons cannot pass for the key's own.
        assert_eq!(
            NoteStorage::new(4, "a:1%").draft_key(CASE_11),
            "customer-summary:agent=a%3A1%25:note-draft:4:case:11"
        );
    }

    #[test]
    fn a_pending_key_names_its_record_and_note_and_only_this_agent_and_conversation() {
        let storage = NoteStorage::new(4, "ben");
        let key = storage.pending_key(CASE_11, "0f1e-2d3c");
        assert_eq!(
            storage.parse_pending_key(&key),
            Some((CASE_11, "0f1e-2d3c".into()))
        );
        assert_eq!(NoteStorage::new(5, "ben").parse_pending_key(&key), None);
        assert_eq!(NoteStorage::new(4, "ana").parse_pending_key(&key), None);
        assert_eq!(
            storage.parse_pending_key("customer-summary:agent=ben:note-draft:4:case:11"),
            None
        );
    }
}
