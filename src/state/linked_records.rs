//! The records linked to the conversation (one customer, one case), as one
//! piece of shared reactive state.

use customer_summary_model::{Actor, CustomerRef, Links};
use leptos::prelude::*;

use super::link_changes::LinkConflict;
use crate::api::LinkSlot;

/// The links live on the backend; this context mirrors them and tells every
/// panel when one changed. A panel that changes a link persists it first,
/// then calls [`LinkedRecords::changed`] for that link; every panel whose
/// data follows a link reads [`LinkedRecords::track`] for it in its fetcher
/// and so re-fetches at once, and only then. The panels that load a link
/// record what they saw with `observe_*`, which notifies only readers of
/// that value, so the first requests of all panels go out in parallel and
/// only once.
#[derive(Clone, Copy, Debug)]
pub struct LinkedRecords {
    customer_revision: RwSignal<u64>,
    case_revision: RwSignal<u64>,
    /// `None` until the Customer panel has loaded; then the linked one.
    customer: RwSignal<Option<Option<CustomerRef>>>,
    /// `None` until the Case panel has loaded; then the linked one's id.
    case_id: RwSignal<Option<Option<i64>>>,
    /// The version of each link the panels show (`LinkChange::version`),
    /// which the agent's changes to it name.
    pub(super) versions: StoredValue<[i64; 2]>,
    /// Each link's refused change, until the agent applies or drops it.
    pub(super) conflicts: [RwSignal<Option<LinkConflict>>; 2],
    /// How many open forms hold each link's changes made elsewhere.
    pub(super) holds: [StoredValue<u32>; 2],
    /// Who changed each link elsewhere while it was held.
    pub(super) held: [RwSignal<Option<Actor>>; 2],
}

impl LinkedRecords {
    pub fn provide() -> Self {
        let linked = LinkedRecords {
            customer_revision: RwSignal::new(0),
            case_revision: RwSignal::new(0),
            customer: RwSignal::new(None),
            case_id: RwSignal::new(None),
            versions: StoredValue::new([0; 2]),
            conflicts: [RwSignal::new(None), RwSignal::new(None)],
            holds: [StoredValue::new(0), StoredValue::new(0)],
            held: [RwSignal::new(None), RwSignal::new(None)],
        };
        provide_context(linked);
        linked
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Subscribes the calling reactive scope to changes of one link.
    pub fn track(&self, link: LinkSlot) {
        self.revision(link).track();
    }

    /// Announces that a link was changed and persisted.
    pub fn changed(&self, link: LinkSlot) {
        _ = self.revision(link).try_update(|revision| *revision += 1);
    }

    fn revision(&self, link: LinkSlot) -> RwSignal<u64> {
        match link {
            LinkSlot::Customer => self.customer_revision,
            LinkSlot::Case => self.case_revision,
        }
    }

    /// The linked customer, as last loaded.
    pub fn customer(&self) -> Option<CustomerRef> {
        self.customer.get().flatten()
    }

    /// The linked case's id, as last loaded.
    pub fn case_id(&self) -> Option<i64> {
        self.case_id.get().flatten()
    }

    /// Both links, once both panels have loaded them: never half known.
    pub fn links(&self) -> Option<Links> {
        Some(Links {
            customer: self.customer.get()?,
            case_id: self.case_id.get()?,
        })
    }

    /// Agent `by` changed the links to `links` on another page: each that
    /// differs from what the panels loaded is announced as changed, so they
    /// load again (held while the agent writes in its panel, when `by` is
    /// someone else: `held_changes`).
    pub fn follow(&self, links: Links, by: Actor, mine: bool) {
        let changed = [
            (LinkSlot::Customer, differs(self.customer, links.customer)),
            (LinkSlot::Case, differs(self.case_id, links.case_id)),
        ];
        for (slot, differs) in changed {
            match (differs, mine) {
                (false, _) => {}
                (true, true) => self.changed(slot),
                (true, false) => self.changed_elsewhere(slot, by.clone()),
            }
        }
    }

    /// The Customer panel shows `customer`, linked at `version`.
    pub fn observe_customer(&self, customer: Option<CustomerRef>, version: i64) {
        self.observe_version(LinkSlot::Customer, version);
        self.customer
            .maybe_update(|current| replace_if_changed(current, Some(customer)));
    }

    /// The Case panel shows case `case_id`, linked at `version`.
    pub fn observe_case(&self, case_id: Option<i64>, version: i64) {
        self.observe_version(LinkSlot::Case, version);
        self.case_id
            .maybe_update(|current| replace_if_changed(current, Some(case_id)));
    }
}

/// Whether `now` is not what a panel loaded into `loaded` (a link not
/// loaded yet differs from every value).
fn differs<T: PartialEq + Send + Sync + 'static>(loaded: RwSignal<Option<T>>, now: T) -> bool {
    loaded
        .try_with_untracked(|loaded| loaded.as_ref() != Some(&now))
        .unwrap_or(false)
}

/// The place of link `slot` in the per-link arrays.
pub(super) fn slot_index(slot: LinkSlot) -> usize {
    match slot {
        LinkSlot::Customer => 0,
        LinkSlot::Case => 1,
    }
}

fn replace_if_changed<T: PartialEq>(current: &mut T, new: T) -> bool {
    let changed = *current != new;
    *current = new;
    changed
}
