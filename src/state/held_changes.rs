//! Links changed elsewhere while the agent is writing in a panel that
//! follows them (an open create form): rather than reload the panel under
//! their hands, the change is held and the panel says so, until the agent
//! asks to see it or closes the form. What they then save is checked
//! against the change they have not seen (`link_changes`).

use customer_summary_model::Actor;
use leptos::prelude::*;

use super::linked_records::slot_index;
use super::LinkedRecords;
use crate::api::LinkSlot;

impl LinkedRecords {
    /// Holds changes to link `slot` made elsewhere for as long as the
    /// calling component is mounted.
    pub fn hold_while_mounted(self, slot: LinkSlot) {
        self.holds[slot_index(slot)].update_value(|holds| *holds += 1);
        on_cleanup(move || {
            let left = self.holds[slot_index(slot)]
                .try_update_value(|holds| {
                    *holds -= 1;
                    *holds
                })
                .unwrap_or(0);
            if left == 0 && self.held_change(slot).is_some() {
                self.show_held(slot);
            }
        });
    }

    /// Agent `by`, elsewhere, changed link `slot` away from what the panels
    /// show: the panels that follow it load again, unless it is held.
    pub(super) fn changed_elsewhere(&self, slot: LinkSlot, by: Actor) {
        let holding = self.holds[slot_index(slot)]
            .try_get_value()
            .is_some_and(|holds| holds > 0);
        if holding {
            _ = self.held[slot_index(slot)].try_set(Some(by));
        } else {
            self.changed(slot);
        }
    }

    /// Who changed link `slot` elsewhere while it was held, if anyone did.
    pub fn held_change(&self, slot: LinkSlot) -> Option<Actor> {
        self.held[slot_index(slot)].try_get().flatten()
    }

    /// Shows the held change to link `slot`: its panels load again.
    pub fn show_held(&self, slot: LinkSlot) {
        _ = self.held[slot_index(slot)].try_set(None);
        self.changed(slot);
    }
}
