//! Demo cases: contact 1's hand-written ones, then cases drawn for the
//! other customers.

use customer_summary_model::{
    Actor, Case, CaseStatus, CustomerKind, CustomerRef, Millis, Priority,
};

use super::people::{People, ACCOUNTS, CONTACTS};
use super::units::{DAY, HOUR, MINUTE};
use super::words::{AGENTS, CASE_TITLES, PRODUCTS};
use crate::rng::Rng;
use crate::rules::ticket::ticket_number;

/// How many cases are seeded.
pub const CASES: i64 = 500;

/// The case conversation 1 links: contact 1's active refund case.
pub const DEMO_CASE: i64 = 1;

/// A hand-written case: title, status, priority, product, how long ago it
/// was last modified, and how long before that it was opened.
type Fixture = (
    &'static str,
    CaseStatus,
    Priority,
    Option<&'static str>,
    Millis,
    Millis,
);

/// Contact 1's cases, ids 1 to 8.
const CONTACT_ONE: &[Fixture] = &[
    (
        "Refund not received for order 48213",
        CaseStatus::InProgress,
        Priority::High,
        Some("Vela Espresso Machine"),
        35 * MINUTE,
        12 * DAY,
    ),
    (
        "Replacement filter arrived damaged",
        CaseStatus::WaitingForDetails,
        Priority::Normal,
        Some("Cascade Water Filter"),
        DAY,
        5 * DAY,
    ),
    (
        "Cannot pair thermostat with the mobile app",
        CaseStatus::OnHold,
        Priority::Normal,
        Some("Aurora Smart Thermostat"),
        3 * DAY,
        20 * DAY,
    ),
    (
        "Warranty claim for Vela Espresso Machine",
        CaseStatus::Researching,
        Priority::Normal,
        Some("Vela Espresso Machine"),
        9 * DAY,
        30 * DAY,
    ),
    (
        "Invoice 20931 charged twice",
        CaseStatus::Resolved,
        Priority::High,
        None,
        20 * DAY,
        5 * DAY,
    ),
    (
        "Billing address update",
        CaseStatus::Resolved,
        Priority::Low,
        None,
        45 * DAY,
        DAY,
    ),
    (
        "Delivery left at the wrong address",
        CaseStatus::Cancelled,
        Priority::Low,
        Some("Nimbus Wi-Fi Router"),
        60 * DAY,
        4 * DAY,
    ),
    (
        "Question about Premium Support renewal",
        CaseStatus::Resolved,
        Priority::Low,
        Some("Premium Support Plan"),
        120 * DAY,
        5 * DAY,
    ),
];

/// Statuses with their weights in percent: 60 % of cases are active.
const STATUSES: &[(CaseStatus, i64)] = &[
    (CaseStatus::InProgress, 25),
    (CaseStatus::OnHold, 10),
    (CaseStatus::WaitingForDetails, 12),
    (CaseStatus::Researching, 13),
    (CaseStatus::Resolved, 32),
    (CaseStatus::Cancelled, 8),
];

const DESCRIPTIONS: &[&str] = &[
    "Customer reported the issue through the portal and attached photos.",
    "Raised by phone. Customer has already tried the steps in the troubleshooting guide.",
    "Follow-up of an earlier chat; the customer would like a call back in the afternoon.",
    "Customer is a repeat buyer and asked for the issue to be handled quickly.",
];

/// Every case, ids from 1; contact 1 owns ids 1 to 8.
pub fn generate(rng: &mut Rng, anchor: Millis, people: &People) -> Vec<Case> {
    let contact_one = CustomerRef {
        kind: CustomerKind::Contact,
        id: 1,
    };
    let mut cases: Vec<Case> = CONTACT_ONE
        .iter()
        .zip(1..)
        .map(|(&(title, status, priority, product, ago, age), id)| {
            let modified_at = anchor - ago;
            // Drawn in the order the seed always drew them.
            let ticket_number = ticket_number(rng, id);
            let description = Some(rng.pick(DESCRIPTIONS).to_string());
            let owner = agent(rng);
            Case {
                id,
                ticket_number,
                title: title.to_owned(),
                description,
                priority,
                status,
                product: product.map(str::to_owned),
                created_by: owner.clone(),
                owner,
                customer: contact_one,
                customer_name: people.contact(1).full_name.clone(),
                created_at: modified_at - age,
                modified_at,
            }
        })
        .collect();
    let first_drawn = cases.len() as i64 + 1;
    cases.extend((first_drawn..=CASES).map(|id| drawn(rng, anchor, people, id)));
    cases
}

fn drawn(rng: &mut Rng, anchor: Millis, people: &People, id: i64) -> Case {
    let (kind, customer_id, customer_name) = if rng.chance(70) {
        let contact = people.contact(rng.range(2, CONTACTS + 1));
        (CustomerKind::Contact, contact.id, contact.full_name.clone())
    } else {
        let account = people.account(rng.range(1, ACCOUNTS + 1));
        (CustomerKind::Account, account.id, account.name.clone())
    };
    let product = *rng.pick(PRODUCTS);
    let template = *rng.pick(CASE_TITLES);
    let title = template
        .replace("{n}", &rng.range(10_000, 100_000).to_string())
        .replace("{p}", product);
    let created_at = anchor - rng.range(HOUR, 180 * DAY);
    // Drawn in the order the seed always drew them.
    let ticket_number = ticket_number(rng, id);
    let description = rng.chance(80).then(|| rng.pick(DESCRIPTIONS).to_string());
    let priority = match rng.range(0, 10) {
        0 | 1 => Priority::High,
        2 | 3 => Priority::Low,
        _ => Priority::Normal,
    };
    let status = weighted_status(rng);
    let product = (template.contains("{p}") || rng.chance(60)).then(|| product.to_owned());
    let owner = agent(rng);
    Case {
        id,
        ticket_number,
        description,
        priority,
        status,
        product,
        created_by: owner.clone(),
        owner,
        customer: CustomerRef {
            kind,
            id: customer_id,
        },
        customer_name,
        created_at,
        modified_at: rng.range(created_at, anchor + 1),
        title,
    }
}

/// One of the seed's agents, drawn.
pub(super) fn agent(rng: &mut Rng) -> Actor {
    let &(id, name) = rng.pick(AGENTS);
    Actor {
        id: id.to_owned(),
        name: name.to_owned(),
    }
}

fn weighted_status(rng: &mut Rng) -> CaseStatus {
    let mut roll = rng.range(0, 100);
    for &(status, weight) in STATUSES {
        if roll < weight {
            return status;
        }
        roll -= weight;
    }
    CaseStatus::Resolved
}
