//! The Recent cases panel: the linked customer's most recently active cases;
//! picking one makes it the conversation's case (asking first when another
//! case is linked).

use customer_summary_model::{Case, RecentCases};
use leptos::html;
use leptos::prelude::*;
use stylers::style_sheet;

use super::case::link_case;
use crate::api::{started, ApiClient, LinkSlot};
use crate::components::{EmptyState, Loaded, PanelFrame, PriorityBadge, StatusBadge};
use crate::config::Config;
use crate::state::{ActiveConversation, LinkedRecords};

/// The linked customer's recent cases, newest activity first, with
/// "Show more" to fetch another batch; each can be made the linked case.
#[component]
pub fn RecentCasesPanel() -> impl IntoView {
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    let batch = Config::expect().recent_cases_count;
    let limit = RwSignal::new(batch);
    let recent = LocalResource::new(move || {
        linked.track(LinkSlot::Customer);
        // A case created for the customer belongs in the list at once.
        linked.track(LinkSlot::Case);
        let api = api.clone();
        let limit = limit.get();
        started(async move { api.recent_cases(conversation.id, limit).await })
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
    // The case the agent picked while another is linked, awaiting "Replace".
    let replacing = RwSignal::new(None::<Case>);
    let error = RwSignal::new(None::<String>);
    let rows = recent
        .cases
        .into_iter()
        .map(|case| view! { <RecentCase case replacing error /> })
        .collect_view();
    let more = recent.has_more.then(|| {
        view! { class = class_name,
            <button type="button" class="button button--link recent-cases__more" on:click=move |_| on_more()>
                "Show more"
            </button>
        }
    });
    view! { class = class_name,
        <ul class="recent-cases" data-testid="recent-cases">{rows}</ul>
        {move || replacing.get().map(|case| view! { <ConfirmReplace case replacing error /> })}
        {move || error.get().map(|message| view! { class = class_name,
            <p class="recent-cases__error" role="alert">{message}</p>
        })}
        {more}
    }
    .into_any()
}

/// One recent case; its title links it as the conversation's case.
#[component]
fn RecentCase(
    case: Case,
    /// Set to this case when another case is linked and must be confirmed.
    replacing: RwSignal<Option<Case>>,
    /// Where a failed link is reported.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let class_name = class_name();
    let linked = LinkedRecords::expect();
    let id = case.id;
    let is_linked = move || linked.case_id() == Some(id);
    let pick = {
        let case = case.clone();
        move |_| {
            error.set(None);
            match linked.case_id() {
                Some(current) if current != id => replacing.set(Some(case.clone())),
                _ => link_case(&case, move |message| _ = error.try_set(Some(message))),
            }
        }
    };
    view! { class = class_name,
        <li class="recent-cases__item">
            <span class="recent-cases__number">
                {case.ticket_number}
                {move || is_linked().then_some(" · linked to this conversation")}
            </span>
            <button
                type="button"
                class="recent-cases__title"
                disabled=is_linked
                title="Link as this conversation's case"
                on:click=pick
            >
                <bdi>{case.title}</bdi>
            </button>
            <span class="recent-cases__badges">
                <StatusBadge status=case.status />
                <PriorityBadge priority=case.priority />
            </span>
        </li>
    }
}

/// Asks before replacing the linked case with the one the agent picked.
#[component]
fn ConfirmReplace(
    case: Case,
    replacing: RwSignal<Option<Case>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let class_name = class_name();
    let replace_button = NodeRef::<html::Button>::new();
    // Move focus to the question so keyboard users answer it at once.
    Effect::new(move || {
        if let Some(button) = replace_button.get() {
            // Focus only fails on detached elements; nothing to do then.
            let _ = button.focus();
        }
    });
    let replace = {
        let case = case.clone();
        move |_| {
            replacing.set(None);
            link_case(&case, move |message| _ = error.try_set(Some(message)));
        }
    };
    view! { class = class_name,
        <div class="recent-cases__confirm" role="group" aria-labelledby="replace-case-question">
            <p class="recent-cases__question" id="replace-case-question">
                {format!(
                    "Another case is linked to this conversation. Replace it with {}?",
                    case.ticket_number,
                )}
            </p>
            <button type="button" class="button button--primary recent-cases__replace" node_ref=replace_button on:click=replace>
                "Replace"
            </button>
            <button type="button" class="button recent-cases__keep" on:click=move |_| replacing.set(None)>
                "Keep the linked case"
            </button>
        </div>
    }
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/panels/recent_cases.css");
    class_name
}
