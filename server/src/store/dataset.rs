//! What a backend's bulk path writes into an empty database: the demo
//! data (`seed`), records with their ids as given.

use customer_summary_model::{
    Account, Case, Contact, ContextItem, Conversation, RecordKind, TimelineItem,
};

/// Every record of a dataset, each with the id it is stored under.
pub struct Dataset {
    pub accounts: Vec<Account>,
    pub contacts: Vec<Contact>,
    pub cases: Vec<Case>,
    pub timeline: Vec<TimelineEntry>,
    pub conversations: Vec<SeedConversation>,
}

/// A timeline item and the record it belongs to.
pub struct TimelineEntry {
    /// The kind of record whose timeline holds the item.
    pub record_kind: RecordKind,
    /// That record's id.
    pub record_id: i64,
    pub item: TimelineItem,
}

/// A conversation and the context variables it carries but never shows.
pub struct SeedConversation {
    /// The conversation; its `context` holds the displayable variables.
    pub conversation: Conversation,
    /// The variables stored after them but never shown.
    pub hidden_context: Vec<ContextItem>,
}
