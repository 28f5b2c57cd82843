//! Conversation summaries kept in this process's memory, each with the
//! number of the last event it reflects (`conversations.event_seq`): a
//! summary is answered from memory for as long as the conversation's
//! number in the database is still that one, which costs one indexed read
//! of its row instead of the summary's four lists. Every change to what a
//! summary shows appends an event, and so raises the number, in the
//! transaction that makes it (`events.rs`), so a kept summary is never
//! older than the database, whichever server made the change: nothing
//! correct rests on this memory, only what the shared database does.
//!
//! Kept by weight (the summary's JSON length), so a few conversations with
//! the longest trails cannot crowd the memory out.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use customer_summary_model::Conversation;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

/// How many bytes of summaries one server keeps at most.
const WEIGHT: u64 = 64 * 1024 * 1024;

/// About how many summaries that is, at a few kilobytes each.
const ESTIMATED: usize = 16 * 1024;

/// The summaries this server read last, by conversation id.
#[derive(Clone)]
pub struct Summaries(Arc<Kept>);

struct Kept {
    cache: Cache<i64, Summary, ByWeight>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// One summary and its weight, computed once.
#[derive(Clone)]
struct Summary {
    conversation: Arc<Conversation>,
    weight: u64,
}

#[derive(Clone)]
struct ByWeight;

impl Weighter<i64, Summary> for ByWeight {
    fn weight(&self, _id: &i64, summary: &Summary) -> u64 {
        summary.weight
    }
}

/// What the summaries have done since the server started, for `/metrics`.
pub struct SummaryCounts {
    pub kept: usize,
    pub bytes: u64,
    pub hits: u64,
    pub misses: u64,
}

impl Default for Summaries {
    fn default() -> Self {
        Summaries(Arc::new(Kept {
            cache: Cache::with_weighter(ESTIMATED, WEIGHT, ByWeight),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }))
    }
}

impl Summaries {
    /// Conversation `id`'s summary if the one kept reflects event `seq`,
    /// the conversation's last.
    pub fn get(&self, id: i64, seq: i64) -> Option<Arc<Conversation>> {
        let kept = self
            .0
            .cache
            .get(&id)
            .filter(|summary| summary.conversation.event_seq == seq);
        let counter = if kept.is_some() {
            &self.0.hits
        } else {
            &self.0.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        kept.map(|summary| summary.conversation)
    }

    /// Keeps `conversation`, just read, unless a summary of a later event
    /// is kept already (a slower read of the same conversation).
    pub fn keep(&self, conversation: Conversation) -> Arc<Conversation> {
        let conversation = Arc::new(conversation);
        let id = conversation.id;
        let newer = self
            .0
            .cache
            .get(&id)
            .is_some_and(|kept| kept.conversation.event_seq > conversation.event_seq);
        if !newer {
            let weight = serde_json::to_vec(&*conversation).map_or(1, |json| json.len() as u64);
            let summary = Summary {
                conversation: Arc::clone(&conversation),
                weight,
            };
            self.0.cache.insert(id, summary);
        }
        conversation
    }

    pub fn counts(&self) -> SummaryCounts {
        SummaryCounts {
            kept: self.0.cache.len(),
            bytes: self.0.cache.weight(),
            hits: self.0.hits.load(Ordering::Relaxed),
            misses: self.0.misses.load(Ordering::Relaxed),
        }
    }
}
