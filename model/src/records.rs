//! Customer records (contacts and accounts) and cases.

use serde::{Deserialize, Serialize};

use crate::{Actor, LinkChange, Millis};

/// Which kind of customer record a reference points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CustomerKind {
    Contact,
    Account,
}

impl CustomerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerKind::Contact => "contact",
            CustomerKind::Account => "account",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CustomerKind::Contact => "Contact",
            CustomerKind::Account => "Account",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "contact" => Some(CustomerKind::Contact),
            "account" => Some(CustomerKind::Account),
            _ => None,
        }
    }
}

/// A pointer to a contact or an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerRef {
    pub kind: CustomerKind,
    pub id: i64,
}

/// A person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub id: i64,
    pub first_name: Option<String>,
    pub last_name: String,
    pub full_name: String,
    pub job_title: Option<String>,
    /// The account the contact works for, if any.
    pub account_id: Option<i64>,
    /// Name of the account `account_id`.
    pub company: Option<String>,
    pub email: Option<String>,
    pub mobile_phone: Option<String>,
    pub business_phone: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub active: bool,
}

/// A company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub account_number: Option<String>,
    pub email: Option<String>,
    pub main_phone: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub primary_contact_id: Option<i64>,
    pub primary_contact_name: Option<String>,
    pub active: bool,
}

/// A contact or an account, tagged by `kind`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Customer {
    Contact(Contact),
    Account(Account),
}

impl Customer {
    pub fn reference(&self) -> CustomerRef {
        match self {
            Customer::Contact(c) => CustomerRef {
                kind: CustomerKind::Contact,
                id: c.id,
            },
            Customer::Account(a) => CustomerRef {
                kind: CustomerKind::Account,
                id: a.id,
            },
        }
    }

    pub fn display_name(&self) -> &str {
        match self {
            Customer::Contact(c) => &c.full_name,
            Customer::Account(a) => &a.name,
        }
    }
}

/// Joins the known parts of a location ("Lyon, France"), or `None`.
pub fn location(city: Option<&str>, country: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [city, country]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Case priority, as Dataverse's `prioritycode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    Normal,
    Low,
}

impl Priority {
    pub fn label(self) -> &'static str {
        match self {
            Priority::High => "High",
            Priority::Normal => "Normal",
            Priority::Low => "Low",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Normal => "normal",
            Priority::Low => "low",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "high" => Some(Priority::High),
            "normal" => Some(Priority::Normal),
            "low" => Some(Priority::Low),
            _ => None,
        }
    }
}

/// Case status; the first four are active, the last two closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    InProgress,
    OnHold,
    WaitingForDetails,
    Researching,
    Resolved,
    Cancelled,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 6] = [
        CaseStatus::InProgress,
        CaseStatus::OnHold,
        CaseStatus::WaitingForDetails,
        CaseStatus::Researching,
        CaseStatus::Resolved,
        CaseStatus::Cancelled,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::InProgress => "In progress",
            CaseStatus::OnHold => "On hold",
            CaseStatus::WaitingForDetails => "Waiting for details",
            CaseStatus::Researching => "Researching",
            CaseStatus::Resolved => "Resolved",
            CaseStatus::Cancelled => "Cancelled",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::InProgress => "in_progress",
            CaseStatus::OnHold => "on_hold",
            CaseStatus::WaitingForDetails => "waiting_for_details",
            CaseStatus::Researching => "researching",
            CaseStatus::Resolved => "resolved",
            CaseStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }

    pub fn is_active(self) -> bool {
        !matches!(self, CaseStatus::Resolved | CaseStatus::Cancelled)
    }
}

/// A support case (Dataverse `incident`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Case {
    pub id: i64,
    /// Human case number such as `CAS-01042-K7Q2`.
    pub ticket_number: String,
    pub title: String,
    pub description: Option<String>,
    pub priority: Priority,
    pub status: CaseStatus,
    pub product: Option<String>,
    pub owner: Actor,
    /// Who created the case; a case created through the API is owned and
    /// created by the agent who sent the request.
    pub created_by: Actor,
    pub customer: CustomerRef,
    /// The customer's full name or account name.
    pub customer_name: String,
    pub created_at: Millis,
    pub modified_at: Millis,
}

/// `GET /conversations/{id}/customer`: the linked customer, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedCustomer {
    pub customer: Option<Customer>,
    /// Who last linked or unlinked the customer, and when; null when nobody has
    /// since the conversation began.
    pub changed: Option<LinkChange>,
}

/// `GET /conversations/{id}/case`: the linked case, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedCase {
    pub case: Option<Case>,
    /// Who last linked or unlinked the case, and when; null when nobody has
    /// since the conversation began.
    pub changed: Option<LinkChange>,
}

/// A customer's most recently modified cases, by `modified_at` then `id`,
/// newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecentCases {
    /// The customer the cases belong to; `None` when none is linked.
    pub customer: Option<CustomerRef>,
    pub cases: Vec<Case>,
    /// Whether the customer has more cases than were returned.
    pub has_more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_is_tagged_by_kind_on_the_wire() {
        let json = r#"{"kind":"account","id":7,"name":"Contoso","account_number":null,
            "email":null,"main_phone":null,"city":"Lyon","country":null,
            "primary_contact_id":null,"primary_contact_name":null,"active":true}"#;
        let customer: Customer = serde_json::from_str(json).unwrap();
        assert_eq!(customer.display_name(), "Contoso");
        assert_eq!(
            customer.reference(),
            CustomerRef {
                kind: CustomerKind::Account,
                id: 7
            }
        );
    }

    #[test]
    fn location_skips_missing_and_blank_parts() {
        assert_eq!(
            location(Some("Lyon"), Some("France")).as_deref(),
            Some("Lyon, France")
        );
        assert_eq!(location(None, Some("France")).as_deref(), Some("France"));
        assert_eq!(location(Some("  "), None), None);
    }

    #[test]
    fn statuses_round_trip_and_know_if_active() {
        for status in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(status.as_str()), Some(status));
        }
        assert!(CaseStatus::OnHold.is_active());
        assert!(!CaseStatus::Resolved.is_active());
    }
}
