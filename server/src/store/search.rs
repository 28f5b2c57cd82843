//! Search of active records by the product's default search fields, as
//! `rules::search` defines it: contacts and accounts, cases.

use customer_summary_model::{Case, Customer};

use super::Store;
use crate::error::ApiResult;
use crate::rules::search::{rank_customers, Search};

impl Store {
    /// Active contacts (by full or last name, e-mail, company, mobile
    /// phone) and accounts (by name, account number, e-mail, main phone),
    /// mixed as `rules::search::rank_customers` orders them.
    pub async fn search_customers(&self, search: &Search) -> ApiResult<Vec<Customer>> {
        let (contacts, accounts) = dispatch!(self, store => tokio::try_join!(
            store.search_contacts(search),
            store.search_accounts(search),
        ))?;
        Ok(rank_customers(
            search,
            contacts.into_iter().map(Customer::Contact),
            accounts.into_iter().map(Customer::Account),
        ))
    }

    /// Active cases whose ticket number or title starts with `q`, or whose
    /// title has a word starting with `q`: the exact ticket number first,
    /// then the most recently modified.
    pub async fn search_cases(&self, search: &Search) -> ApiResult<Vec<Case>> {
        dispatch!(self, store => store.search_cases(search).await)
    }
}
