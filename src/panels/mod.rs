//! The five panels of the page, one module each. Every panel fetches its
//! own data, shows its own skeleton and its own error with Retry.

mod case;
mod conversation_summary;
mod customer;
mod recent_cases;
mod timeline;

pub use case::CasePanel;
pub use conversation_summary::{tabs_for, ConversationSummaryPanel};
pub use customer::CustomerPanel;
pub use recent_cases::RecentCasesPanel;
pub use timeline::TimelinePanel;
