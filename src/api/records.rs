//! Finding, creating and linking the conversation's customer and case.

use customer_summary_model::{
    Case, CaseLink, Customer, CustomerRef, Links, NewAccount, NewCase, NewContact, Recognition,
};
use gloo_net::http::Method;

use super::{ApiClient, ApiError};

/// The most results a search returns.
const SEARCH_LIMIT: u32 = 20;

impl ApiClient {
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

    pub async fn link_customer(
        &self,
        conversation: i64,
        customer: CustomerRef,
    ) -> Result<Links, ApiError> {
        let path = format!("/conversations/{conversation}/customer");
        self.send(Method::PUT, &path, Some(&customer), None).await
    }

    pub async fn link_case(&self, conversation: i64, case: i64) -> Result<Links, ApiError> {
        let path = format!("/conversations/{conversation}/case");
        self.send(Method::PUT, &path, Some(&CaseLink { id: case }), None)
            .await
    }

    /// Creates a contact and links it to the conversation.
    pub async fn create_contact(
        &self,
        conversation: i64,
        contact: &NewContact,
    ) -> Result<Customer, ApiError> {
        let path = format!("/conversations/{conversation}/contacts");
        self.send(Method::POST, &path, Some(contact), None).await
    }

    /// Creates an account and links it to the conversation.
    pub async fn create_account(
        &self,
        conversation: i64,
        account: &NewAccount,
    ) -> Result<Customer, ApiError> {
        let path = format!("/conversations/{conversation}/accounts");
        self.send(Method::POST, &path, Some(account), None).await
    }

    /// Creates a case for the linked customer and links it. Retries with
    /// the same `idempotency_key` create it once.
    pub async fn create_case(
        &self,
        conversation: i64,
        case: &NewCase,
        idempotency_key: &str,
    ) -> Result<Case, ApiError> {
        let path = format!("/conversations/{conversation}/cases");
        self.send(Method::POST, &path, Some(case), Some(idempotency_key))
            .await
    }

    /// Links the customer the pre-chat answers identify, once per
    /// conversation (the product's recognition on open).
    pub async fn recognize(&self, conversation: i64) -> Result<Recognition, ApiError> {
        let path = format!("/conversations/{conversation}/recognition");
        self.send(Method::POST, &path, None::<&()>, None).await
    }
}

fn encode(query: &str) -> String {
    js_sys::encode_uri_component(query).into()
}
