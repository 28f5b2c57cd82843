//! Finding a customer to link: recognition's message, the search, and the
//! buttons that open the create forms.

use customer_summary_model::{location, Customer, RecognitionOutcome};
use leptos::prelude::*;
use leptos::task::spawn_local;
use stylers::style_sheet;

use super::create::{AccountForm, ContactForm};
use crate::api::{ApiClient, LinkRequest};
use crate::components::SearchCombobox;
use crate::state::{ActiveConversation, LinkedRecords};

/// Which create form is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Creating {
    Nothing,
    Contact,
    Account,
}

/// Search and create, for a conversation with no customer linked.
#[component]
pub fn FindCustomer(
    /// What recognition on open found.
    recognition: Option<RecognitionOutcome>,
) -> impl IntoView {
    let class_name = class_name();
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    let creating = RwSignal::new(Creating::Nothing);
    let link_error = RwSignal::new(None::<String>);
    let search = {
        let api = api.clone();
        move |query: String| {
            let api = api.clone();
            async move { api.search_customers(&query).await }
        }
    };
    let link = Callback::new(move |customer: Customer| {
        let api = api.clone();
        link_error.set(None);
        let name = customer.display_name().to_owned();
        let label = format!("Link {name} anyway");
        let request = LinkRequest::LinkCustomer(customer.reference());
        spawn_local(async move {
            if let Err(error) = linked.change(api, conversation.id, request, label).await {
                _ = link_error.try_set(Some(format!("Could not link {name}: {error}")));
            }
        });
    });
    let message = recognition.and_then(RecognitionOutcome::message);
    let close = Callback::new(move |()| creating.set(Creating::Nothing));
    view! { class = class_name,
        {message.map(|message| view! { class = class_name,
            <p class="find-customer__recognition" data-testid="recognition">{message}</p>
        })}
        <SearchCombobox
            label="Find a customer"
            id="customer-search"
            placeholder="Name, email, phone, company or account number"
            search
            render=customer_option
            on_pick=link
        />
        {move || link_error.get().map(|message| view! { class = class_name,
            <p class="find-customer__error" role="alert">{message}</p>
        })}
        <div class="find-customer__add">
            <button
                type="button"
                class="button find-customer__add-button"
                aria-expanded=move || (creating.get() == Creating::Contact).to_string()
                on:click=move |_| creating.set(Creating::Contact)
            >
                "+ Add Contact"
            </button>
            <button
                type="button"
                class="button find-customer__add-button"
                aria-expanded=move || (creating.get() == Creating::Account).to_string()
                on:click=move |_| creating.set(Creating::Account)
            >
                "+ Add Account"
            </button>
        </div>
        {move || match creating.get() {
            Creating::Nothing => ().into_any(),
            Creating::Contact => view! { <ContactForm on_close=close /> }.into_any(),
            Creating::Account => view! { <AccountForm on_close=close /> }.into_any(),
        }}
    }
}

/// One search result: the name, and what tells namesakes apart.
fn customer_option(customer: &Customer) -> impl IntoView {
    let class_name = class_name();
    let (kind, details) = match customer {
        Customer::Contact(c) => (
            "Contact",
            [
                c.email.clone(),
                c.mobile_phone.clone(),
                location(c.city.as_deref(), c.country.as_deref()),
            ],
        ),
        Customer::Account(a) => (
            "Account",
            [
                a.account_number.clone(),
                a.email.clone(),
                location(a.city.as_deref(), a.country.as_deref()),
            ],
        ),
    };
    let details: Vec<String> = details.into_iter().flatten().collect();
    view! { class = class_name,
        <span class="find-customer__option-name" dir="auto">{customer.display_name().to_owned()}</span>
        " "
        <span class="find-customer__option-kind">{kind}</span>
        <span class="find-customer__option-details">
            // Each isolated: an e-mail's direction marks stay in the e-mail.
            {details
                .into_iter()
                .enumerate()
                .map(|(i, detail)| view! { {(i > 0).then_some(" · ")} <bdi>{detail}</bdi> })
                .collect_view()}
        </span>
    }
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/panels/customer/find.css");
    class_name
}
