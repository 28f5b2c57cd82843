//! State shared by the panels through context: which conversation is open,
//! and the records linked to it.

mod conversation;
mod linked_records;

pub use conversation::ActiveConversation;
pub use linked_records::LinkedRecords;
