//! The Conversation summary panel: how the customer reached us (channel,
//! waiting time, skills, queue, start time) and what they told or did
//! before the conversation, in tabs.

mod additional;
mod details;
mod pre_chat;
mod self_service;
mod visitor;

use customer_summary_model::Conversation;
use leptos::prelude::*;

use crate::api::{started, ApiClient, ApiError};
use crate::components::{Loaded, PanelFrame, Tab, TabList, TabPanel};
use crate::config::Config;
use crate::dom;
use crate::state::{ActiveConversation, LiveUpdates};
use additional::AdditionalDetailsTab;
use details::ConversationDetails;
use pre_chat::PreChatTab;
use self_service::SelfServiceTab;
use visitor::VisitorTab;

const TABS_ID: &str = "conversation-tabs";
const PRE_CHAT: Tab = Tab {
    key: "pre-chat",
    label: "Pre-chat survey",
};
const SELF_SERVICE: Tab = Tab {
    key: "self-service",
    label: "Self service",
};
const VISITOR: Tab = Tab {
    key: "visitor",
    label: "Visitor details",
};
const ADDITIONAL: Tab = Tab {
    key: "additional",
    label: "Additional details",
};

/// The conversation's details and its Pre-chat survey, Self service,
/// Visitor details and Additional details tabs.
#[component]
pub fn ConversationSummaryPanel() -> impl IntoView {
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let live = LiveUpdates::expect();
    let conversation_data = LocalResource::new(move || {
        live.track_reloads();
        let api = api.clone();
        started(async move {
            let result = api.conversation(conversation.id).await;
            match &result {
                Ok(loaded) => {
                    live.observe_start(loaded.event_seq);
                    // The browser tab's name, standalone and embedded alike.
                    dom::set_title(&loaded.title);
                }
                Err(ApiError::NotFound(_)) => conversation.mark_not_found(),
                Err(_) => {}
            }
            result
        })
    });
    // Kept outside the loaded view so a re-fetch keeps the agent's tab.
    let selected = RwSignal::new(PRE_CHAT.key);
    view! {
        <PanelFrame title="Conversation summary" name="conversation">
            <Loaded
                resource=conversation_data
                view=move |conversation| view! { <Summary conversation selected /> }
            />
        </PanelFrame>
    }
}

/// Which tabs a conversation has: Self service only when configured, and
/// Additional details only when there is something displayable to show.
pub fn tabs_for(conversation: &Conversation, self_service_tab: bool) -> Vec<Tab> {
    let mut tabs = vec![PRE_CHAT];
    if self_service_tab {
        tabs.push(SELF_SERVICE);
    }
    tabs.push(VISITOR);
    if !conversation.context.is_empty() {
        tabs.push(ADDITIONAL);
    }
    tabs
}

#[component]
fn Summary(conversation: Conversation, selected: RwSignal<&'static str>) -> impl IntoView {
    let tabs = tabs_for(&conversation, Config::expect().self_service_tab);
    if !tabs.iter().any(|tab| tab.key == selected.get_untracked()) {
        selected.set(PRE_CHAT.key);
    }
    let has = |tab: Tab| tabs.contains(&tab);
    let self_service = has(SELF_SERVICE).then(|| {
        let items = conversation.self_service.clone();
        view! {
            <TabPanel id_prefix=TABS_ID tab=SELF_SERVICE.key selected>
                <SelfServiceTab items />
            </TabPanel>
        }
    });
    let additional = has(ADDITIONAL).then(|| {
        let items = conversation.context.clone();
        view! {
            <TabPanel id_prefix=TABS_ID tab=ADDITIONAL.key selected>
                <AdditionalDetailsTab items />
            </TabPanel>
        }
    });
    let answers = conversation.pre_chat.clone();
    let visitor = conversation.visitor.clone();
    view! {
        <ConversationDetails conversation />
        <TabList label="Conversation context" id_prefix=TABS_ID tabs selected />
        <TabPanel id_prefix=TABS_ID tab=PRE_CHAT.key selected>
            <PreChatTab answers />
        </TabPanel>
        {self_service}
        <TabPanel id_prefix=TABS_ID tab=VISITOR.key selected>
            <VisitorTab visitor />
        </TabPanel>
        {additional}
    }
}
