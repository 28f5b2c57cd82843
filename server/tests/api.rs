//! The API as a client sees it, against the real server on a fresh seeded
//! database: the demo fixtures, linked records, recent cases, timeline
//! paging, errors, the contract document and the app fallback.

mod support;

use std::collections::HashSet;

use customer_summary_model::{
    Account, AnswerKind, Case, Channel, Contact, Conversation, ConversationListItem,
    ConversationStatus, Customer, CustomerKind, CustomerRef, JourneyKind, LinkedCase,
    LinkedCustomer, RecentCases, RecordKind, TimelineItem, TimelineKind, TimelinePage,
};
use customer_summary_server::open_store;
use reqwest::StatusCode;
use support::{content_type, now_millis, TestDatabase, TestServer, CHANNEL_KEY};

const CONTACT_ONE: CustomerRef = CustomerRef {
    kind: CustomerKind::Contact,
    id: 1,
};

// ---- Conversations -------------------------------------------------------

#[tokio::test]
async fn conversation_one_is_the_demo_chat_with_everything_the_tabs_show() {
    let server = TestServer::start().await;
    let conversation: Conversation = server.json("/api/v1/conversations/1").await;
    let contact: Contact = server.json("/api/v1/contacts/1").await;
    let case: Case = server.json("/api/v1/cases/1").await;

    assert_eq!(conversation.channel, Channel::Chat);
    assert_eq!(conversation.status, ConversationStatus::Active);
    assert!(conversation.accepted_at.is_some());
    assert_eq!(conversation.links.customer, Some(CONTACT_ONE));
    assert_eq!(conversation.links.case_id, Some(1));
    assert!(case.status.is_active());
    assert_eq!(case.customer, CONTACT_ONE);
    assert!(!conversation.skills.is_empty());

    let questions: Vec<&str> = conversation
        .pre_chat
        .iter()
        .map(|a| a.question.as_str())
        .collect();
    assert_eq!(&questions[..4], ["Name", "Email", "Phone", "CaseNumber"]);
    assert_eq!(questions[4], "What can we help you with?");
    let answers: Vec<Option<&str>> = conversation
        .pre_chat
        .iter()
        .map(|a| a.answer.as_deref())
        .collect();
    assert_eq!(
        &answers[..4],
        [
            Some(contact.full_name.as_str()),
            contact.email.as_deref(),
            contact.mobile_phone.as_deref(),
            Some(case.ticket_number.as_str())
        ]
    );
    assert_eq!(contact.full_name, "Zoë Lefèvre");
    assert_eq!(conversation.pre_chat[4].kind, AnswerKind::MultiLine);
    assert!(answers[4].is_some_and(|text| text.contains('\n')));
    assert_eq!(conversation.pre_chat[5].kind, AnswerKind::Consent);

    let journey = &conversation.self_service;
    assert!(journey.len() >= 6);
    assert!(
        journey.windows(2).all(|pair| pair[0].at >= pair[1].at),
        "newest first"
    );
    let codes: HashSet<i64> = journey.iter().map(|item| item.type_code).collect();
    assert!(
        codes.contains(&192_350_100) && codes.contains(&192_350_003),
        "{codes:?}"
    );
    let kinds: HashSet<_> = journey
        .iter()
        .map(|item| format!("{:?}", item.kind()))
        .collect();
    assert_eq!(kinds.len(), 4, "all four action types: {kinds:?}");
    assert!(journey
        .iter()
        .any(|item| item.kind() == JourneyKind::PageVisited
            && item.link().is_some_and(|url| url.starts_with("https://"))));

    let names: Vec<&str> = conversation
        .context
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    let stored = server
        .count("SELECT count(*) FROM context_items WHERE conversation_id = 1 AND NOT displayable")
        .await;
    assert_eq!(stored, 2, "hidden variables are seeded, yet not returned");
}

