//! Recognising the customer from the pre-chat answers, as Dynamics 365
//! does: the answers to `Name`, `Email`, `Phone` and `CaseNumber` are
//! matched exactly against active records ([`clue`]); exactly one
//! customer found is linked, with the case they named, else their only
//! active case ([`Matches::verdict`]). The store looks the clues up and
//! stores the outcome; these are the rules it follows.

use customer_summary_model::{CustomerRef, RecognitionOutcome};

use super::search_key::search_key;

/// The outcomes by their stored (and wire) names.
const OUTCOMES: [(RecognitionOutcome, &str); 4] = [
    (RecognitionOutcome::Linked, "linked"),
    (RecognitionOutcome::Several, "several"),
    (RecognitionOutcome::NoMatch, "no_match"),
    (RecognitionOutcome::AlreadyLinked, "already_linked"),
];

/// The stored name of an outcome (the wire name).
pub fn outcome_name(outcome: RecognitionOutcome) -> &'static str {
    OUTCOMES
        .iter()
        .find(|(known, _)| *known == outcome)
        .map_or("", |(_, name)| name)
}

/// The outcome stored as `name`.
pub fn parse_outcome(name: &str) -> Option<RecognitionOutcome> {
    OUTCOMES
        .iter()
        .find(|(_, known)| *known == name)
        .map(|(outcome, _)| *outcome)
}

/// What an answer identifies a customer by, compared exactly with the
/// active records' field of the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// A contact's full name or an account's name, by search key.
    Name,
    /// A contact's or an account's e-mail, ASCII letters lower-cased.
    Email,
    /// A contact's mobile or an account's main phone, by digits.
    Phone,
    /// The ticket number of an active case of an active customer, ASCII
    /// letters lower-cased.
    CaseNumber,
}

/// The questions that identify a customer, matched ignoring ASCII case.
const QUESTIONS: [(&str, Field); 4] = [
    ("Name", Field::Name),
    ("Email", Field::Email),
    ("Phone", Field::Phone),
    ("CaseNumber", Field::CaseNumber),
];

/// A value to look up exactly in one field.
#[derive(Debug, PartialEq, Eq)]
pub struct Clue {
    pub field: Field,
    /// The answer folded as the field is compared.
    pub value: String,
}

/// The clue of one answer to `question`, or `None` when the question
/// identifies nobody or the answer leaves nothing to match.
pub fn clue(question: &str, answer: Option<&str>) -> Option<Clue> {
    let &(_, field) = QUESTIONS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(question.trim()))?;
    let answer = answer?;
    let value = match field {
        Field::Email | Field::CaseNumber => answer.trim().to_ascii_lowercase(),
        Field::Name => search_key(answer.trim()),
        Field::Phone => answer.chars().filter(char::is_ascii_digit).collect(),
    };
    (!value.is_empty()).then_some(Clue { field, value })
}

/// What the clues found: each customer once, in the order found, and the
/// cases named with their customers.
#[derive(Debug, Default)]
pub struct Matches {
    customers: Vec<CustomerRef>,
    cases: Vec<(CustomerRef, i64)>,
}

/// What recognition decides from its [`Matches`].
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No customer, or several: nothing is linked.
    Unlinked(RecognitionOutcome),
    /// Exactly one customer, to be linked with `case_id`, the case named;
    /// when none was, the store links the customer's only active case, if
    /// they have exactly one.
    Linked {
        customer: CustomerRef,
        case_id: Option<i64>,
    },
}

impl Matches {
    /// Adds a record a clue found: a customer, with the case whose number
    /// found them.
    pub fn add(&mut self, customer: CustomerRef, case_id: Option<i64>) {
        if !self.customers.contains(&customer) {
            self.customers.push(customer);
        }
        if let Some(case_id) = case_id {
            self.cases.push((customer, case_id));
        }
    }

    /// What to link, if anything.
    pub fn verdict(&self) -> Verdict {
        match self.customers[..] {
            [] => Verdict::Unlinked(RecognitionOutcome::NoMatch),
            [customer] => Verdict::Linked {
                customer,
                case_id: self
                    .cases
                    .iter()
                    .find(|(owner, _)| *owner == customer)
                    .map(|&(_, case_id)| case_id),
            },
            _ => Verdict::Unlinked(RecognitionOutcome::Several),
        }
    }
}

#[cfg(test)]
mod tests {
    use customer_summary_model::CustomerKind;

    use super::*;

    #[test]
    fn outcomes_are_stored_by_their_wire_names() {
        for (outcome, _) in OUTCOMES {
            let wire = serde_json::to_value(outcome).expect("serialises");
            assert_eq!(wire.as_str(), Some(outcome_name(outcome)));
            assert_eq!(parse_outcome(outcome_name(outcome)), Some(outcome));
        }
    }

    #[test]
    fn answers_are_folded_or_reduced_to_digits() {
        let value = |question, answer| clue(question, Some(answer)).map(|clue| clue.value);
        assert_eq!(value("Email", "  Zoë LEFÈVRE "), Some("zoë lefÈvre".into()));
        assert_eq!(value("Name", " Zoë LEFÈVRE "), Some("zoe lefevre".into()));
        assert_eq!(value(" phone ", "+33 (7) 00-17"), Some("3370017".into()));
        assert_eq!(value("Phone", "none"), None);
        assert_eq!(value("CaseNumber", "   "), None);
        assert_eq!(value("Company", "Contoso"), None);
        assert_eq!(clue("Name", None), None);
    }

    #[test]
    fn one_customer_is_linked_with_the_case_they_named() {
        let contact = |id| CustomerRef {
            kind: CustomerKind::Contact,
            id,
        };
        let mut matches = Matches::default();
        assert_eq!(
            matches.verdict(),
            Verdict::Unlinked(RecognitionOutcome::NoMatch)
        );
        matches.add(contact(1), None);
        matches.add(contact(1), Some(8));
        assert_eq!(
            matches.verdict(),
            Verdict::Linked {
                customer: contact(1),
                case_id: Some(8)
            }
        );
        matches.add(contact(2), None);
        assert_eq!(
            matches.verdict(),
            Verdict::Unlinked(RecognitionOutcome::Several)
        );
    }
}
