//! Finding, creating and linking the conversation's customer and case.

use customer_summary_model::{
    Case, CaseLink, Customer, CustomerRef, LinkSlot, Links, NewAccount, NewCase, NewContact,
    Recognition,
};
use gloo_net::http::Method;

use super::{ApiClient, ApiError, WriteHeaders};

/// The most results a search returns.
const SEARCH_LIMIT: u32 = 20;

/// A change to one of the conversation's links that the agent asked for:
/// data, so that one refused over someone else's change can be sent again
/// on purpose (`LinkedRecords::change`).
#[derive(Clone, Debug, PartialEq)]
pub enum LinkRequest {
    LinkCustomer(CustomerRef),
    LinkCase(i64),
    Unlink(LinkSlot),
    CreateContact(NewContact),
    CreateAccount(NewAccount),
    /// The form, and the `Idempotency-Key` of its draft.
    CreateCase(NewCase, String),
}

impl LinkRequest {
    /// The link it changes.
    pub fn slot(&self) -> LinkSlot {
        match self {
            LinkRequest::LinkCustomer(_)
            | LinkRequest::CreateContact(_)
            | LinkRequest::CreateAccount(_) => LinkSlot::Customer,
            LinkRequest::LinkCase(_) | LinkRequest::CreateCase(..) => LinkSlot::Case,
            LinkRequest::Unlink(slot) => *slot,
        }
    }
}

impl ApiClient {
    /// Sends `request` for the conversation, over the `version` of the link
    /// the agent saw.
    pub async fn change_link(
        &self,
        conversation: i64,
        request: &LinkRequest,
        version: i64,
    ) -> Result<(), ApiError> {
        match request {
            LinkRequest::LinkCustomer(customer) => self
                .link_customer(conversation, *customer, version)
                .await
                .map(drop),
            LinkRequest::LinkCase(case) => {
                self.link_case(conversation, *case, version).await.map(drop)
            }
            LinkRequest::Unlink(slot) => self.unlink(conversation, *slot, version).await,
            LinkRequest::CreateContact(contact) => self
                .create_contact(conversation, contact, version)
                .await
                .map(drop),
            LinkRequest::CreateAccount(account) => self
                .create_account(conversation, account, version)
                .await
                .map(drop),
            LinkRequest::CreateCase(case, key) => self
                .create_case(conversation, case, key, version)
                .await
                .map(drop),
        }
    }

    /// Active contacts and accounts whose name, email, phone, company or
    /// account number starts with `query` (at least 2 characters).
    pub async fn search_customers(&self, query: &str) -> Result<Vec<Customer>, ApiError> {
        self.get(&format!(
            "/customers?limit={SEARCH_LIMIT}&q={}",
            encode(query)
        ))
        .await
    }

    /// Active cases whose number or title starts with `query`.
    pub async fn search_cases(&self, query: &str) -> Result<Vec<Case>, ApiError> {
        self.get(&format!("/cases?limit={SEARCH_LIMIT}&q={}", encode(query)))
            .await
    }

    // Each write that changes a link names the `version` of it the agent
    // saw (`LinkedRecords::change`).

    async fn link_customer(
        &self,
        conversation: i64,
        customer: CustomerRef,
        version: i64,
    ) -> Result<Links, ApiError> {
        let path = format!("/conversations/{conversation}/customer");
        self.send(
            Method::PUT,
            &path,
            Some(&customer),
            WriteHeaders::seen(version),
        )
        .await
    }

    async fn link_case(
        &self,
        conversation: i64,
        case: i64,
        version: i64,
    ) -> Result<Links, ApiError> {
        let path = format!("/conversations/{conversation}/case");
        let body = CaseLink { id: case };
        self.send(Method::PUT, &path, Some(&body), WriteHeaders::seen(version))
            .await
    }

    /// Creates a contact and links it to the conversation.
    async fn create_contact(
        &self,
        conversation: i64,
        contact: &NewContact,
        version: i64,
    ) -> Result<Customer, ApiError> {
        let path = format!("/conversations/{conversation}/contacts");
        self.send(
            Method::POST,
            &path,
            Some(contact),
            WriteHeaders::seen(version),
        )
        .await
    }

    /// Creates an account and links it to the conversation.
    async fn create_account(
        &self,
        conversation: i64,
        account: &NewAccount,
        version: i64,
    ) -> Result<Customer, ApiError> {
        let path = format!("/conversations/{conversation}/accounts");
        self.send(
            Method::POST,
            &path,
            Some(account),
            WriteHeaders::seen(version),
        )
        .await
    }

    /// Creates a case for the linked customer and links it. Retries with
    /// the same `idempotency_key` create it once.
    async fn create_case(
        &self,
        conversation: i64,
        case: &NewCase,
        idempotency_key: &str,
        version: i64,
    ) -> Result<Case, ApiError> {
        let path = format!("/conversations/{conversation}/cases");
        let headers = WriteHeaders {
            idempotency_key: Some(idempotency_key),
            link_version: Some(version),
        };
        self.send(Method::POST, &path, Some(case), headers).await
    }

    /// Links the customer the pre-chat answers identify, once per
    /// conversation (the product's recognition on open).
    pub async fn recognize(&self, conversation: i64) -> Result<Recognition, ApiError> {
        let path = format!("/conversations/{conversation}/recognition");
        self.send(Method::POST, &path, None::<&()>, WriteHeaders::default())
            .await
    }
}

fn encode(query: &str) -> String {
    js_sys::encode_uri_component(query).into()
}