#[tokio::test]
async fn conversation_two_waits_with_empty_tabs_and_nothing_linked() {
    let server = TestServer::start().await;
    let conversation: Conversation = server.json("/api/v1/conversations/2").await;
    assert_eq!(conversation.channel, Channel::Voice);
    assert_eq!(conversation.status, ConversationStatus::Waiting);
    assert_eq!(conversation.accepted_at, None);
    let waited = now_millis() - conversation.wait_started_at;
    assert!((0..15 * 60_000).contains(&waited), "waiting {waited} ms");
    assert!(conversation.pre_chat.is_empty());
    assert!(conversation.self_service.is_empty());
    assert!(conversation.context.is_empty());
    assert!(!conversation.visitor.authenticated);
    assert_eq!(conversation.links.customer, None);
    assert_eq!(conversation.links.case_id, None);
}

#[tokio::test]
async fn conversation_three_has_ten_questions_and_a_hundred_context_items() {
    let server = TestServer::start().await;
    let conversation: Conversation = server.json("/api/v1/conversations/3").await;
    assert_eq!(conversation.pre_chat.len(), 10);
    let kinds: Vec<AnswerKind> = conversation.pre_chat.iter().map(|a| a.kind).collect();
    assert!(kinds.contains(&AnswerKind::Option) && kinds.contains(&AnswerKind::Consent));
    assert_eq!(conversation.context.len(), 100);
    let longest = conversation
        .context
        .iter()
        .map(|c| c.value.chars().count())
        .max();
    assert_eq!(longest, Some(4000));
    let journey = &conversation.self_service;
    assert!(journey
        .iter()
        .any(|item| item.kind() == JourneyKind::Other && item.type_code == 192_350_999));
    let script = journey
        .iter()
        .find(|item| item.url.as_deref() == Some("javascript:alert(1)"))
        .expect("the hostile URL is stored byte for byte");
    assert_eq!(script.link(), None);
    assert_eq!(
        conversation.links.customer.map(|c| c.kind),
        Some(CustomerKind::Account)
    );
}

#[tokio::test]
async fn the_list_has_every_conversation_in_id_order() {
    let server = TestServer::start().await;
    let list: Vec<ConversationListItem> = server.json("/api/v1/conversations").await;
    let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
    assert_eq!(ids, (1..=30).collect::<Vec<_>>());
    for channel in Channel::ALL {
        assert!(list.iter().any(|c| c.channel == channel), "no {channel:?}");
    }
    let waiting: Vec<i64> = list
        .iter()
        .filter(|c| c.status == ConversationStatus::Waiting)
        .map(|c| c.id)
        .collect();
    assert!(waiting.len() >= 3, "{waiting:?}");
    for id in waiting {
        let conversation: Conversation = server.json(&format!("/api/v1/conversations/{id}")).await;
        assert_eq!(conversation.accepted_at, None, "conversation {id}");
    }
}

// ---- Linked records and records by id ----------------------------------

#[tokio::test]
async fn linked_customer_and_case_are_the_full_records_or_null() {
    let server = TestServer::start().await;
    let linked: LinkedCustomer = server.json("/api/v1/conversations/1/customer").await;
    let Some(Customer::Contact(contact)) = linked.customer else {
        panic!("conversation 1 links a contact: {linked:?}");
    };
    assert_eq!(contact.full_name, "Zoë Lefèvre");
    assert_eq!(contact.company.as_deref(), Some("Contoso Pharmaceuticals"));

    let linked: LinkedCase = server.json("/api/v1/conversations/1/case").await;
    let case = linked.case.expect("conversation 1 links a case");
    assert_eq!(case.id, 1);
    assert_eq!(case.customer_name, "Zoë Lefèvre");
    assert!(
        case.ticket_number.starts_with("CAS-01001-"),
        "{}",
        case.ticket_number
    );

    let linked: LinkedCustomer = server.json("/api/v1/conversations/3/customer").await;
    let Some(Customer::Account(account)) = linked.customer else {
        panic!("conversation 3 links an account: {linked:?}");
    };
    assert!(account.primary_contact_name.is_some());

    let none: LinkedCustomer = server.json("/api/v1/conversations/2/customer").await;
    assert_eq!(none.customer, None);
    let none: LinkedCase = server.json("/api/v1/conversations/2/case").await;
    assert_eq!(none.case, None);
}

