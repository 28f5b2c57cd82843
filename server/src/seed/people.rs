//! Demo contacts and accounts.

use std::collections::HashSet;

use customer_summary_model::{Account, Contact};

use crate::rng::Rng;

use super::words::{
    ascii_fold, Place, COMPANY_NAMES, COMPANY_TRADES, FIRST_NAMES, JOB_TITLES, LAST_NAMES, PLACES,
};

/// How many contacts and accounts are seeded.
pub const CONTACTS: i64 = 200;
pub const ACCOUNTS: i64 = 50;

/// Contacts whose names are chosen, not drawn: id, first and last name,
/// city, and the e-mail address's local part.
const NAMED: &[(i64, Option<&str>, &str, &str, &str)] = &[
    (1, Some("Zoë"), "Lefèvre", "Lyon", "zoe.lefevre"),
    (7, Some("José"), "Álvarez", "Madrid", "jose.alvarez"),
    (13, Some("ليلى"), "حداد", "Cairo", "layla.haddad"),
    (42, None, "Okonkwo", "Lagos", "okonkwo"),
    // Two active namesakes: a pre-chat name that matches several contacts.
    (150, Some("Maria"), "Garcia", "Madrid", "maria.garcia"),
    (151, Some("Maria"), "Garcia", "Ciudad de México", "mgarcia"),
];

/// Free e-mail domains of contacts who buy for themselves.
const MAIL_DOMAINS: &[&str] = &["outlook.example", "mail.example", "inbox.example"];

/// The seeded contacts and accounts, ids from 1.
pub struct People {
    pub accounts: Vec<Account>,
    pub contacts: Vec<Contact>,
}

impl People {
    /// Contact `id` (ids are 1-based and dense).
    pub fn contact(&self, id: i64) -> &Contact {
        &self.contacts[(id - 1) as usize]
    }

    /// Account `id` (ids are 1-based and dense).
    pub fn account(&self, id: i64) -> &Account {
        &self.accounts[(id - 1) as usize]
    }
}

/// Generates the accounts, then their contacts, then links each account
/// to its first contact as the primary one.
pub fn generate(rng: &mut Rng) -> People {
    let mut accounts: Vec<Account> = (1..=ACCOUNTS).map(|id| account(rng, id)).collect();
    let mut used_emails = HashSet::new();
    let contacts: Vec<Contact> = (1..=CONTACTS)
        .map(|id| contact(rng, id, &accounts, &mut used_emails))
        .collect();
    for account in &mut accounts {
        if let Some(primary) = contacts.iter().find(|c| c.account_id == Some(account.id)) {
            account.primary_contact_id = Some(primary.id);
            account.primary_contact_name = Some(primary.full_name.clone());
        }
    }
    People { accounts, contacts }
}

fn account(rng: &mut Rng, id: i64) -> Account {
    let i = (id - 1) as usize;
    // Stepping the trade by 3 per account and 1 per lap of the company names
    // keeps all 50 names distinct.
    let trade = COMPANY_TRADES[(i * 3 + i / COMPANY_NAMES.len()) % COMPANY_TRADES.len()];
    let name = format!("{} {trade}", COMPANY_NAMES[i % COMPANY_NAMES.len()]);
    let place = rng.pick(PLACES);
    Account {
        id,
        account_number: Some(format!("ACC-{}", 10_000 + id)),
        email: Some(format!("info@{}", domain(&name))),
        main_phone: Some(format!("{}1{id:03}{}", place.calling_code, rng.digits(5))),
        city: Some(place.city.to_owned()),
        country: Some(place.country.to_owned()),
        primary_contact_id: None,
        primary_contact_name: None,
        active: id % 16 != 0,
        name,
    }
}

fn contact(
    rng: &mut Rng,
    id: i64,
    accounts: &[Account],
    used_emails: &mut HashSet<String>,
) -> Contact {
    let named = NAMED.iter().find(|named| named.0 == id);
    let (first_name, last_name, city, local) = match named {
        Some(&(_, first, last, city, local)) => (
            first.map(str::to_owned),
            last.to_owned(),
            Some(city),
            local.to_owned(),
        ),
        None => {
            let first = *rng.pick(FIRST_NAMES);
            let last = *rng.pick(LAST_NAMES);
            let local = format!("{}.{}", ascii_fold(first), ascii_fold(last));
            (Some(first.to_owned()), last.to_owned(), None, local)
        }
    };
    // Every ninth contact buys for themselves and has no company.
    let account = (id % 9 != 0).then(|| &accounts[((id - 1) % ACCOUNTS) as usize]);
    let place: &Place = match (city, account) {
        (Some(city), _) => PLACES.iter().find(|p| p.city == city).unwrap_or(&PLACES[0]),
        (None, Some(account)) if rng.chance(60) => PLACES
            .iter()
            .find(|p| Some(p.city) == account.city.as_deref())
            .unwrap_or(&PLACES[0]),
        _ => rng.pick(PLACES),
    };
    let domain = match account {
        Some(account) => domain(&account.name),
        None => rng.pick(MAIL_DOMAINS).to_string(),
    };
    let mut email = format!("{local}@{domain}");
    if !used_emails.insert(email.clone()) {
        email = format!("{local}{id}@{domain}");
        used_emails.insert(email.clone());
    }
    let full_name = match &first_name {
        Some(first) => format!("{first} {last_name}"),
        None => last_name.clone(),
    };
    Contact {
        id,
        full_name,
        first_name,
        last_name,
        job_title: account.map(|_| rng.pick(JOB_TITLES).to_string()),
        account_id: account.map(|a| a.id),
        company: account.map(|a| a.name.clone()),
        email: Some(email),
        // The id inside the number keeps every mobile number distinct.
        mobile_phone: Some(format!("{}7{id:04}{}", place.calling_code, rng.digits(5))),
        business_phone: account.map(|_| format!("{}2{}", place.calling_code, rng.digits(8))),
        city: Some(place.city.to_owned()),
        country: Some(place.country.to_owned()),
        active: id % 20 != 0,
    }
}

/// `contoso-pharmaceuticals.example` for "Contoso Pharmaceuticals".
fn domain(company: &str) -> String {
    let words: Vec<String> = company
        .split_whitespace()
        .map(ascii_fold)
        .filter(|word| !word.is_empty())
        .collect();
    format!("{}.example", words.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_addresses_and_numbers_are_distinct_where_they_must_be() {
        let people = generate(&mut Rng::new(1));
        let names: HashSet<_> = people.accounts.iter().map(|a| &a.name).collect();
        assert_eq!(names.len(), ACCOUNTS as usize);
        let emails: HashSet<_> = people.contacts.iter().map(|c| &c.email).collect();
        assert_eq!(emails.len(), CONTACTS as usize);
        let mobiles: HashSet<_> = people.contacts.iter().map(|c| &c.mobile_phone).collect();
        assert_eq!(mobiles.len(), CONTACTS as usize);
        assert_eq!(people.account(1).name, "Contoso Pharmaceuticals");
        assert_eq!(people.contact(1).full_name, "Zoë Lefèvre");
        assert_eq!(
            people.contact(1).email.as_deref(),
            Some("zoe.lefevre@contoso-pharmaceuticals.example")
        );
        assert_eq!(people.account(1).primary_contact_id, Some(1));
        assert_eq!(people.contacts.iter().filter(|c| !c.active).count(), 10);
    }
}
