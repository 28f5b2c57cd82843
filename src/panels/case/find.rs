//! Finding a case to link, and + Add Case for the linked customer.

use customer_summary_model::{Case, NewCase, Priority};
use leptos::prelude::*;
use stylers::style_sheet;

use super::link_case;
use crate::api::{new_idempotency_key, ApiClient, LinkRequest, LinkSlot};
use crate::components::{optional, FormShell, FormState, SearchCombobox, StatusBadge, TextField};
use crate::state::{ActiveConversation, LinkedRecords};

/// Search and create, for a conversation with no case linked.
#[component]
pub fn FindCase() -> impl IntoView {
    let class_name = class_name();
    let api = ApiClient::expect();
    let linked = LinkedRecords::expect();
    let creating = RwSignal::new(false);
    let link_error = RwSignal::new(None::<String>);
    let search = move |query: String| {
        let api = api.clone();
        async move { api.search_cases(&query).await }
    };
    let pick = Callback::new(move |case: Case| {
        link_error.set(None);
        link_case(&case, move |message| _ = link_error.try_set(Some(message)));
    });
    let close = Callback::new(move |()| creating.set(false));
    let create = move || {
        if !creating.get() {
            return ().into_any();
        }
        if linked.customer().is_none() {
            return view! { class = class_name,
                <p class="find-case__hint" role="status">
                    "Link a customer first: a case is created for the linked customer."
                </p>
            }
            .into_any();
        }
        view! { <CaseForm on_close=close /> }.into_any()
    };
    view! { class = class_name,
        <SearchCombobox
            label="Find a case"
            id="case-search"
            placeholder="Case number or title"
            search
            render=case_option
            on_pick=pick
        />
        {move || link_error.get().map(|message| view! { class = class_name,
            <p class="find-case__error" role="alert">{message}</p>
        })}
        <button
            type="button"
            class="button find-case__add"
            aria-expanded=move || creating.get().to_string()
            on:click=move |_| creating.set(true)
        >
            "+ Add Case"
        </button>
        {create}
    }
}

/// The new-case form. Retrying a failed save sends the same
/// `Idempotency-Key`, so the case is created once however often it is sent.
#[component]
fn CaseForm(
    /// Closes the form without saving.
    on_close: Callback<()>,
) -> impl IntoView {
    let class_name = class_name();
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    // Another agent's case would replace the form under the agent.
    linked.hold_while_mounted(LinkSlot::Case);
    let form = FormState::new("new-case");
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let priority = RwSignal::new(Priority::Normal);
    // The key belongs to one draft: editing after a failure makes a new one.
    let last_attempt = StoredValue::new(None::<(NewCase, String)>);
    let save = Callback::new(move |()| {
        let case = NewCase {
            title: title.get_untracked(),
            priority: priority.get_untracked(),
            description: optional(description),
        };
        let key = match last_attempt.get_value() {
            Some((sent, key)) if sent == case => key,
            _ => new_idempotency_key(),
        };
        last_attempt.set_value(Some((case.clone(), key.clone())));
        let api = api.clone();
        let problems = case.validate();
        let label = format!("Create case “{}” and link it anyway", case.title);
        let create = LinkRequest::CreateCase(case, key);
        form.submit(
            problems,
            linked.change(api, conversation.id, create, label),
            |()| {},
        );
    });
    let priority_id = form.field_id("priority");
    view! { class = class_name,
        <FormShell title="New case" form on_save=save on_close>
            <TextField form field="title" label="Title" value=title required=true />
            <div class="find-case__priority">
                <label class="find-case__label" for=priority_id.clone()>"Priority"</label>
                <select
                    class="input find-case__select"
                    id=priority_id
                    on:change=move |event| {
                        if let Some(chosen) = Priority::parse(&event_target_value(&event)) {
                            priority.set(chosen);
                        }
                    }
                >
                    {[Priority::High, Priority::Normal, Priority::Low]
                        .into_iter()
                        .map(|p| view! { class = class_name,
                            <option value=p.as_str() selected=p == Priority::Normal>{p.label()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <TextField form field="description" label="Description" value=description multiline=true />
        </FormShell>
    }
}

/// One search result: number, title, status and customer.
fn case_option(case: &Case) -> impl IntoView {
    let class_name = class_name();
    view! { class = class_name,
        <span class="find-case__option-number">{case.ticket_number.clone()}</span>
        " "
        <StatusBadge status=case.status />
        <span class="find-case__option-title" dir="auto">{case.title.clone()}</span>
        <span class="find-case__option-customer">{case.customer_name.clone()}</span>
    }
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/panels/case/find.css");
    class_name
}