#[tokio::test]
async fn unlinking_clears_one_link_and_everything_that_follows_it() {
    let server = TestServer::start().await;
    let unlink = |what: &'static str| {
        let server = &server;
        async move {
            server
                .request(
                    reqwest::Method::DELETE,
                    &format!("/api/v1/conversations/1/{what}"),
                    None,
                )
                .await
                .status()
        }
    };
    assert_eq!(unlink("customer").await, StatusCode::NO_CONTENT);
    let linked: LinkedCustomer = server.json("/api/v1/conversations/1/customer").await;
    assert_eq!(linked.customer, None);
    let recent: RecentCases = server.json("/api/v1/conversations/1/recent-cases").await;
    assert_eq!((recent.customer, recent.cases.len()), (None, 0));
    let timeline: TimelinePage = server.json("/api/v1/conversations/1/timeline").await;
    let kinds: Vec<RecordKind> = timeline.records.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, [RecordKind::Case], "the case stays linked");
    assert_eq!(timeline.record.map(|r| r.kind), Some(RecordKind::Case));

    assert_eq!(
        unlink("customer").await,
        StatusCode::NO_CONTENT,
        "retry is harmless"
    );
    assert_eq!(unlink("case").await, StatusCode::NO_CONTENT);
    let linked: LinkedCase = server.json("/api/v1/conversations/1/case").await;
    assert_eq!(linked.case, None);
    let timeline: TimelinePage = server.json("/api/v1/conversations/1/timeline").await;
    assert!(timeline.records.is_empty() && timeline.record.is_none());

    let missing = server
        .request(
            reqwest::Method::DELETE,
            "/api/v1/conversations/999/case",
            None,
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn accounts_name_their_primary_contact() {
    let server = TestServer::start().await;
    let account: Account = server.json("/api/v1/accounts/1").await;
    assert_eq!(account.name, "Contoso Pharmaceuticals");
    assert_eq!(account.account_number.as_deref(), Some("ACC-10001"));
    assert_eq!(account.primary_contact_id, Some(1));
    assert_eq!(account.primary_contact_name.as_deref(), Some("Zoë Lefèvre"));
}

// ---- Recent cases --------------------------------------------------------

#[tokio::test]
async fn recent_cases_are_newest_first_limited_and_say_if_more_exist() {
    let server = TestServer::start().await;
    let recent: RecentCases = server.json("/api/v1/conversations/1/recent-cases").await;
    assert_eq!(recent.customer, Some(CONTACT_ONE));
    assert_eq!(recent.cases.len(), 4, "four by default");
    assert!(recent.has_more);

    let all: RecentCases = server
        .json("/api/v1/conversations/1/recent-cases?limit=50")
        .await;
    assert!(all.cases.len() >= 6);
    assert!(!all.has_more);
    assert!(all.cases.iter().all(|case| case.customer == CONTACT_ONE));
    assert!(all
        .cases
        .windows(2)
        .all(|pair| (pair[0].modified_at, pair[0].id) > (pair[1].modified_at, pair[1].id)));
    let statuses: HashSet<bool> = all
        .cases
        .iter()
        .map(|case| case.status.is_active())
        .collect();
    assert_eq!(statuses.len(), 2, "mixed active and closed");
    assert_eq!(recent.cases, all.cases[..4]);

    let count = all.cases.len();
    let exact: RecentCases = server
        .json(&format!(
            "/api/v1/customers/contact/1/recent-cases?limit={count}"
        ))
        .await;
    assert_eq!((exact.cases.len(), exact.has_more), (count, false));
    let one_short: RecentCases = server
        .json(&format!(
            "/api/v1/customers/contact/1/recent-cases?limit={}",
            count - 1
        ))
        .await;
    assert_eq!(
        (one_short.cases.len(), one_short.has_more),
        (count - 1, true)
    );
}

#[tokio::test]
async fn recent_cases_are_empty_when_no_customer_is_linked() {
    let server = TestServer::start().await;
    let recent: RecentCases = server.json("/api/v1/conversations/2/recent-cases").await;
    assert_eq!(recent.customer, None);
    assert!(recent.cases.is_empty());
    assert!(!recent.has_more);
}

#[tokio::test]
async fn recent_cases_of_an_unknown_customer_or_kind_are_errors() {
    let server = TestServer::start().await;
    let error = server
        .error(
            "/api/v1/customers/account/999/recent-cases",
            StatusCode::NOT_FOUND,
        )
        .await;
    assert_eq!(error.error.message, "Account 999 not found");
    let error = server
        .error(
            "/api/v1/customers/robot/1/recent-cases",
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(error.error.field.as_deref(), Some("kind"));
    let error = server
        .error(
            "/api/v1/conversations/1/recent-cases?limit=51",
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(error.error.field.as_deref(), Some("limit"));
}

// ---- Timeline ------------------------------------------------------------

/// Every item of a timeline, walked page by page from `path`.
async fn walk(server: &TestServer, path: &str) -> Vec<TimelineItem> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(cursor) => format!("{path}&cursor={cursor}"),
            None => path.to_owned(),
        };
        let page: TimelinePage = server.json(&url).await;
        items.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return items,
        }
    }
}

