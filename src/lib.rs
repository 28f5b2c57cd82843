//! Customer Summary: the page a customer-service agent sees on accepting a
//! conversation. `App` loads the runtime configuration and routes to the
//! inbox or a conversation's summary, whose five panels each fetch their
//! own data through the typed `ApiClient`.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod console;
pub mod dom;
pub mod early;
pub mod format;
pub mod inbox;
pub mod panels;
pub mod routes;
pub mod state;
pub mod summaries;

pub use app::{App, SummaryPage};
