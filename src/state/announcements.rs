//! Announcements: what changed on the page by itself (a panel retrying,
//! later other agents' changes), read out politely by screen readers
//! through one live region, without ever moving focus.

use leptos::prelude::*;

/// How many announcements the live region keeps; older ones were read.
const KEPT: usize = 3;

/// The page's polite announcements, newest last, each with its number.
#[derive(Clone, Copy)]
pub struct Announcements {
    recent: RwSignal<Vec<(u64, String)>>,
}

impl Announcements {
    /// Makes the announcements available to the page below.
    pub fn provide() -> Self {
        let announcements = Self {
            recent: RwSignal::new(Vec::new()),
        };
        provide_context(announcements);
        announcements
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Has `message` read out when the reader is next idle. Several panels
    /// may announce at once: each message is added, none replaced.
    pub fn polite(self, message: String) {
        self.recent.update(|recent| {
            let number = recent.last().map_or(0, |(number, _)| number + 1);
            recent.push((number, message));
            let excess = recent.len().saturating_sub(KEPT);
            recent.drain(..excess);
        });
    }

    /// The announcements the live region holds now, oldest first.
    pub fn recent(self) -> Vec<(u64, String)> {
        self.recent.get()
    }
}
