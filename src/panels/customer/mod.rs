//! The Customer panel: the contact or account linked to the conversation;
//! when none is, recognition's verdict, search to link one, and forms to
//! create a contact or an account.

mod card;
mod create;
mod find;

use customer_summary_model::{Customer, LinkChange, LinkedCustomer, RecognitionOutcome};
use leptos::prelude::*;

use crate::api::{started, ApiClient, LinkSlot};
use crate::components::{LinkNotices, Loaded, PanelFrame};
use crate::state::{ActiveConversation, LinkedRecords};
use card::CustomerCard;
use find::FindCustomer;

/// What the panel knows about the conversation's customer.
#[derive(Clone, Debug, PartialEq)]
struct CustomerState {
    customer: Option<Customer>,
    /// Who last linked or unlinked a customer, if known.
    changed: Option<LinkChange>,
    /// What recognition found, when no customer is linked.
    recognition: Option<RecognitionOutcome>,
}

/// The linked customer, or the means to find, create and link one.
#[component]
pub fn CustomerPanel() -> impl IntoView {
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    let state = LocalResource::new(move || {
        linked.track(LinkSlot::Customer);
        let api = api.clone();
        started(async move {
            let LinkedCustomer { customer, changed } = api.linked_customer(conversation.id).await?;
            if customer.is_some() {
                return Ok(CustomerState {
                    customer,
                    changed,
                    recognition: None,
                });
            }
            // As the product does on open: link the customer the pre-chat
            // answers identify. The server runs it once per conversation.
            let recognition = api.recognize(conversation.id).await?;
            if recognition.linked_now {
                linked.changed(LinkSlot::Customer);
                linked.changed(LinkSlot::Case);
            }
            Ok(CustomerState {
                customer: None,
                changed,
                recognition: Some(recognition.outcome),
            })
        })
    });
    view! {
        <PanelFrame title="Customer" name="customer">
            <LinkNotices link=LinkSlot::Customer />
            <Loaded
                resource=state
                view=move |state: CustomerState| {
                    let version = LinkChange::version_of(state.changed.as_ref());
                    linked.observe_customer(state.customer.as_ref().map(Customer::reference), version);
                    match state.customer {
                        Some(customer) => {
                            view! { <CustomerCard customer linked=state.changed /> }.into_any()
                        }
                        None => view! { <FindCustomer recognition=state.recognition /> }.into_any(),
                    }
                }
            />
        </PanelFrame>
    }
}