fn is_newest_first(items: &[TimelineItem]) -> bool {
    items
        .windows(2)
        .all(|pair| (pair[0].at, pair[0].id) > (pair[1].at, pair[1].id))
}

#[tokio::test]
async fn contact_one_timeline_pages_through_all_ten_thousand_items_in_order() {
    let server = TestServer::start().await;
    let first: TimelinePage = server.json("/api/v1/conversations/1/timeline").await;
    assert_eq!(first.items.len(), 10, "ten by default");
    assert!(first.next_cursor.is_some());

    let items = walk(&server, "/api/v1/records/contact/1/timeline?limit=50").await;
    assert_eq!(items.len(), 10_000);
    assert!(is_newest_first(&items));
    let ids: HashSet<i64> = items.iter().map(|item| item.id).collect();
    assert_eq!(ids.len(), 10_000, "no item twice");
    assert_eq!(first.items, items[..10]);
    let kinds: HashSet<TimelineKind> = items.iter().map(|item| item.kind).collect();
    assert_eq!(kinds.len(), TimelineKind::ALL.len(), "every kind occurs");
}

#[tokio::test]
async fn pages_of_ten_continue_where_the_last_one_ended() {
    let server = TestServer::start().await;
    let fifty: TimelinePage = server
        .json("/api/v1/conversations/1/timeline?limit=50")
        .await;
    let mut pages = Vec::new();
    let mut path = "/api/v1/conversations/1/timeline?limit=10".to_owned();
    for _ in 0..5 {
        let page: TimelinePage = server.json(&path).await;
        let cursor = page.next_cursor.clone().expect("more pages");
        path = format!("/api/v1/conversations/1/timeline?limit=10&cursor={cursor}");
        pages.extend(page.items);
    }
    assert_eq!(pages, fifty.items);
}

#[tokio::test]
async fn a_newer_item_does_not_shift_the_next_page() {
    let server = TestServer::start().await;
    let first: TimelinePage = server.json("/api/v1/records/contact/1/timeline").await;
    let cursor = first.next_cursor.expect("more pages");
    let second_path = format!("/api/v1/records/contact/1/timeline?cursor={cursor}");
    let second: TimelinePage = server.json(&second_path).await;

    let newer = first.items[0].at + 60_000;
    server
        .db
        .execute(
            "INSERT INTO timeline_items
                 (record_kind, record_id, kind, title, body, author_id, author, at)
             VALUES ('contact', 1, 'note', 'Just now', 'Added while paging', 't', 'Test', $1)",
            &[newer],
        )
        .await;

    let again: TimelinePage = server.json(&second_path).await;
    assert_eq!(again.items, second.items);
    let fresh: TimelinePage = server.json("/api/v1/records/contact/1/timeline").await;
    assert_eq!(fresh.items[0].title, "Just now");
    assert_eq!(fresh.items[1..], first.items[..9]);
}

