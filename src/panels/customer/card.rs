//! The linked customer's card: a contact's or an account's details, with
//! Close to unlink.

use customer_summary_model::{location, Account, Contact, Customer, LinkChange};
use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::LinkSlot;
use crate::components::{Field, FieldList, LinkedBy, UnlinkButton};

/// A contact's or an account's card, and who linked it.
#[component]
pub fn CustomerCard(
    /// The linked customer.
    customer: Customer,
    /// Who last linked it, and when, if known.
    linked: Option<LinkChange>,
) -> impl IntoView {
    let class_name = style_sheet!("src/panels/customer/card.css");
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
        <div class="customer-card__header">
            <div class="customer-card__identity">
                <h3 class="customer-card__name" data-testid="customer-name">
                    {name.clone()}
                </h3>
                <span class="customer-card__kind">{kind}</span>
            </div>
            <UnlinkButton link=LinkSlot::Customer label=format!("Close: unlink {name}") />
        </div>
        {fields}
        <LinkedBy change=linked id="customer-linked-by-time" />
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
            <CopyableField label="Email" value=contact.email />
            <CopyableField label="Mobile phone" value=contact.mobile_phone />
            <CopyableField label="Business phone" value=contact.business_phone />
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
            <CopyableField label="Main phone" value=account.main_phone />
            <CopyableField label="Email" value=account.email />
            <Field label="Primary contact" value=account.primary_contact_name />
        </FieldList>
    }
}

/// A field whose value can be copied to the clipboard with one click.
#[component]
fn CopyableField(label: &'static str, value: Option<String>) -> impl IntoView {
    let class_name = style_sheet!("src/panels/customer/card.css");
    let Some(text) = value.filter(|v| !v.trim().is_empty()) else {
        return view! { <Field label value=None /> }.into_any();
    };
    let copied = RwSignal::new(false);
    let copy = {
        let text = text.clone();
        move |_| {
            let clipboard = window().navigator().clipboard();
            let promise = clipboard.write_text(&text);
            leptos::task::spawn_local(async move {
                copied.set(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
            });
        }
    };
    view! { class = class_name,
        <Field label>
            <span class="customer-card__copyable">
                <span>{text}</span>
                <button
                    type="button"
                    class="button customer-card__copy"
                    aria-label=format!("Copy {}", label.to_lowercase())
                    on:click=copy
                >
                    {move || if copied.get() { "Copied" } else { "Copy" }}
                </button>
            </span>
        </Field>
    }
    .into_any()
}
