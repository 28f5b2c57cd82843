//! The Self service tab: what the customer did on the portal before the
//! conversation, newest first.

use customer_summary_model::{JourneyItem, JourneyKind};
use leptos::prelude::*;
use stylers::style_sheet;

use crate::components::{EmptyState, Icon, IconName, RelativeTime};

/// The customer's portal activity: pages visited, phrases searched,
/// knowledge articles viewed and custom actions.
#[component]
pub fn SelfServiceTab(
    /// The activity, newest first as the server sends it.
    items: Vec<JourneyItem>,
) -> impl IntoView {
    let class_name = style_sheet!("src/panels/conversation_summary/self_service.css");
    if items.is_empty() {
        return view! { <EmptyState message="No portal activity before this conversation." /> }
            .into_any();
    }
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let kind = item.kind();
            let title = match item.link() {
                Some(url) => view! { class = class_name,
                    <a class="self-service__title" href=url.to_owned() target="_blank" rel="noopener noreferrer">
                        <bdi>{item.title.clone()}</bdi>
                    </a>
                }
                .into_any(),
                None => view! { class = class_name, <span class="self-service__title" dir="auto">{item.title.clone()}</span> }
                    .into_any(),
            };
            view! { class = class_name,
                <li class="self-service__item" data-testid="journey-item">
                    <span class="self-service__kind">
                        <Icon name=journey_icon(kind) />
                        {kind.label()}
                    </span>
                    {title}
                    <span class="self-service__time">
                        <RelativeTime at=item.at id=format!("journey-{index}-time") />
                    </span>
                </li>
            }
        })
        .collect_view();
    view! { class = class_name, <ol class="self-service" aria-label="Portal activity, newest first">{rows}</ol> }
        .into_any()
}

/// The icon of a self-service action type.
pub fn journey_icon(kind: JourneyKind) -> IconName {
    match kind {
        JourneyKind::PageVisited => IconName::Page,
        JourneyKind::PhraseSearched => IconName::Search,
        JourneyKind::KnowledgeArticleViewed => IconName::Article,
        JourneyKind::CustomAction => IconName::Action,
        JourneyKind::Other => IconName::Unknown,
    }
}
