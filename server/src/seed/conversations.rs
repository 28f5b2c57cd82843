//! Demo conversations: the four fixtures (1 to 4, in `fixtures`), four
//! unlinked ones for recognition (5 to 8), and varied ones drawn for the
//! rest.

use customer_summary_model::{
    AnswerKind, Case, Channel, Contact, Conversation, ConversationStatus, CustomerKind,
    CustomerRef, JourneyKind, Links, Millis, PreChatAnswer, VisitorDetails,
};

use super::build::{answer, base, contact_ref, context, journey, without_hidden_context};
use super::fixtures;
use super::people::{People, ACCOUNTS, CONTACTS};
use super::units::{DAY, HOUR, MINUTE, SECOND};
use super::words::{BROWSERS, LANGUAGES, PLACES, PRODUCTS, QUEUES, SKILLS, SYSTEMS};
use crate::rng::Rng;
use crate::store::SeedConversation;

/// How many conversations are seeded.
pub const CONVERSATIONS: i64 = 30;

/// Every conversation, ids 1 to [`CONVERSATIONS`].
pub fn generate(
    rng: &mut Rng,
    anchor: Millis,
    people: &People,
    cases: &[Case],
) -> Vec<SeedConversation> {
    let mut conversations = vec![
        fixtures::demo(anchor, people, cases),
        fixtures::waiting_call(anchor),
        fixtures::busy_chat(rng, anchor, people),
        fixtures::small_timeline(anchor),
    ];
    conversations.extend(recognition(rng, anchor, people, cases));
    let first_drawn = conversations.len() as i64 + 1;
    conversations
        .extend((first_drawn..=CONVERSATIONS).map(|id| drawn(rng, anchor, people, cases, id)));
    conversations
}

/// Conversations 5 to 8: waiting or unlinked, with pre-chat answers that
/// match exactly one active contact (5 and 6, each with exactly one active
/// case), several contacts (7) or none (8).
fn recognition(
    rng: &mut Rng,
    anchor: Millis,
    people: &People,
    cases: &[Case],
) -> Vec<SeedConversation> {
    let mut unique = people
        .contacts
        .iter()
        .filter(|c| is_recognisable(c, people, cases));
    let (first, second) = (unique.next(), unique.next());
    let mut surveys: Vec<(&str, Vec<PreChatAnswer>)> = Vec::new();
    if let Some(contact) = first {
        surveys.push((
            "Where is my parcel?",
            vec![
                answer("Name", Some(&contact.full_name), AnswerKind::SingleLine),
                answer("Email", contact.email.as_deref(), AnswerKind::SingleLine),
                answer(
                    "Phone",
                    contact.mobile_phone.as_deref(),
                    AnswerKind::SingleLine,
                ),
            ],
        ));
    }
    if let Some(contact) = second {
        let case = cases
            .iter()
            .find(|k| k.customer == contact_ref(contact.id) && k.status.is_active());
        surveys.push((
            "Follow-up on my open case",
            vec![
                answer("Email", contact.email.as_deref(), AnswerKind::SingleLine),
                answer(
                    "CaseNumber",
                    case.map(|k| k.ticket_number.as_str()),
                    AnswerKind::SingleLine,
                ),
            ],
        ));
    }
    surveys.push((
        "Question about my order",
        vec![
            answer("Name", Some("Maria Garcia"), AnswerKind::SingleLine),
            answer("Email", None, AnswerKind::SingleLine),
        ],
    ));
    surveys.push((
        "First time contacting support",
        vec![
            answer("Name", Some("Quentin Blackwood"), AnswerKind::SingleLine),
            answer(
                "Email",
                Some("quentin.blackwood@mail.example"),
                AnswerKind::SingleLine,
            ),
            answer("Phone", Some("+15550100"), AnswerKind::SingleLine),
        ],
    ));
    surveys
        .into_iter()
        .zip(5..)
        .map(|((title, mut pre_chat), id)| {
            let waiting = id != 8;
            let status = if waiting {
                ConversationStatus::Waiting
            } else {
                ConversationStatus::Active
            };
            let mut conversation = base(id, title, Channel::Chat, status, rng.pick(QUEUES));
            conversation.skills = vec![rng.pick(&SKILLS[..6]).to_string()];
            set_times(rng, anchor, &mut conversation);
            pre_chat.push(answer(
                "What can we help you with?",
                Some(title),
                AnswerKind::MultiLine,
            ));
            conversation.pre_chat = pre_chat;
            conversation.visitor = web_visitor(rng, false);
            without_hidden_context(conversation)
        })
        .collect()
}

/// Active, alone with its full name among active contacts, exactly one
/// active case, and not one of the fixtures.
fn is_recognisable(contact: &Contact, people: &People, cases: &[Case]) -> bool {
    let reference = contact_ref(contact.id);
    contact.id > 100
        && contact.active
        && people
            .contacts
            .iter()
            .filter(|c| c.active && c.full_name == contact.full_name)
            .count()
            == 1
        && cases
            .iter()
            .filter(|k| k.customer == reference && k.status.is_active())
            .count()
            == 1
}

