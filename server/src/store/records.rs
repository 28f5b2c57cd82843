//! Records: contacts, accounts and cases by id, their names as timeline
//! records, a customer's recent cases, and creating them for a
//! conversation.

use customer_summary_model::{
    Account, Case, Contact, Customer, CustomerKind, CustomerRef, LinkedRecord, NewAccount, NewCase,
    NewContact, RecentCases, RecordKind,
};

use super::{CreateRequest, Reply, Store};
use crate::error::{ApiError, ApiResult};
use crate::rules::page::Limit;

impl Store {
    /// Contact `id` with its company's name, if it exists.
    pub async fn contact(&self, id: i64) -> ApiResult<Option<Contact>> {
        dispatch!(self, store => store.contact(id).await)
    }

    /// Account `id` with its primary contact's name, if it exists.
    pub async fn account(&self, id: i64) -> ApiResult<Option<Account>> {
        dispatch!(self, store => store.account(id).await)
    }

    /// Case `id` with its customer's name, if it exists.
    pub async fn case(&self, id: i64) -> ApiResult<Option<Case>> {
        dispatch!(self, store => store.case(id).await)
    }

    /// The contact or account `customer` points to, if it exists.
    pub async fn customer(&self, customer: CustomerRef) -> ApiResult<Option<Customer>> {
        Ok(match customer.kind {
            CustomerKind::Contact => self.contact(customer.id).await?.map(Customer::Contact),
            CustomerKind::Account => self.account(customer.id).await?.map(Customer::Account),
        })
    }

    /// The record as the Linked records selector names it (a contact's
    /// full name, an account's name, `"<ticket number>: <title>"` for a
    /// case), or `None` if it does not exist.
    pub async fn linked_record(
        &self,
        kind: RecordKind,
        id: i64,
    ) -> ApiResult<Option<LinkedRecord>> {
        dispatch!(self, store => store.linked_record(kind, id).await)
    }

    /// Like [`Store::linked_record`], but a missing record is a 404.
    pub async fn existing_record(&self, kind: RecordKind, id: i64) -> ApiResult<LinkedRecord> {
        self.linked_record(kind, id)
            .await?
            .ok_or_else(|| ApiError::not_found(kind.label(), id))
    }

    /// The most recently modified cases of `customer` (none when `None`),
    /// by `modified_at` then id, newest first.
    pub async fn recent_cases(
        &self,
        customer: Option<CustomerRef>,
        limit: Limit,
    ) -> ApiResult<RecentCases> {
        let Some(owner) = customer else {
            return Ok(RecentCases {
                customer: None,
                cases: Vec::new(),
                has_more: false,
            });
        };
        let fetched = dispatch!(self, store => store.recent_cases(owner, limit).await)?;
        let (cases, has_more) = limit.page(fetched);
        Ok(RecentCases {
            customer,
            cases,
            has_more,
        })
    }

    /// Creates an active contact from `form` (valid) and links it as
    /// conversation `id`'s customer: the 201 reply holds the contact.
    /// Atomic with its link and `request`'s reply (guarantee 2); 404 if
    /// the conversation does not exist, and then nothing is created.
    pub async fn create_contact(
        &self,
        request: CreateRequest,
        id: i64,
        form: NewContact,
    ) -> ApiResult<Reply> {
        dispatch!(self, store => store.create_contact(request, id, form).await)
    }

    /// Creates an active account from `form` (valid) and links it, as
    /// [`Store::create_contact`] does; an account number another account
    /// has is a 400 naming `account_number` (guarantee 3).
    pub async fn create_account(
        &self,
        request: CreateRequest,
        id: i64,
        form: NewAccount,
    ) -> ApiResult<Reply> {
        dispatch!(self, store => store.create_account(request, id, form).await)
    }

    /// Creates a case from `form` (valid), in progress, owned and created
    /// by `request`'s agent and stamped now, for conversation `id`'s
    /// customer, and links it as its case: the 201 reply holds the case.
    /// 404 if the conversation does not exist; a 400 naming `customer`
    /// unless it links an active one. Its id is new and its ticket number
    /// made from it (guarantee 3); atomic as a create is (guarantee 2).
    pub async fn create_case(
        &self,
        request: CreateRequest,
        id: i64,
        form: NewCase,
    ) -> ApiResult<Reply> {
        dispatch!(self, store => store.create_case(request, id, form).await)
    }
}
