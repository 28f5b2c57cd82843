//! Announcements: what changed on the page by itself (a panel retrying,
//! later other agents' changes), read out politely by screen readers
//! through one live region, without ever moving focus.

use leptos::prelude::*;

/// The page's polite announcements; the newest is in the live region.
#[derive(Clone, Copy)]
pub struct Announcements {
    latest: RwSignal<String>,
}

impl Announcements {
    /// Makes the announcements available to the page below.
    pub fn provide() -> Self {
        let announcements = Self {
            latest: RwSignal::new(String::new()),
        };
        provide_context(announcements);
        announcements
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Has `message` read out when the reader is next idle.
    pub fn polite(self, message: String) {
        self.latest.set(message);
    }

    /// The message the live region holds now.
    pub fn latest(self) -> String {
        self.latest.get()
    }
}
