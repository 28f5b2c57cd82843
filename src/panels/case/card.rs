//! The linked case's card.

use customer_summary_model::{Case, LinkChange};
use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::LinkSlot;
use crate::components::{
    ActorName, Field, FieldList, LinkedBy, PriorityBadge, StatusBadge, UnlinkButton,
};
use crate::format;

/// The linked case: number, title, priority, status, product, owner and
/// times, who linked it, with Close to unlink.
#[component]
pub fn CaseCard(
    /// The case.
    case: Case,
    /// Who last linked it, and when, if known.
    linked: Option<LinkChange>,
) -> impl IntoView {
    let class_name = style_sheet!("src/panels/case/card.css");
    let unlink_label = format!("Close: unlink case {}", case.ticket_number);
    view! { class = class_name,
        <div class="case-card__header">
            <div class="case-card__identity">
                <span class="case-card__number" data-testid="case-number">{case.ticket_number}</span>
                <h3 class="case-card__title">{case.title}</h3>
            </div>
            <UnlinkButton link=LinkSlot::Case label=unlink_label />
        </div>
        <div class="case-card__badges">
            <PriorityBadge priority=case.priority />
            <StatusBadge status=case.status />
        </div>
        <FieldList>
            <Field label="Product" value=case.product />
            <Field label="Owner"><ActorName actor=case.owner /></Field>
            <Field label="Customer" value=Some(case.customer_name) />
            <Field label="Created" value=Some(format::date_time(case.created_at)) />
            <Field label="Modified" value=Some(format::date_time(case.modified_at)) />
        </FieldList>
        <LinkedBy change=linked id="case-linked-by-time" />
    }
}
