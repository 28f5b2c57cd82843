//! The agent's changes to the links, each sent with the version of the
//! link the panels showed them. When someone else changed it first, the
//! server refuses the change (409 `link_conflict`), the panel loads the
//! link as it is now, and the refused change waits in a [`LinkConflict`]
//! for the agent to apply it on purpose or to keep the other one: no
//! relink is ever lost silently.

use customer_summary_model::LinkChange;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::linked_records::slot_index;
use super::LinkedRecords;
use crate::api::{ApiClient, ApiError, LinkRequest, LinkSlot};

/// A change of the agent's that the server refused because someone else
/// changed the link after the agent's page loaded it.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkConflict {
    /// The server's account of that other change: who, and what.
    pub message: String,
    /// What applying it on purpose does, as its button says it, such as
    /// "Link Maria Campbell anyway".
    pub apply_label: String,
    /// Why applying it failed, when it did.
    pub failure: Option<String>,
    request: LinkRequest,
    conversation: i64,
    /// The version of the link the refusal reported: applying the change
    /// over it replaces that other change on purpose.
    version: i64,
}

impl LinkedRecords {
    /// Sends `request` for `conversation` over the version of its link the
    /// panels show; once it is made, every panel that follows the link
    /// loads again. Refused over someone else's newer change, it is kept
    /// as the link's [`LinkedRecords::conflict`] (`apply_label` names it)
    /// and the panels load the link as it is: that is `Ok` too, the panel
    /// shows it. Any other failure is returned, for the place the agent
    /// acted to show.
    pub async fn change(
        self,
        api: ApiClient,
        conversation: i64,
        request: LinkRequest,
        apply_label: String,
    ) -> Result<(), ApiError> {
        let slot = request.slot();
        let version = self.versions.get_value()[slot_index(slot)];
        self.send(api, conversation, request, apply_label, version)
            .await
    }

    async fn send(
        self,
        api: ApiClient,
        conversation: i64,
        request: LinkRequest,
        apply_label: String,
        version: i64,
    ) -> Result<(), ApiError> {
        let slot = request.slot();
        _ = self.conflicts[slot_index(slot)].try_set(None);
        match api.change_link(conversation, &request, version).await {
            Ok(()) => {
                self.changed(slot);
                Ok(())
            }
            Err(ApiError::LinkConflict { message, current }) => {
                let theirs = match slot {
                    LinkSlot::Customer => current.customer.as_ref(),
                    LinkSlot::Case => current.case.as_ref(),
                };
                let conflict = LinkConflict {
                    message,
                    apply_label,
                    failure: None,
                    request,
                    conversation,
                    version: LinkChange::version_of(theirs),
                };
                _ = self.conflicts[slot_index(slot)].try_set(Some(conflict));
                self.changed(slot);
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// The refused change to link `slot` waiting for the agent, if any.
    pub fn conflict(&self, slot: LinkSlot) -> Option<LinkConflict> {
        self.conflicts[slot_index(slot)].get()
    }

    /// Applies the refused change to link `slot` on purpose, over the
    /// change it was refused for.
    pub fn apply_anyway(self, slot: LinkSlot) {
        let Some(conflict) = self.conflicts[slot_index(slot)].get_untracked() else {
            return;
        };
        let api = ApiClient::expect();
        spawn_local(async move {
            let sent = self.send(
                api,
                conflict.conversation,
                conflict.request.clone(),
                conflict.apply_label.clone(),
                conflict.version,
            );
            if let Err(error) = sent.await {
                let failure = Some(error.to_string());
                _ = self.conflicts[slot_index(slot)].try_set(Some(LinkConflict {
                    failure,
                    ..conflict
                }));
            }
        });
    }

    /// Keeps the other change: the refused one is dropped.
    pub fn keep_theirs(&self, slot: LinkSlot) {
        _ = self.conflicts[slot_index(slot)].try_set(None);
    }

    /// A panel shows link `slot` at `version`.
    pub(super) fn observe_version(&self, slot: LinkSlot, version: i64) {
        self.versions
            .update_value(|versions| versions[slot_index(slot)] = version);
    }
}
