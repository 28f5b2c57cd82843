//! The Case panel: the case linked to the conversation.

use customer_summary_model::Case;
use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::{ApiClient, LinkSlot};
use crate::components::{
    EmptyState, Field, FieldList, Loaded, PanelFrame, PriorityBadge, StatusBadge, UnlinkButton,
};
use crate::format;
use crate::state::{ActiveConversation, LinkedRecords};

/// The linked case: number, title, priority, status, product, owner and
/// times, with Close to unlink.
#[component]
pub fn CasePanel() -> impl IntoView {
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    let case = LocalResource::new(move || {
        linked.track();
        let api = api.clone();
        async move { api.linked_case(conversation.id).await }
    });
    view! {
        <PanelFrame title="Case" name="case">
            <Loaded
                resource=case
                view=|linked| match linked.case {
                    Some(case) => view! { <CaseCard case /> }.into_any(),
                    None => view! {
                        <EmptyState message="No case is linked to this conversation." />
                    }
                    .into_any(),
                }
            />
        </PanelFrame>
    }
}

#[component]
fn CaseCard(case: Case) -> impl IntoView {
    let class_name = style_sheet!("src/panels/case.css");
    let unlink_label = format!("Close: unlink case {}", case.ticket_number);
    view! { class = class_name,
        <div class="case__header">
            <div class="case__identity">
                <span class="case__number" data-testid="case-number">{case.ticket_number}</span>
                <h3 class="case__title">{case.title}</h3>
            </div>
            <UnlinkButton link=LinkSlot::Case label=unlink_label />
        </div>
        <div class="case__badges">
            <PriorityBadge priority=case.priority />
            <StatusBadge status=case.status />
        </div>
        <FieldList>
            <Field label="Product" value=case.product />
            <Field label="Owner" value=Some(case.owner) />
            <Field label="Customer" value=Some(case.customer_name) />
            <Field label="Created" value=Some(format::date_time(case.created_at)) />
            <Field label="Modified" value=Some(format::date_time(case.modified_at)) />
        </FieldList>
    }
}
