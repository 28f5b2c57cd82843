//! What a search of active records means, whatever stores them: the
//! validated query ([`Search`]) and the prefix ranges it selects
//! ([`Prefix`], [`successor`]), and the order in which contacts and
//! accounts are mixed ([`rank_customers`]).
//!
//! Every "starts with" is a range, `key >= p AND key < successor(p)`, so
//! the text is matched literally (`%`, `_`, quotes and backslashes are
//! plain characters). Names and titles are compared by their search keys
//! (`search_key.rs`), ignoring case and accents in every script: "muller"
//! and "MÜLL" find "Müller". E-mails, account and ticket numbers, ASCII in
//! practice, are compared folded as [`Search::folded`] is, ignoring the
//! case of ASCII letters; phones by their digits. The words of a case
//! title are matched by a word index ([`Search::words`]), ignoring case
//! and accents.
//!
//! The work of a search is bounded by its limit, not by the size of the
//! table nor by how many rows match: each field gives at most its first
//! [`FIELD_LIMIT`] matching active rows, in the field's order and then
//! the result's, and the results are the best `limit` of the rows the
//! fields gave, in the result's order. So:
//! - when no field matches more than [`FIELD_LIMIT`] rows, the results are
//!   exactly the best `limit` of all matches;
//! - a field whose order is the result's (a contact's full name, an
//!   account's name, both by key) always gives its best matches, exact
//!   ones first; a first name is where the full name starts, so it needs
//!   no field of its own;
//! - a field with more matches gives only its first [`FIELD_LIMIT`] in its
//!   own order, e.g. the last names "Bra…" before "Bro…", each by name:
//!   every result matches and they are in order, but a better match of
//!   that field may be left out;
//! - a smaller `limit` gives the first results of a larger one.

use customer_summary_model::{Customer, CustomerKind};

use super::page::Limit;
use super::parse::bounded_query;
use super::search_key::search_key;
use crate::error::{ApiError, ApiResult};

/// The default and the largest number of results.
pub const LIMIT: usize = 20;

/// How many rows each field gives at most: the largest `limit`, so that a
/// smaller one gives the first results of a larger one.
pub const FIELD_LIMIT: usize = LIMIT;

/// The shortest `q`, in characters, after trimming.
pub const MIN_QUERY: usize = 2;

/// The separators a phone number may contain besides digits.
const PHONE_SEPARATORS: &str = " -.()+";

/// What may join the letters of a word besides letters and digits.
const WORD_JOINERS: &str = "-'’.";

/// A validated search and the ranges it selects.
#[derive(Debug)]
pub struct Search {
    /// `q` trimmed, its ASCII letters lower-cased.
    pub folded: String,
    /// Values starting with `folded`.
    pub text: Prefix,
    /// `q` trimmed, as a search key.
    pub key: String,
    /// Keys starting with `key`.
    pub keys: Prefix,
    /// Digits starting with those of `q`, when `q` looks like a phone number.
    pub digits: Option<Prefix>,
    /// `q` trimmed, to be found as a phrase of a case title's words, the
    /// last one a prefix; only when `q` is made of words (letters, digits,
    /// spaces and `WORD_JOINERS`), so that symbols a word index ignores
    /// (`%`, `_`, `<`, `=`, quotes ...) never match as separators.
    pub words: Option<String>,
    /// How many results to return.
    pub limit: Limit,
}

impl Search {
    /// Reads `q` (at least [`MIN_QUERY`] characters once trimmed, at most
    /// `parse::MAX_QUERY_CHARS`), then
    /// `limit` (1 to [`LIMIT`]); each bad one is a 400 naming it.
    pub fn parse(q: Option<&str>, limit: Option<&str>) -> ApiResult<Self> {
        let q = bounded_query(q.unwrap_or_default().trim())?;
        if q.chars().count() < MIN_QUERY {
            return Err(ApiError::bad_parameter(
                "q",
                format!("q must be at least {MIN_QUERY} characters, got {q:?}"),
            ));
        }
        let limit = Limit::parse(limit, LIMIT, LIMIT)?;
        let phone_like = q.chars().any(|c| c.is_ascii_digit())
            && q.chars()
                .all(|c| c.is_ascii_digit() || PHONE_SEPARATORS.contains(c));
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        let folded = q.to_ascii_lowercase();
        let key = search_key(q);
        Ok(Search {
            text: Prefix::new(&folded),
            keys: Prefix::new(&key),
            key,
            digits: phone_like.then(|| Prefix::new(&digits)),
            words: q
                .chars()
                .all(|c| c.is_alphanumeric() || c.is_whitespace() || WORD_JOINERS.contains(c))
                .then(|| q.to_owned()),
            folded,
            limit,
        })
    }
}

/// The strings that start with `low`: `low <= s < high`, or `low <= s`
/// when nothing bounds them.
#[derive(Debug, PartialEq, Eq)]
pub struct Prefix {
    /// The prefix itself, the least string of the range.
    pub low: String,
    /// Its [`successor`], the first string past the range, if any.
    pub high: Option<String>,
}

impl Prefix {
    /// The range of the strings starting with `prefix`.
    pub fn new(prefix: &str) -> Self {
        Prefix {
            low: prefix.to_owned(),
            high: successor(prefix),
        }
    }
}

