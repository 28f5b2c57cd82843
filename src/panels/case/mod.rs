//! The Case panel: the case linked to the conversation; when none is, the
//! search to link one and the form to create one for the linked customer.

mod card;
mod find;

use customer_summary_model::{Case, LinkChange};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{started, ApiClient, LinkRequest, LinkSlot};
use crate::components::{LinkNotices, Loaded, PanelFrame};
use crate::state::{ActiveConversation, LinkedRecords};
use card::CaseCard;
use find::FindCase;

/// The linked case, or the means to find, create and link one.
#[component]
pub fn CasePanel() -> impl IntoView {
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    let case = LocalResource::new(move || {
        linked.track(LinkSlot::Case);
        let api = api.clone();
        started(async move { api.linked_case(conversation.id).await })
    });
    view! {
        <PanelFrame title="Case" name="case">
            <LinkNotices link=LinkSlot::Case />
            <Loaded
                resource=case
                view=move |loaded| {
                    let version = LinkChange::version_of(loaded.changed.as_ref());
                    linked.observe_case(loaded.case.as_ref().map(|case| case.id), version);
                    match loaded.case {
                        Some(case) => view! { <CaseCard case linked=loaded.changed /> }.into_any(),
                        None => view! { <FindCase /> }.into_any(),
                    }
                }
            />
        </PanelFrame>
    }
}

/// Links `case` to the conversation (`LinkedRecords::change`); a failure
/// is handed to `on_error` to show where the agent acted.
pub fn link_case(case: &Case, on_error: impl Fn(String) + 'static) {
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    let label = format!("Link case {} anyway", case.ticket_number);
    let request = LinkRequest::LinkCase(case.id);
    spawn_local(async move {
        if let Err(error) = linked.change(api, conversation.id, request, label).await {
            on_error(format!("Could not link the case: {error}"));
        }
    });
}
