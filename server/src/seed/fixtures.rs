//! The four fixture conversations that demos and tests rely on; see the
//! list at the top of `seed.rs`.

use customer_summary_model::{
    AnswerKind, Case, Channel, ContextItem, ConversationStatus, CustomerKind, CustomerRef,
    JourneyKind, Links, Millis, VisitorDetails,
};

use super::build::{answer, base, contact_ref, context, journey, strings, without_hidden_context};
use super::cases::DEMO_CASE;
use super::people::People;
use super::units::{HOUR, MINUTE, SECOND};
use crate::rng::Rng;
use crate::store::SeedConversation;

const DEMO_REQUEST: &str = "My refund for order 48213 still hasn't arrived.
I sent the espresso machine back three weeks ago and the tracking says it was delivered.
Could you check what is going on?";

const DEMO_CONSENT: &str = "I agree that this chat may be recorded for quality purposes";

/// Conversation 1: the demo. A live chat with contact 1 about case 1.
pub(super) fn demo(anchor: Millis, people: &People, cases: &[Case]) -> SeedConversation {
    let zoe = people.contact(1);
    let case = &cases[(DEMO_CASE - 1) as usize];
    let waited = anchor - 9 * MINUTE;
    let journey_at = |minutes_before: i64| waited - minutes_before * MINUTE;
    let mut conversation = base(
        1,
        &case.title,
        Channel::Chat,
        ConversationStatus::Active,
        "Returns & refunds",
    );
    conversation.skills = strings(&["French", "Refunds", "Premium customers"]);
    conversation.started_at = waited - 40 * SECOND;
    conversation.wait_started_at = waited;
    conversation.accepted_at = Some(anchor - 6 * MINUTE);
    conversation.pre_chat = vec![
        answer("Name", Some(&zoe.full_name), AnswerKind::SingleLine),
        answer("Email", zoe.email.as_deref(), AnswerKind::SingleLine),
        answer("Phone", zoe.mobile_phone.as_deref(), AnswerKind::SingleLine),
        answer(
            "CaseNumber",
            Some(&case.ticket_number),
            AnswerKind::SingleLine,
        ),
        answer(
            "What can we help you with?",
            Some(DEMO_REQUEST),
            AnswerKind::MultiLine,
        ),
        answer(DEMO_CONSENT, Some("true"), AnswerKind::Consent),
    ];
    conversation.self_service = vec![
        journey(JourneyKind::SEARCH, "talk to an agent", None, journey_at(1)),
        journey(
            JourneyKind::CUSTOM_ACTION_SAMPLE,
            "Requested a callback",
            None,
            journey_at(3),
        ),
        journey(
            JourneyKind::PAGE_VIEW,
            "Contact us",
            Some("https://support.contoso.example/contact"),
            journey_at(5),
        ),
        journey(
            JourneyKind::CUSTOM_ACTION,
            "Opened the return status for order 48213",
            None,
            journey_at(8),
        ),
        journey(
            JourneyKind::KB_ARTICLE,
            "How long do refunds take?",
            Some("https://support.contoso.example/kb/KA-01042"),
            journey_at(11),
        ),
        journey(
            JourneyKind::SEARCH,
            "refund not received",
            None,
            journey_at(13),
        ),
        journey(
            JourneyKind::PAGE_VIEW,
            "Order 48213 – order details",
            Some("https://shop.contoso.example/account/orders/48213"),
            journey_at(16),
        ),
    ];
    conversation.visitor = VisitorDetails {
        authenticated: true,
        browser: Some("Firefox 128".into()),
        os: Some("Windows 11".into()),
        location: Some("Lyon, France".into()),
        language: Some("fr-FR".into()),
    };
    conversation.context = vec![
        context("Order number", "48213"),
        context("Customer tier", "Premium"),
        context("Return reason", "Refund not received after return"),
    ];
    conversation.links = Links {
        customer: Some(contact_ref(1)),
        case_id: Some(case.id),
    };
    SeedConversation {
        conversation,
        hidden_context: vec![
            context("PortalSessionId", "8c1f3d2e-52a4-4b8e-9f3a-1d2c3b4a5e6f"),
            context("AuthTokenHash", "sha256:3f5a9c0e1b7d4e2f8a6c5b3d1e0f9a8b"),
        ],
    }
}

/// Conversation 2: an incoming call still waiting, nothing known.
pub(super) fn waiting_call(anchor: Millis) -> SeedConversation {
    let mut conversation = base(
        2,
        "Incoming call from +442079460958",
        Channel::Voice,
        ConversationStatus::Waiting,
        "General enquiries",
    );
    conversation.skills = strings(&["English"]);
    conversation.started_at = anchor - 4 * MINUTE;
    conversation.wait_started_at = anchor - 4 * MINUTE + 10 * SECOND;
    without_hidden_context(conversation)
}