#[tokio::test]
async fn the_types_filter_keeps_only_those_kinds_across_pages() {
    let server = TestServer::start().await;
    let path = "/api/v1/records/contact/1/timeline?types=note,email&limit=50";
    let first: TimelinePage = server.json(path).await;
    assert_eq!(first.items.len(), 50);
    let cursor = first.next_cursor.expect("more notes and e-mails");
    let second: TimelinePage = server.json(&format!("{path}&cursor={cursor}")).await;
    let items: Vec<_> = first.items.iter().chain(&second.items).cloned().collect();
    assert!(items
        .iter()
        .all(|item| matches!(item.kind, TimelineKind::Note | TimelineKind::Email)));
    let kinds: HashSet<_> = items.iter().map(|item| item.kind).collect();
    assert_eq!(kinds.len(), 2);
    assert!(is_newest_first(&items));
}

#[tokio::test]
async fn bad_timeline_parameters_are_400_naming_the_parameter() {
    let server = TestServer::start().await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=51", "limit"),
        ("limit=ten", "limit"),
        ("cursor=abc", "cursor"),
        ("cursor=1.2.3", "cursor"),
        ("cursor=-5.2", "cursor"),
        ("types=fax", "types"),
        ("types=note,", "types"),
        ("record=invoice", "record"),
    ] {
        let error = server
            .error(
                &format!("/api/v1/conversations/1/timeline?{query}"),
                StatusCode::BAD_REQUEST,
            )
            .await;
        assert_eq!(error.error.code, "bad_parameter", "{query}");
        assert_eq!(error.error.field.as_deref(), Some(field), "{query}");
    }
    let error = server
        .error(
            "/api/v1/records/invoice/1/timeline",
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(error.error.field.as_deref(), Some("kind"));
}

#[tokio::test]
async fn the_record_parameter_picks_the_customer_or_the_case() {
    let server = TestServer::start().await;
    let default: TimelinePage = server.json("/api/v1/conversations/1/timeline").await;
    let customer: TimelinePage = server
        .json("/api/v1/conversations/1/timeline?record=customer")
        .await;
    let case: TimelinePage = server
        .json("/api/v1/conversations/1/timeline?record=case")
        .await;
    assert_eq!(default, customer);

    let record = customer.record.expect("customer record");
    assert_eq!(
        (record.kind, record.id, record.label.as_str()),
        (RecordKind::Contact, 1, "Zoë Lefèvre")
    );
    let record = case.record.expect("case record");
    assert_eq!((record.kind, record.id), (RecordKind::Case, 1));
    assert!(
        record.label.starts_with("CAS-01001-")
            && record
                .label
                .ends_with(": Refund not received for order 48213")
    );

    let kinds: Vec<RecordKind> = case.records.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [RecordKind::Contact, RecordKind::Case],
        "customer first"
    );
    assert_eq!(case.records, customer.records);
    let case_items = walk(
        &server,
        "/api/v1/conversations/1/timeline?record=case&limit=50",
    )
    .await;
    assert_eq!(case_items.len(), 25);
    assert_ne!(case.items, customer.items);

    let error = server
        .error(
            "/api/v1/conversations/3/timeline?record=case",
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(error.error.field.as_deref(), Some("record"));
}

