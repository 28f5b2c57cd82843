//! The conversation the page shows, and whether the backend knows it.

use leptos::prelude::*;

/// The open conversation. Every panel reads its id; the first panel to learn
/// that the backend has no such conversation says so for the whole page.
#[derive(Clone, Copy, Debug)]
pub struct ActiveConversation {
    pub id: i64,
    not_found: RwSignal<bool>,
}

impl ActiveConversation {
    pub fn provide(id: i64) -> Self {
        let conversation = ActiveConversation {
            id,
            not_found: RwSignal::new(false),
        };
        provide_context(conversation);
        conversation
    }

    pub fn expect() -> Self {
        expect_context()
    }

    pub fn mark_not_found(&self) {
        self.not_found.set(true);
    }

    pub fn is_not_found(&self) -> bool {
        self.not_found.get()
    }
}
