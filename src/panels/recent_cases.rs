//! The Recent cases panel: the linked customer's most recently active cases.

use customer_summary_model::{Case, RecentCases};
use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::ApiClient;
use crate::components::{EmptyState, Loaded, PanelFrame, PriorityBadge, StatusBadge};
use crate::config::Config;
use crate::state::{ActiveConversation, LinkedRecords};

/// The linked customer's recent cases, newest activity first, with
/// "Show more" to fetch another batch.
#[component]
pub fn RecentCasesPanel() -> impl IntoView {
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    let batch = Config::expect().recent_cases_count;
    let limit = RwSignal::new(batch);
    let recent = LocalResource::new(move || {
        linked.track();
        let api = api.clone();
        let limit = limit.get();
        async move { api.recent_cases(conversation.id, limit).await }
    });
    view! {
        <PanelFrame title="Recent cases" name="recent-cases">
            <Loaded
                resource=recent
                view=move |recent| view! {
                    <RecentCaseList recent on_more=move || limit.update(|n| *n += batch) />
                }
            />
        </PanelFrame>
    }
}

#[component]
fn RecentCaseList(recent: RecentCases, on_more: impl Fn() + 'static) -> impl IntoView {
    let class_name = class_name();
    if recent.customer.is_none() {
        return view! { <EmptyState message="Link a customer to see their recent cases." /> }
            .into_any();
    }
    if recent.cases.is_empty() {
        return view! { <EmptyState message="This customer has no cases yet." /> }.into_any();
    }
    let rows = recent
        .cases
        .into_iter()
        .map(|case| view! { <RecentCase case /> })
        .collect_view();
    let more = recent.has_more.then(|| {
        view! { class = class_name,
            <button type="button" class="recent-cases__more" on:click=move |_| on_more()>
                "Show more"
            </button>
        }
    });
    view! { class = class_name,
        <ul class="recent-cases" data-testid="recent-cases">{rows}</ul>
        {more}
    }
    .into_any()
}

#[component]
fn RecentCase(case: Case) -> impl IntoView {
    let class_name = class_name();
    view! { class = class_name,
        <li class="recent-cases__item">
            <span class="recent-cases__number">{case.ticket_number}</span>
            <span class="recent-cases__title">{case.title}</span>
            <span class="recent-cases__badges">
                <StatusBadge status=case.status />
                <PriorityBadge priority=case.priority />
            </span>
        </li>
    }
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/panels/recent_cases.css");
    class_name
}
