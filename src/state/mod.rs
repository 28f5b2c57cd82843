//! State shared by the panels through context: which conversation is open,
//! who the page is signed in as, the records linked to it, its live
//! updates, which of its panels have settled, and what the page announces
//! by itself.

mod agent;
mod announcements;
pub mod clock;
mod conversation;
mod held_changes;
mod link_changes;
mod linked_records;
mod live;
mod progress;

pub use agent::CurrentAgent;
pub use announcements::Announcements;
pub use conversation::ActiveConversation;
pub use link_changes::LinkConflict;
pub use linked_records::LinkedRecords;
pub use live::{LiveUpdates, StatusNow};
pub use progress::PanelProgress;