#[tokio::test]
async fn timelines_of_small_and_unlinked_conversations() {
    let server = TestServer::start().await;
    let small = walk(&server, "/api/v1/conversations/4/timeline?limit=3").await;
    assert_eq!(small.len(), 10);

    let empty: TimelinePage = server.json("/api/v1/conversations/2/timeline").await;
    assert_eq!(empty.record, None);
    assert!(empty.records.is_empty() && empty.items.is_empty());
    assert_eq!(empty.next_cursor, None);

    let account: TimelinePage = server.json("/api/v1/conversations/3/timeline").await;
    let record = account.record.expect("the account");
    assert_eq!(record.kind, RecordKind::Account);
    assert_eq!(account.records, [record]);
}

// ---- Errors --------------------------------------------------------------

#[tokio::test]
async fn unknown_ids_are_404_json() {
    let server = TestServer::start().await;
    for (path, message) in [
        ("/api/v1/conversations/999", "Conversation 999 not found"),
        (
            "/api/v1/conversations/999/timeline",
            "Conversation 999 not found",
        ),
        ("/api/v1/contacts/5000", "Contact 5000 not found"),
        ("/api/v1/accounts/999", "Account 999 not found"),
        ("/api/v1/cases/99999", "Case 99999 not found"),
        (
            "/api/v1/records/case/99999/timeline",
            "Case 99999 not found",
        ),
    ] {
        let error = server.error(path, StatusCode::NOT_FOUND).await;
        assert_eq!(error.error.code, "not_found");
        assert_eq!(error.error.message, message);
    }
}

#[tokio::test]
async fn malformed_ids_are_400_json_naming_the_id() {
    let server = TestServer::start().await;
    for path in [
        "/api/v1/conversations/abc",
        "/api/v1/conversations/-1",
        "/api/v1/conversations/0",
        "/api/v1/contacts/1.5",
        "/api/v1/cases/%2B7",
    ] {
        let error = server.error(path, StatusCode::BAD_REQUEST).await;
        assert_eq!(error.error.code, "bad_parameter", "{path}");
        assert_eq!(error.error.field.as_deref(), Some("id"), "{path}");
    }
}

#[tokio::test]
async fn unknown_api_paths_and_methods_are_json_errors() {
    let server = TestServer::start().await;
    let error = server.error("/api/v1/nope", StatusCode::NOT_FOUND).await;
    assert_eq!(error.error.code, "not_found");
    let response = server
        .request(reqwest::Method::PUT, "/api/v1/conversations/1", None)
        .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(content_type(&response), "application/json");
}

// ---- Contract, seed, app, headers ----------------------------------------

/// The committed contract is the one the server generates from its routes
/// and the model's types. After changing either, write the new one with
/// `UPDATE_CONTRACT=1 cargo test -p customer-summary-server --test api contract`.
#[test]
fn the_committed_contract_is_the_generated_one() {
    let committed_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/openapi.json");
    let generated = customer_summary_server::api_contract();
    if std::env::var_os("UPDATE_CONTRACT").is_some() {
        std::fs::write(committed_path, generated).expect("docs/openapi.json written");
    }
    let committed = std::fs::read_to_string(committed_path).expect("docs/openapi.json");
    assert!(
        committed == generated,
        "docs/openapi.json differs from the contract the code makes: run \
         UPDATE_CONTRACT=1 cargo test -p customer-summary-server --test api contract, \
         and read the difference before committing it"
    );
}

/// A method the API could be asked for.
const METHODS: [reqwest::Method; 5] = [
    reqwest::Method::GET,
    reqwest::Method::PUT,
    reqwest::Method::POST,
    reqwest::Method::DELETE,
    reqwest::Method::PATCH,
];

