//! Conversations and their links: the list, one conversation's summary,
//! the customer and case it links, and changing them. A conversation
//! links at most one customer and one case; each link changes on its
//! own, so linking another customer keeps the case.

use std::sync::Arc;

use customer_summary_model::{
    Actor, Conversation, ConversationListItem, ConversationStatus, CustomerRef, LinkChange,
    LinkSlot, LinkedRecord, Links, RecordKind,
};

use super::{Store, SummaryCounts};
use crate::error::ApiResult;

/// One change to a conversation's links: a record to link, or `None` to
/// unlink.
#[derive(Clone, Copy, Debug)]
pub enum Link {
    Customer(Option<CustomerRef>),
    Case(Option<i64>),
}

impl Link {
    /// The link it changes.
    pub fn slot(self) -> LinkSlot {
        match self {
            Link::Customer(_) => LinkSlot::Customer,
            Link::Case(_) => LinkSlot::Case,
        }
    }
}

impl Store {
    /// The conversations whose status is one of `statuses` (every one
    /// when it is empty), by id, each with who accepted it and the name
    /// of its linked customer.
    pub async fn conversations(
        &self,
        statuses: &[ConversationStatus],
    ) -> ApiResult<Vec<ConversationListItem>> {
        dispatch!(self, store => store.conversations(statuses).await)
    }

    /// Everything the Conversation summary shows of conversation `id`:
    /// skills and pre-chat answers in their order, the self-service
    /// journey newest first, the displayable context variables; 404 if it
    /// does not exist. Answered from this server's memory while it
    /// reflects the conversation's last event (`summaries.rs`).
    pub async fn conversation(&self, id: i64) -> ApiResult<Arc<Conversation>> {
        let summaries = dispatch!(self, store => &store.summaries);
        let last = self.last_event(id).await?;
        if let Some(kept) = summaries.get(id, last) {
            return Ok(kept);
        }
        let read = dispatch!(self, store => store.conversation(id).await)?;
        Ok(summaries.keep(read))
    }

    /// What the summaries kept in memory hold and have answered.
    pub fn summary_counts(&self) -> SummaryCounts {
        dispatch!(self, store => store.summaries.counts())
    }

    /// The records linked to conversation `id`; 404 if it does not exist.
    pub async fn links(&self, id: i64) -> ApiResult<Links> {
        dispatch!(self, store => store.links(id).await)
    }

    /// Applies `change` to conversation `id` and returns its links after
    /// it, in one atomic step (guarantee 1 of the module): 404 if the
    /// conversation does not exist, then a 400 naming `customer` unless
    /// a customer to link exists and is active, or naming `case` unless a
    /// case to link exists (active or not: the agent may reopen history).
    /// Unlinking what is not linked changes nothing. Any change to the
    /// customer link ends recognition for the conversation: it only ever
    /// runs on a conversation nobody has linked or unlinked by hand, so an
    /// unlinked customer is never linked again behind the agent's back.
    ///
    /// Each link it changes is kept with `by` and the time
    /// ([`Store::last_link_change`]). With `seen`, the link's version the
    /// agent saw, it is first a 409 `link_conflict` when someone else has
    /// changed the link since.
    pub async fn set_link(
        &self,
        id: i64,
        change: Link,
        by: &Actor,
        seen: Option<i64>,
    ) -> ApiResult<Links> {
        let by = by.clone();
        dispatch!(self, store => store.set_link(id, change, by, seen).await)
    }

    /// Who last linked or unlinked `slot` of conversation `id`, and when;
    /// `None` if nobody did since the conversation began.
    pub async fn last_link_change(&self, id: i64, slot: LinkSlot) -> ApiResult<Option<LinkChange>> {
        dispatch!(self, store => store.last_link_change(id, slot).await)
    }

    /// The linked customer, then the linked case, as the Linked records
    /// selector lists them (a record deleted since is left out).
    pub async fn linked_records(&self, links: Links) -> ApiResult<Vec<LinkedRecord>> {
        let mut records = Vec::with_capacity(2);
        if let Some(customer) = links.customer {
            records.extend(
                self.linked_record(customer.kind.into(), customer.id)
                    .await?,
            );
        }
        if let Some(case_id) = links.case_id {
            records.extend(self.linked_record(RecordKind::Case, case_id).await?);
        }
        Ok(records)
    }
}