/// Conversation 3: a chat with everything at its limits, linked to account 3.
pub(super) fn busy_chat(rng: &mut Rng, anchor: Millis, people: &People) -> SeedConversation {
    let account = people.account(3);
    let person = account.primary_contact_id.map(|id| people.contact(id));
    let waited = anchor - 25 * MINUTE;
    let journey_at = |minutes_before: i64| waited - minutes_before * MINUTE;
    let mut conversation = base(
        3,
        "Mesh extenders dropping connections across the office",
        Channel::Chat,
        ConversationStatus::Active,
        "Technical support",
    );
    conversation.skills = strings(&["English", "Networking", "Tier 2"]);
    conversation.started_at = waited - MINUTE;
    conversation.wait_started_at = waited;
    conversation.accepted_at = Some(waited + 3 * MINUTE);
    conversation.pre_chat = vec![
        answer(
            "Name",
            person.map(|p| p.full_name.as_str()),
            AnswerKind::SingleLine,
        ),
        answer(
            "Email",
            person.and_then(|p| p.email.as_deref()),
            AnswerKind::SingleLine,
        ),
        answer(
            "Phone",
            account.main_phone.as_deref(),
            AnswerKind::SingleLine,
        ),
        answer("Company", Some(&account.name), AnswerKind::SingleLine),
        answer(
            "Which product is this about?",
            Some("Nimbus Mesh Extender"),
            AnswerKind::Option,
        ),
        answer("Order number", None, AnswerKind::SingleLine),
        answer(
            "How should we contact you?",
            Some("Email"),
            AnswerKind::Option,
        ),
        answer(
            "Describe the problem",
            Some(LONG_PROBLEM),
            AnswerKind::MultiLine,
        ),
        answer(
            "How urgent is it?",
            Some("High – part of the office is offline"),
            AnswerKind::Option,
        ),
        answer(
            "I accept the privacy policy",
            Some("true"),
            AnswerKind::Consent,
        ),
    ];
    conversation.self_service = vec![
        // A code this version does not know: shown as "Other", never dropped.
        journey(192_350_999, "Shared a product page", None, journey_at(2)),
        journey(
            JourneyKind::PAGE_VIEW,
            "Free prize inside",
            Some("javascript:alert(1)"),
            journey_at(4),
        ),
        journey(
            JourneyKind::KB_ARTICLE,
            "Placing mesh extenders for best coverage",
            Some("https://support.contoso.example/kb/KA-00871"),
            journey_at(7),
        ),
        journey(
            JourneyKind::SEARCH,
            "mesh extender keeps disconnecting",
            None,
            journey_at(9),
        ),
        journey(
            JourneyKind::PAGE_VIEW,
            "Nimbus Mesh Extender – support",
            Some("https://support.contoso.example/products/nimbus-mesh"),
            journey_at(12),
        ),
        journey(
            JourneyKind::CUSTOM_ACTION,
            "Downloaded firmware 4.2.1",
            None,
            journey_at(15),
        ),
    ];
    conversation.visitor = VisitorDetails {
        authenticated: false,
        browser: Some("Edge 126".into()),
        os: Some("Windows 11".into()),
        location: Some("Mumbai, India".into()),
        language: Some("en-IN".into()),
    };
    conversation.context = (1..=100)
        .map(|n| busy_context(rng, n, account.account_number.as_deref()))
        .collect();
    conversation.links = Links {
        customer: Some(CustomerRef {
            kind: CustomerKind::Account,
            id: account.id,
        }),
        case_id: None,
    };
    without_hidden_context(conversation)
}

const LONG_PROBLEM: &str = "Since Monday our Nimbus Mesh Extenders drop the connection several times an hour.\n\nIt happens on all three floors, mostly between 9:00 and 11:00 when everyone joins video calls. The main router stays online; only the extenders lose the link and come back after about two minutes.\n\nWhat we tried already:\n- restarting every extender\n- moving the one on floor 2 closer to the router\n- updating to firmware 4.2.1\n\nNone of it helped. We have 40 people in the office and this is stopping work. Please call or e-mail, whichever is faster.";

/// Context variable `n` of conversation 3; number 8 is 4,000 characters long.
fn busy_context(rng: &mut Rng, n: usize, account_number: Option<&str>) -> ContextItem {
    match n {
        1 => context("Account number", account_number.unwrap_or_default()),
        2 => context("Support plan", "Business Premium"),
        3 => context("Sites affected", "Head office, floors 1–3"),
        4 => context("Firmware", "4.2.1"),
        5 => context("Extenders installed", "92"),
        6 => context("Contract renewal", "2026-11-30"),
        7 => context("Preferred contact window", "09:00–17:00 IST"),
        8 => {
            let line = "[extender] link to router lost, rssi=-81 dBm, retry 3/5; reconnected after 118 s\n";
            let log: String = line.chars().cycle().take(4000).collect();
            context("Diagnostic log", &log)
        }
        _ => context(
            &format!("Extender {n:03} serial"),
            &format!("NMX-{}", rng.digits(8)),
        ),
    }
}

/// Conversation 4: an e-mail from contact 4, whose timeline has 10 items.
pub(super) fn small_timeline(anchor: Millis) -> SeedConversation {
    let mut conversation = base(
        4,
        "Warranty question about Orion Laptop 14",
        Channel::Email,
        ConversationStatus::Active,
        "General enquiries",
    );
    conversation.skills = strings(&["English"]);
    conversation.started_at = anchor - 2 * HOUR;
    conversation.wait_started_at = anchor - 2 * HOUR;
    conversation.accepted_at = Some(anchor - 20 * MINUTE);
    conversation.links.customer = Some(contact_ref(4));
    without_hidden_context(conversation)
}