#[tokio::test]
async fn the_served_contract_documents_exactly_the_served_operations() {
    let server = TestServer::start().await;
    let served = server.get("/api/v1/openapi.json").await;
    assert_eq!(content_type(&served), "application/json");
    let text = served.text().await.expect("the contract");
    assert_eq!(text, customer_summary_server::api_contract());
    let document: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert!(document["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    let paths = document["paths"].as_object().expect("paths");
    assert!(paths.len() >= 26, "{} paths", paths.len());
    for (path, operations) in paths {
        let concrete = path.replace("{id}", "1").replace("{kind}", "contact");
        for method in METHODS {
            let name = method.as_str().to_ascii_lowercase();
            let documented = operations.get(&name).is_some();
            let mut request = server
                .client()
                .request(method.clone(), format!("{}/api/v1{concrete}", server.base));
            if path.starts_with("/intake/") {
                request = request.bearer_auth(CHANNEL_KEY);
            }
            let response = request.send().await.expect("request sent");
            let status = response.status();
            if documented {
                assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                // An event stream's body never ends: only a 404's is read.
                if status == StatusCode::NOT_FOUND {
                    let body = response.text().await.unwrap_or_default();
                    assert!(
                        !body.contains("No API route"),
                        "{method} {path} is not served"
                    );
                }
            } else {
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is served but not documented"
                );
            }
        }
    }
    assert!(document["components"]["schemas"]["ErrorBody"].is_object());
    let mut refs = Vec::new();
    collect_refs(&document, &mut refs);
    for reference in refs {
        let pointer = reference.strip_prefix('#').expect("a local $ref");
        assert!(document.pointer(pointer).is_some(), "{reference} resolves");
    }
}

/// Every `$ref` in `value`.
fn collect_refs(value: &serde_json::Value, refs: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value.as_str()) {
                    ("$ref", Some(reference)) => refs.push(reference.to_owned()),
                    _ => collect_refs(value, refs),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_refs(item, refs)),
        _ => {}
    }
}

#[tokio::test]
async fn the_seed_has_the_promised_size() {
    let server = TestServer::start().await;
    assert!(server.count("SELECT count(*) FROM contacts").await >= 200);
    assert!(server.count("SELECT count(*) FROM accounts").await >= 50);
    assert!(server.count("SELECT count(*) FROM cases").await >= 500);
    assert_eq!(server.count("SELECT count(*) FROM conversations").await, 30);
    let contact_one =
        "SELECT count(*) FROM timeline_items WHERE record_kind = 'contact' AND record_id = 1";
    assert_eq!(server.count(contact_one).await, 10_000);
    let inactive = server
        .count("SELECT count(*) FROM contacts WHERE NOT active")
        .await;
    assert!((5..=20).contains(&inactive), "{inactive} inactive contacts");
}

#[tokio::test]
async fn reopening_a_database_keeps_its_data_and_does_not_reseed() {
    let database = TestDatabase::empty().await;
    let counts = || async {
        drop(open_store(&database.database).await.expect("opens"));
        let db = database.connect().await;
        let counts = [
            db.count("SELECT count(*) FROM contacts").await,
            db.count("SELECT count(*) FROM cases").await,
            db.count("SELECT count(*) FROM timeline_items").await,
            db.count("SELECT max(started_at) FROM conversations").await,
        ];
        db.close().await;
        counts
    };
    let first = counts().await;
    let second = counts().await;
    assert_eq!(first, second);
    assert_eq!(first[0], 200);
}

#[tokio::test]
async fn the_app_is_served_with_an_spa_fallback_beside_the_api() {
    let app = tempfile::TempDir::new().expect("app directory");
    let index = "<!doctype html><title>Customer Summary test</title>";
    std::fs::write(app.path().join("index.html"), index).expect("index.html");
    std::fs::write(app.path().join("app.js"), "console.log(1)").expect("app.js");
    let server = TestServer::start_with(Some(app.path()), Vec::new()).await;

    // The app's own routes (such as a conversation of the inbox) and any
    // other path outside /api get the app with its policy.
    for path in [
        "/",
        "/anything",
        "/deep/link?conversation=1",
        "/conversations/5",
        "/some/unknown/path",
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        assert_eq!(response.headers()["referrer-policy"], "no-referrer");
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .expect("ASCII");
        assert!(policy.contains("script-src 'self'"), "{path}: {policy}");
        assert_eq!(response.text().await.expect("body"), index, "{path}");
    }
    let script = server.get("/app.js").await;
    assert_eq!(script.text().await.expect("body"), "console.log(1)");
    let response = server.get("/api/v1/nope").await;
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
    let error = server.error("/api/v1/nope", StatusCode::NOT_FOUND).await;
    assert_eq!(error.error.code, "not_found");
}

