//! The records linked to the conversation (one customer, one case), as one
//! piece of shared reactive state.

use leptos::prelude::*;

/// The links live on the backend; this context tells every panel when one
/// of them changed. A panel that changes a link persists it first, then
/// calls [`LinkedRecords::changed`]; every panel whose data follows the
/// links reads [`LinkedRecords::track`] in its fetcher and so re-fetches at
/// once. Panels that only observe the links on load do not bump it, so the
/// first requests of all panels go out in parallel and only once.
#[derive(Clone, Copy, Debug)]
pub struct LinkedRecords {
    revision: RwSignal<u64>,
}

impl LinkedRecords {
    pub fn provide() -> Self {
        let linked = LinkedRecords {
            revision: RwSignal::new(0),
        };
        provide_context(linked);
        linked
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Subscribes the calling reactive scope to link changes.
    pub fn track(&self) {
        self.revision.track();
    }

    /// Announces that a link was changed and persisted.
    pub fn changed(&self) {
        self.revision.update(|revision| *revision += 1);
    }
}
