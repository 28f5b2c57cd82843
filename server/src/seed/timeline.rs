//! Demo timelines: activities and notes of contacts, accounts and cases.

use customer_summary_model::{Actor, Case, Millis, RecordKind, TimelineItem, TimelineKind};

use super::cases::{agent, DEMO_CASE};
use super::people::People;
use super::units::{DAY, MINUTE};
use super::words::PRODUCTS;
use crate::rng::Rng;
use crate::store::TimelineEntry;

/// Contact 1's timeline: the one that must page fast.
pub const CONTACT_ONE_ITEMS: usize = 10_000;
/// Contact 4's timeline (conversation 4's customer): a small one.
pub const CONTACT_FOUR_ITEMS: usize = 10;
/// The timeline of the case conversation 1 links.
pub const DEMO_CASE_ITEMS: usize = 25;

/// Kinds with their weights in percent and (title, body) templates.
/// Placeholders: `{first}`, `{full}` (the customer), `{agent}`, `{n}` (an
/// order number), `{p}` (a product), `{m}` (minutes). A body that ends in
/// `{full}` was written by the customer.
type Templates = &'static [(&'static str, &'static str)];
const KINDS: &[(TimelineKind, i64, Templates)] = &[
    (
        TimelineKind::Note,
        25,
        &[
            ("Customer prefers e-mail follow-ups", "{first} would rather be contacted by e-mail during office hours."),
            ("Goodwill credit approved", "Approved a goodwill credit of 25.00 on order {n} after the second delay.\nSigned off by {agent}."),
            ("Escalated to tier 2", "Logs from the {p} are attached. Tier 2 will review them within 24 hours."),
            ("Shipping address confirmed", "Confirmed the delivery address with {first}; no change needed for order {n}."),
            ("Waiting for replacement stock", "Replacement {p} units are expected in the warehouse next week."),
        ],
    ),
    (
        TimelineKind::Email,
        25,
        &[
            ("Re: Order {n} – delivery update", "Hi {first},\n\nThanks for getting in touch about order {n}. The parcel left our warehouse this morning and should arrive within two working days.\n\nKind regards,\n{agent}"),
            ("Your return label for order {n}", "Hi {first},\n\nPlease find your prepaid return label attached. Drop the {p} at any post office within 14 days.\n\nBest,\n{agent}"),
            ("{p} not working", "Hello,\n\nThe {p} stopped working again after the latest update. Could someone call me back?\n\nThanks,\n{full}"),
            ("Question about invoice {n}", "Hi,\n\nI was charged twice for order {n}. Can you refund one of the payments?\n\n{full}"),
        ],
    ),
    (
        TimelineKind::PhoneCall,
        20,
        &[
            ("Inbound call: {p} support", "Duration {m} min. {first} confirmed the {p} works again after a reset."),
            ("Outbound call: follow-up on order {n}", "Duration {m} min. Left a voicemail asking {first} to call back about order {n}."),
            ("Inbound call: billing question", "Duration {m} min. Walked {first} through the invoice for order {n}; no error on our side."),
        ],
    ),
    (
        TimelineKind::Task,
        12,
        &[
            ("Send return label for order {n}", "Assigned to {agent}. Due within two working days."),
            ("Check warranty status of {p}", "Look up the serial number {first} sent and confirm the warranty end date."),
            ("Confirm refund for order {n} with finance", "Check with finance that the refund was issued and tell {first}."),
        ],
    ),
    (
        TimelineKind::Appointment,
        8,
        &[
            ("Technician visit: {p} installation", "On site with {first}. Bring a spare {p} and the installation kit."),
            ("Quarterly account review", "Online meeting, 30 minutes, hosted by {agent}."),
        ],
    ),
    (
        TimelineKind::Conversation,
        10,
        &[
            ("Live chat with {full}", "Summary: {first} asked about order {n}. Resolved during the chat."),
            ("Voice call with {full}", "Summary: {first} reported a fault with the {p}; a case was opened."),
            ("SMS conversation with {full}", "Summary: {first} confirmed the delivery slot for order {n}."),
        ],
    ),
];