/// The least string greater than every string starting with `prefix`:
/// its last character that can be incremented, incremented, and the rest
/// dropped. In UTF-8 byte order, which is code point order, this bounds
/// the range exactly: the store must compare these keys byte by byte.
pub fn successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            _ => char::from_u32(u32::from(last) + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// Contacts and accounts found by `search`, each list in the result's
/// order, mixed: exact name matches first, then by name key, name, id,
/// a contact before an account; the best `limit`.
// Each list holds its best `limit` rows in this order, so the best
// `limit` of both are among them.
pub fn rank_customers(
    search: &Search,
    contacts: impl IntoIterator<Item = Customer>,
    accounts: impl IntoIterator<Item = Customer>,
) -> Vec<Customer> {
    let mut found: Vec<Customer> = contacts.into_iter().chain(accounts).collect();
    found.sort_by_cached_key(|customer| {
        let name = customer.display_name();
        let key = search_key(name);
        let reference = customer.reference();
        (
            key != search.key,
            key,
            name.to_owned(),
            reference.id,
            reference.kind == CustomerKind::Account,
        )
    });
    search.limit.page(found).0
}

#[cfg(test)]
mod tests {
    use customer_summary_model::{Account, Contact, CustomerRef};

    use super::*;

    fn search(q: &str) -> ApiResult<Search> {
        Search::parse(Some(q), None)
    }

    #[test]
    fn a_prefix_range_holds_exactly_the_strings_that_start_with_it() {
        assert_eq!(successor("ab").as_deref(), Some("ac"));
        assert_eq!(successor("a%").as_deref(), Some("a&"));
        assert_eq!(successor("z\u{D7FF}").as_deref(), Some("z\u{E000}"));
        assert_eq!(successor("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(successor("\u{10FFFF}"), None);
        let range = Prefix::new("o'b");
        for inside in ["o'b", "o'brien", "o'b\u{10FFFF}x"] {
            assert!(inside >= range.low.as_str() && Some(inside) < range.high.as_deref());
        }
        for outside in ["o'a", "o'c", "o''b", "o_b"] {
            assert!(!(outside >= range.low.as_str() && Some(outside) < range.high.as_deref()));
        }
    }

    #[test]
    fn q_is_trimmed_needs_two_characters_and_digits_only_when_phone_like() {
        for short in ["", " ", "a", " é "] {
            let error = search(short).err();
            assert!(
                matches!(&error, Some(ApiError::BadParameter { field, .. }) if field == "q"),
                "{short:?}"
            );
        }
        let parsed = search("  MaRiA O'\"x  ").expect("valid");
        assert_eq!(parsed.folded, "maria o'\"x");
        assert_eq!(parsed.words, None, "a quote is not part of a word");
        assert_eq!(parsed.digits, None);
        let words = search("Wi-Fi O’Brien 4.2").expect("valid").words;
        assert_eq!(words.as_deref(), Some("Wi-Fi O’Brien 4.2"));
        for symbols in ["%a", "a_b", "<script>", "' OR 1=1 --"] {
            assert_eq!(search(symbols).expect("valid").words, None, "{symbols}");
        }
        let phone = search("+33 (7) 12").expect("valid");
        assert_eq!(phone.digits, Some(Prefix::new("33712")));
        assert_eq!(search("a1").expect("valid").digits, None);
    }

    #[test]
    fn q_is_checked_before_limit() {
        let error = Search::parse(Some("a"), Some("0")).err();
        assert!(matches!(&error, Some(ApiError::BadParameter { field, .. }) if field == "q"));
        let error = Search::parse(Some("ab"), Some("21")).err();
        assert!(matches!(&error, Some(ApiError::BadParameter { field, .. }) if field == "limit"));
    }

    fn contact(id: i64, full_name: &str) -> Customer {
        Customer::Contact(Contact {
            id,
            first_name: None,
            last_name: full_name.to_owned(),
            full_name: full_name.to_owned(),
            job_title: None,
            account_id: None,
            company: None,
            email: None,
            mobile_phone: None,
            business_phone: None,
            city: None,
            country: None,
            active: true,
        })
    }

    fn account(id: i64, name: &str) -> Customer {
        Customer::Account(Account {
            id,
            name: name.to_owned(),
            account_number: None,
            email: None,
            main_phone: None,
            city: None,
            country: None,
            primary_contact_id: None,
            primary_contact_name: None,
            active: true,
        })
    }

    #[test]
    fn customers_are_mixed_exact_names_first_then_by_name_and_id() {
        let search = Search::parse(Some("müller"), Some("4")).expect("valid");
        let ranked = rank_customers(
            &search,
            [
                contact(2, "Muller Bau"),
                contact(9, "Anna Müller"),
                contact(5, "Müller"),
            ],
            [account(5, "Müller"), account(1, "Muller Bau")],
        );
        let order: Vec<CustomerRef> = ranked.iter().map(Customer::reference).collect();
        let (contact, account) = (CustomerKind::Contact, CustomerKind::Account);
        // Exact keys first, a contact before an account of the same name
        // and id; then by key ("anna muller" < "muller bau"), then by id;
        // at most `limit`.
        assert_eq!(
            order,
            [(contact, 5), (account, 5), (contact, 9), (account, 1)]
                .map(|(kind, id)| CustomerRef { kind, id })
        );
    }
}
