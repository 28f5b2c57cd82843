//! State shared by the panels through context: which conversation is open,
//! the records linked to it, and what the page announces by itself.

mod announcements;
mod conversation;
mod linked_records;

pub use announcements::Announcements;
pub use conversation::ActiveConversation;
pub use linked_records::LinkedRecords;