/// Whom a record's activities are about.
struct Subject<'a> {
    /// Their id as an author (`contact:1`), for their own e-mails.
    id: String,
    first: &'a str,
    full: &'a str,
}

/// Every timeline entry; ids from 1, in generation order (not time order).
pub fn generate(
    rng: &mut Rng,
    anchor: Millis,
    people: &People,
    cases: &[Case],
) -> Vec<TimelineEntry> {
    let mut entries = Vec::with_capacity(CONTACT_ONE_ITEMS + 12_000);
    for contact in &people.contacts {
        let count = match contact.id {
            1 => CONTACT_ONE_ITEMS,
            4 => CONTACT_FOUR_ITEMS,
            _ => rng.index(41),
        };
        let span = if contact.id == 1 {
            3 * 365 * DAY
        } else {
            2 * 365 * DAY
        };
        let subject = Subject {
            id: format!("contact:{}", contact.id),
            first: contact.first_name.as_deref().unwrap_or(&contact.full_name),
            full: &contact.full_name,
        };
        let record = (RecordKind::Contact, contact.id);
        push_items(
            rng,
            &mut entries,
            record,
            &subject,
            count,
            anchor - span,
            anchor,
        );
    }
    for account in &people.accounts {
        let subject = Subject {
            id: format!("account:{}", account.id),
            first: "team",
            full: &account.name,
        };
        let count = rng.index(41);
        let record = (RecordKind::Account, account.id);
        push_items(
            rng,
            &mut entries,
            record,
            &subject,
            count,
            anchor - 2 * 365 * DAY,
            anchor,
        );
    }
    for case in cases {
        let first = case.customer_name.split(' ').next().unwrap_or_default();
        let subject = Subject {
            id: format!("{}:{}", case.customer.kind.as_str(), case.customer.id),
            first,
            full: &case.customer_name,
        };
        let count = if case.id == DEMO_CASE {
            DEMO_CASE_ITEMS
        } else {
            rng.index(16)
        };
        let record = (RecordKind::Case, case.id);
        push_items(
            rng,
            &mut entries,
            record,
            &subject,
            count,
            case.created_at,
            case.modified_at,
        );
    }
    entries
}

/// Appends `count` items for `record`, at whole minutes in `from..until`,
/// so some share a timestamp, as real activity does.
fn push_items(
    rng: &mut Rng,
    entries: &mut Vec<TimelineEntry>,
    (record_kind, record_id): (RecordKind, i64),
    subject: &Subject,
    count: usize,
    from: Millis,
    until: Millis,
) {
    for _ in 0..count {
        let at = until - rng.range(1, ((until - from) / MINUTE).max(2)) * MINUTE;
        let id = entries.len() as i64 + 1;
        entries.push(TimelineEntry {
            record_kind,
            record_id,
            item: item(rng, id, at, subject),
        });
    }
}

fn item(rng: &mut Rng, id: i64, at: Millis, subject: &Subject) -> TimelineItem {
    let mut roll = rng.range(0, 100);
    let &(kind, _, templates) = KINDS
        .iter()
        .find(|&&(_, weight, _)| {
            roll -= weight;
            roll < 0
        })
        .unwrap_or(&KINDS[0]);
    let agent = agent(rng);
    let order = rng.range(10_000, 100_000).to_string();
    let product = *rng.pick(PRODUCTS);
    let minutes = rng.range(2, 40).to_string();
    let fill = |template: &str| {
        template
            .replace("{first}", subject.first)
            .replace("{full}", subject.full)
            .replace("{agent}", &agent.name)
            .replace("{n}", &order)
            .replace("{p}", product)
            .replace("{m}", &minutes)
    };
    let &(title, body) = rng.pick(templates);
    TimelineItem {
        id,
        kind,
        title: fill(title),
        body: fill(body),
        author: if body.ends_with("{full}") {
            Actor {
                id: subject.id.clone(),
                name: subject.full.to_owned(),
            }
        } else {
            agent
        },
        at,
    }
}