#[tokio::test]
async fn files_named_by_their_content_are_kept_for_good_and_the_page_is_asked_again() {
    let app = tempfile::TempDir::new().expect("app directory");
    std::fs::write(app.path().join("index.html"), "<!doctype html>").expect("index.html");
    let wasm = "customer-summary-0123456789abcdef_bg.wasm";
    std::fs::write(app.path().join(wasm), b"\0asm").expect("wasm");
    std::fs::write(app.path().join("scoped.css"), "p {}").expect("css");
    let server = TestServer::start_with(Some(app.path()), Vec::new()).await;
    let cache_control = |response: &reqwest::Response| {
        assert_eq!(response.status(), StatusCode::OK);
        response.headers()["cache-control"].to_owned()
    };
    let kept = cache_control(&server.get(&format!("/{wasm}")).await);
    assert_eq!(kept, "public, max-age=31536000, immutable");
    // A deploy changes what these hold under the same name: a page kept
    // would name the previous build's files.
    for path in ["/", "/index.html", "/conversations/3", "/scoped.css"] {
        assert_eq!(cache_control(&server.get(path).await), "no-cache", "{path}");
    }
    // A file of another build: the page answered in its place is not kept
    // under its name.
    let gone = server
        .get("/customer-summary-fedcba9876543210_bg.wasm")
        .await;
    assert_eq!(cache_control(&gone), "no-cache");
    assert_eq!(cache_control(&server.get("/config.json").await), "no-store");
}

#[tokio::test]
async fn built_files_go_compressed_to_browsers_that_accept_it() {
    let app = tempfile::TempDir::new().expect("app directory");
    let wasm = app.path().join("app_bg.wasm");
    std::fs::write(app.path().join("index.html"), "<!doctype html>").expect("index.html");
    std::fs::write(&wasm, b"\0asm raw").expect("wasm");
    std::fs::write(wasm.with_extension("wasm.br"), b"brotli bytes").expect("br");
    std::fs::write(wasm.with_extension("wasm.gz"), b"gzip bytes").expect("gz");
    let server = TestServer::start_with(Some(app.path()), Vec::new()).await;

    let fetch = |accept: &'static str| {
        server
            .client()
            .get(format!("{}/app_bg.wasm", server.base))
            .header("accept-encoding", accept)
            .send()
    };
    for (accept, encoding, body) in [
        ("gzip, deflate, br", Some("br"), &b"brotli bytes"[..]),
        ("gzip", Some("gzip"), b"gzip bytes"),
        ("identity", None, b"\0asm raw"),
    ] {
        let response = fetch(accept).await.expect("request sent");
        assert_eq!(response.status(), StatusCode::OK, "{accept}");
        assert_eq!(
            response.headers()["content-type"],
            "application/wasm",
            "{accept}"
        );
        assert_eq!(
            response
                .headers()
                .get("content-encoding")
                .map(|value| value.to_str().expect("ASCII")),
            encoding,
            "{accept}"
        );
        assert_eq!(&response.bytes().await.expect("body")[..], body, "{accept}");
    }
}

#[tokio::test]
async fn only_configured_console_origins_get_cors_headers() {
    let server = TestServer::start_with(None, vec!["https://console.example"]).await;
    let allowed = server
        .request(
            reqwest::Method::GET,
            "/api/v1/conversations",
            Some("https://console.example"),
        )
        .await;
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://console.example"
    );
    let other = server
        .request(
            reqwest::Method::GET,
            "/api/v1/conversations",
            Some("https://evil.example"),
        )
        .await;
    assert!(other.headers().get("access-control-allow-origin").is_none());
    assert_eq!(other.headers()["x-content-type-options"], "nosniff");
}