/// Journey steps drawn for other chats: type code, title, URL.
const JOURNEYS: &[(i64, &str, Option<&str>)] = &[
    (
        JourneyKind::PAGE_VIEW,
        "Order history",
        Some("https://shop.contoso.example/account/orders"),
    ),
    (
        JourneyKind::PAGE_VIEW,
        "Returns policy",
        Some("https://www.contoso.example/help/returns"),
    ),
    (JourneyKind::SEARCH, "reset thermostat", None),
    (JourneyKind::SEARCH, "change delivery address", None),
    (
        JourneyKind::KB_ARTICLE,
        "Reset your router to factory settings",
        Some("https://support.contoso.example/kb/KA-00412"),
    ),
    (JourneyKind::CUSTOM_ACTION, "Started a return", None),
    (
        JourneyKind::CUSTOM_ACTION_SAMPLE,
        "Downloaded an invoice",
        None,
    ),
];

/// Conversation `id` from 9 on: channel, status, customer and tabs drawn.
fn drawn(
    rng: &mut Rng,
    anchor: Millis,
    people: &People,
    cases: &[Case],
    id: i64,
) -> SeedConversation {
    let channel = Channel::ALL[id as usize % Channel::ALL.len()];
    let status = match id {
        9 => ConversationStatus::Waiting,
        _ if rng.chance(45) => ConversationStatus::Active,
        _ => ConversationStatus::Closed,
    };
    let customer = match rng.range(0, 100) {
        0..70 => Some(contact_ref(rng.range(2, CONTACTS + 1))),
        70..85 => Some(CustomerRef {
            kind: CustomerKind::Account,
            id: rng.range(1, ACCOUNTS + 1),
        }),
        _ => None,
    };
    let own_cases: Vec<&Case> = cases
        .iter()
        .filter(|k| Some(k.customer) == customer)
        .collect();
    let case = (!own_cases.is_empty() && rng.chance(60)).then(|| *rng.pick(&own_cases));
    let title = match case {
        Some(case) => case.title.clone(),
        None => format!("Question about {}", rng.pick(PRODUCTS)),
    };
    let mut conversation = base(id, &title, channel, status, rng.pick(QUEUES));
    let skills = rng.range(1, 4) as usize;
    let first_skill = rng.index(SKILLS.len());
    conversation.skills = (0..skills)
        .map(|i| SKILLS[(first_skill + i * 5) % SKILLS.len()].to_owned())
        .collect();
    set_times(rng, anchor, &mut conversation);
    conversation.links = Links {
        customer,
        case_id: case.map(|k| k.id),
    };
    if matches!(channel, Channel::Chat | Channel::Social) {
        let authenticated = customer.is_some() && rng.chance(60);
        conversation.visitor = web_visitor(rng, authenticated);
        let steps = rng.index(5);
        conversation.self_service = (0..steps)
            .map(|step| {
                let &(code, title, url) = rng.pick(JOURNEYS);
                let at = conversation.wait_started_at
                    - (step as i64 + 1) * rng.range(MINUTE, 5 * MINUTE);
                journey(code, title, url, at)
            })
            .collect();
    }
    if channel == Channel::Chat {
        let who = customer
            .filter(|c| c.kind == CustomerKind::Contact)
            .map(|c| people.contact(c.id));
        conversation.pre_chat = vec![
            answer(
                "Name",
                who.map(|c| c.full_name.as_str()),
                AnswerKind::SingleLine,
            ),
            answer(
                "Email",
                who.and_then(|c| c.email.as_deref()),
                AnswerKind::SingleLine,
            ),
            answer(
                "What can we help you with?",
                Some(&title),
                AnswerKind::MultiLine,
            ),
        ];
        if rng.chance(50) {
            conversation.context = vec![
                context("Order number", &rng.range(10_000, 100_000).to_string()),
                context(
                    "Customer tier",
                    if rng.chance(30) {
                        "Premium"
                    } else {
                        "Standard"
                    },
                ),
            ];
        }
    } else {
        conversation.visitor.language = Some(rng.pick(LANGUAGES).to_string());
    }
    SeedConversation {
        conversation,
        hidden_context: vec![context("RoutingTraceId", &rng.digits(12))],
    }
}

/// Start, wait and accept times that fit the status: waiting ones started
/// a few minutes ago, active ones within the hour, closed ones days ago.
fn set_times(rng: &mut Rng, anchor: Millis, conversation: &mut Conversation) {
    let started = match conversation.status {
        ConversationStatus::Waiting => anchor - rng.range(2 * MINUTE, 8 * MINUTE),
        ConversationStatus::Active => anchor - rng.range(15 * MINUTE, HOUR),
        ConversationStatus::Closed => anchor - rng.range(2 * HOUR, 14 * DAY),
    };
    conversation.started_at = started;
    conversation.wait_started_at = started + rng.range(0, 30 * SECOND);
    conversation.accepted_at = (conversation.status != ConversationStatus::Waiting)
        .then(|| conversation.wait_started_at + rng.range(20 * SECOND, 5 * MINUTE));
}

fn web_visitor(rng: &mut Rng, authenticated: bool) -> VisitorDetails {
    let place = rng.pick(PLACES);
    VisitorDetails {
        authenticated,
        browser: Some(rng.pick(BROWSERS).to_string()),
        os: Some(rng.pick(SYSTEMS).to_string()),
        location: Some(format!("{}, {}", place.city, place.country)),
        language: Some(rng.pick(LANGUAGES).to_string()),
    }
}
