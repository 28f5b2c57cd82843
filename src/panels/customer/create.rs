//! The forms behind + Add Contact and + Add Account: create a customer
//! and link it at once. While a form is open, customers linked elsewhere
//! are held, not shown over it (`LinkedRecords::hold_while_mounted`).

use customer_summary_model::{NewAccount, NewContact};
use leptos::prelude::*;

use crate::api::{ApiClient, LinkRequest, LinkSlot};
use crate::components::{optional, FormShell, FormState, TextField};
use crate::state::{ActiveConversation, LinkedRecords};

/// The new-contact form.
#[component]
pub fn ContactForm(
    /// Closes the form without saving.
    on_close: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    // Another agent's customer would replace the form under the agent.
    linked.hold_while_mounted(LinkSlot::Customer);
    let form = FormState::new("new-contact");
    let [first, last, job, email, mobile, business, city, country] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let save = Callback::new(move |()| {
        let contact = NewContact {
            first_name: optional(first),
            last_name: last.get_untracked(),
            job_title: optional(job),
            email: optional(email),
            mobile_phone: optional(mobile),
            business_phone: optional(business),
            city: optional(city),
            country: optional(country),
        };
        let api = api.clone();
        let problems = contact.validate();
        let label = format!("Create contact {} and link it anyway", contact.last_name);
        let create = LinkRequest::CreateContact(contact);
        let sent = linked.change(api, conversation.id, create, label);
        form.submit(problems, sent, |()| {});
    });
    view! {
        <FormShell title="New contact" form on_save=save on_close>
            <TextField form field="first_name" label="First name" value=first />
            <TextField form field="last_name" label="Last name" value=last required=true />
            <TextField form field="job_title" label="Job title" value=job />
            <TextField form field="email" label="Email" value=email input_type="email" />
            <TextField form field="mobile_phone" label="Mobile phone" value=mobile input_type="tel" />
            <TextField form field="business_phone" label="Business phone" value=business input_type="tel" />
            <TextField form field="city" label="City" value=city />
            <TextField form field="country" label="Country" value=country />
        </FormShell>
    }
}

/// The new-account form.
#[component]
pub fn AccountForm(
    /// Closes the form without saving.
    on_close: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    // Another agent's customer would replace the form under the agent.
    linked.hold_while_mounted(LinkSlot::Customer);
    let form = FormState::new("new-account");
    let [name, number, email, phone, city, country] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let save = Callback::new(move |()| {
        let account = NewAccount {
            name: name.get_untracked(),
            account_number: optional(number),
            email: optional(email),
            main_phone: optional(phone),
            city: optional(city),
            country: optional(country),
        };
        let api = api.clone();
        let problems = account.validate();
        let label = format!("Create account {} and link it anyway", account.name);
        let create = LinkRequest::CreateAccount(account);
        let sent = linked.change(api, conversation.id, create, label);
        form.submit(problems, sent, |()| {});
    });
    view! {
        <FormShell title="New account" form on_save=save on_close>
            <TextField form field="name" label="Account name" value=name required=true />
            <TextField form field="account_number" label="Account number" value=number />
            <TextField form field="email" label="Email" value=email input_type="email" />
            <TextField form field="main_phone" label="Main phone" value=phone input_type="tel" />
            <TextField form field="city" label="City" value=city />
            <TextField form field="country" label="Country" value=country />
        </FormShell>
    }
}
