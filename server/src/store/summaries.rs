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
//! the longest trails cannot crowd the memory out; and for a minute at
//! most, so that a change made behind the API's back (a database restored
//! from a backup, or failed over to a replica without the last commits,
//! whose numbers then run again from lower ones) shows within a minute.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use customer_summary_model::Conversation;
use quick_cache::sync::{Cache, DefaultLifecycle};
use quick_cache::{DefaultHashBuilder, OptionsBuilder, Weighter};

/// How many bytes of summaries one server keeps at most.
const WEIGHT: u64 = 64 * 1024 * 1024;

/// About how many summaries that is, at a few kilobytes each.
const ESTIMATED: usize = 16 * 1024;

/// In how many parts the weight is split, each with a lock of its own: a
/// part holds a summary of at most about its share (4 MB), more than the
/// product's limits let one conversation have (about 2.2 MB).
const PARTS: usize = 16;

/// How long a summary is answered from memory at most.
const FRESH: Duration = Duration::from_secs(60);

/// The summaries this server read last, by conversation id.
#[derive(Clone)]
pub struct Summaries(Arc<Kept>);

struct Kept {
    cache: Cache<i64, Summary, ByWeight>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// One summary, its weight (computed once) and when it was read.
#[derive(Clone)]
struct Summary {
    conversation: Arc<Conversation>,
    weight: u64,
    read_at: Instant,
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
        let options = OptionsBuilder::new()
            .estimated_items_capacity(ESTIMATED)
            .weight_capacity(WEIGHT)
            .shards(PARTS)
            .build()
            .expect("valid cache options");
        let cache = Cache::with_options(
            options,
            ByWeight,
            DefaultHashBuilder::default(),
            DefaultLifecycle::default(),
        );
        Summaries(Arc::new(Kept {
            cache,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }))
    }
}

impl Summaries {
    /// Conversation `id`'s summary if the one kept reflects event `seq`,
    /// the conversation's last, and was read less than [`FRESH`] ago.
    pub fn get(&self, id: i64, seq: i64) -> Option<Arc<Conversation>> {
        let kept = self.0.cache.get(&id).filter(|summary| {
            summary.conversation.event_seq == seq && summary.read_at.elapsed() < FRESH
        });
        let counter = if kept.is_some() {
            &self.0.hits
        } else {
            &self.0.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        kept.map(|summary| summary.conversation)
    }

    /// Keeps `conversation`, just read, in place of the one kept.
    // A slower read may replace a later one: that costs a read, as `get`
    // answers only the summary of the last event.
    pub fn keep(&self, conversation: Conversation) -> Arc<Conversation> {
        let conversation = Arc::new(conversation);
        let weight = serde_json::to_vec(&*conversation).map_or(1, |json| json.len() as u64);
        let summary = Summary {
            conversation: Arc::clone(&conversation),
            weight,
            read_at: Instant::now(),
        };
        self.0.cache.insert(conversation.id, summary);
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
