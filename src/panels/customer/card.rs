//! The Customer panel: the contact or account linked to the conversation.

use customer_summary_model::{location, Account, Contact, Customer};
use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::{ApiClient, LinkSlot};
use crate::components::{EmptyState, Field, FieldList, Loaded, PanelFrame, UnlinkButton};
use crate::state::{ActiveConversation, LinkedRecords};

/// The linked customer's details, with Close to unlink.
#[component]
pub fn CustomerPanel() -> impl IntoView {
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    let customer = LocalResource::new(move || {
        linked.track();
        let api = api.clone();
        async move { api.linked_customer(conversation.id).await }
    });
    view! {
        <PanelFrame title="Customer" name="customer">
            <Loaded
                resource=customer
                view=|linked| match linked.customer {
                    Some(customer) => view! { <CustomerCard customer /> }.into_any(),
                    None => view! {
                        <EmptyState message="No customer is linked to this conversation." />
                    }
                    .into_any(),
                }
            />
        </PanelFrame>
    }
}

/// A contact's or an account's card.
#[component]
fn CustomerCard(customer: Customer) -> impl IntoView {
    let class_name = style_sheet!("src/panels/customer.css");
    let name = customer.display_name().to_owned();
    let kind = match customer {
        Customer::Contact(_) => "Contact",
        Customer::Account(_) => "Account",
    };
    let fields = match customer {
        Customer::Contact(contact) => view! { <ContactFields contact /> }.into_any(),
        Customer::Account(account) => view! { <AccountFields account /> }.into_any(),
    };
    view! { class = class_name,
        <div class="customer__header">
            <div class="customer__identity">
                <h3 class="customer__name" data-testid="customer-name">{name.clone()}</h3>
                <span class="customer__kind">{kind}</span>
            </div>
            <UnlinkButton link=LinkSlot::Customer label=format!("Close: unlink {name}") />
        </div>
        {fields}
    }
}

#[component]
fn ContactFields(contact: Contact) -> impl IntoView {
    let place = location(contact.city.as_deref(), contact.country.as_deref());
    view! {
        <FieldList>
            <Field label="Job title" value=contact.job_title />
            <Field label="Company" value=contact.company />
            <Field label="Location" value=place />
            <Field label="Email" value=contact.email />
            <Field label="Mobile phone" value=contact.mobile_phone />
            <Field label="Business phone" value=contact.business_phone />
        </FieldList>
    }
}

#[component]
fn AccountFields(account: Account) -> impl IntoView {
    let place = location(account.city.as_deref(), account.country.as_deref());
    view! {
        <FieldList>
            <Field label="Account number" value=account.account_number />
            <Field label="Location" value=place />
            <Field label="Main phone" value=account.main_phone />
            <Field label="Email" value=account.email />
            <Field label="Primary contact" value=account.primary_contact_name />
        </FieldList>
    }
}
