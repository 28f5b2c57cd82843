//! Writes as a client sees them: linking customers and cases, creating
//! contacts, accounts and cases, request-body errors, and idempotency
//! under retries and concurrency. Notes are in `notes.rs`.

mod support;

use std::collections::HashSet;

use customer_summary_model::{
    Case, CaseLink, CaseStatus, Customer, CustomerKind, CustomerRef, ErrorBody, LinkedCase,
    LinkedCustomer, Links, NewAccount, NewCase, NewContact, Priority, RecentCases, RecordKind,
    TimelinePage,
};
use futures::future::join_all;
use reqwest::{Method, StatusCode};
use support::{content_type, expect, expect_bad_parameter, TestServer};

const CONTACT_ONE: CustomerRef = CustomerRef {
    kind: CustomerKind::Contact,
    id: 1,
};

fn contact(id: i64) -> CustomerRef {
    CustomerRef {
        kind: CustomerKind::Contact,
        id,
    }
}

/// A 400 `bad_request` (field null) whose message starts with `start`.
async fn expect_bad_request(response: reqwest::Response, start: &str) {
    assert_eq!(content_type(&response), "application/json");
    let error: ErrorBody = expect(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(error.error.code, "bad_request", "{error:?}");
    assert_eq!(error.error.field, None);
    assert!(error.error.message.starts_with(start), "{error:?}");
}

// ---- Linking -------------------------------------------------------------

#[tokio::test]
async fn linking_a_customer_is_followed_by_every_linked_view() {
    let server = TestServer::start().await;
    let links: Links = expect(
        server
            .put("/api/v1/conversations/2/customer", &CONTACT_ONE)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        links,
        Links {
            customer: Some(CONTACT_ONE),
            case_id: None
        }
    );
    let linked: LinkedCustomer = server.json("/api/v1/conversations/2/customer").await;
    assert_eq!(linked.customer.map(|c| c.reference()), Some(CONTACT_ONE));
    let recent: RecentCases = server.json("/api/v1/conversations/2/recent-cases").await;
    assert_eq!(recent.customer, Some(CONTACT_ONE));
    assert_eq!(recent.cases.len(), 4);
    let timeline: TimelinePage = server.json("/api/v1/conversations/2/timeline").await;
    let record = timeline.record.expect("the contact's timeline");
    assert_eq!((record.kind, record.id), (RecordKind::Contact, 1));
    assert_eq!(timeline.items.len(), 10);

    // Another customer replaces the first; the case link stays as it is.
    let account = CustomerRef {
        kind: CustomerKind::Account,
        id: 3,
    };
    let links: Links = expect(
        server
            .put("/api/v1/conversations/1/customer", &account)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        links,
        Links {
            customer: Some(account),
            case_id: Some(1)
        }
    );
    let recent: RecentCases = server.json("/api/v1/conversations/1/recent-cases").await;
    assert!(recent.cases.iter().all(|case| case.customer == account));
}

#[tokio::test]
async fn only_existing_active_customers_can_be_linked() {
    let server = TestServer::start().await;
    let path = "/api/v1/conversations/2/customer";
    for (customer, message) in [
        (contact(20), "Contact 20 is not active"),
        (contact(5000), "Contact 5000 not found"),
        (
            CustomerRef {
                kind: CustomerKind::Account,
                id: 16,
            },
            "Account 16 is not active",
        ),
    ] {
        let error = expect_bad_parameter(server.put(path, &customer).await, "customer").await;
        assert_eq!(error.error.message, message);
    }
    let linked: LinkedCustomer = server.json("/api/v1/conversations/2/customer").await;
    assert_eq!(linked.customer, None, "nothing was linked");
    let missing = server
        .put("/api/v1/conversations/999/customer", &CONTACT_ONE)
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bodies_that_are_not_the_expected_json_are_400_saying_why() {
    let server = TestServer::start().await;
    let path = "/api/v1/conversations/2/customer";
    let json = "application/json";
    for (content_type, body, start) in [
        (
            json,
            "{\"kind\":\"contact\",",
            "The body is not valid JSON: ",
        ),
        (json, "", "The body is not valid JSON: "),
        (
            json,
            "{\"kind\":\"robot\",\"id\":1}",
            "The body does not have the expected fields: ",
        ),
        (
            json,
            "{\"kind\":\"contact\"}",
            "The body does not have the expected fields: ",
        ),
        (
            "text/plain",
            "{\"kind\":\"contact\",\"id\":1}",
            "The body must be JSON",
        ),
        (
            "application/x-www-form-urlencoded",
            "kind=contact&id=1",
            "The body must be JSON",
        ),
    ] {
        let response = server.send_raw(Method::PUT, path, content_type, body).await;
        expect_bad_request(response, start).await;
    }
    let response = server
        .send_raw(
            Method::POST,
            "/api/v1/records/contact/1/notes",
            json,
            "[1, 2]",
        )
        .await;
    expect_bad_request(response, "The body does not have the expected fields: ").await;
    let accepted = server
        .send_raw(
            Method::PUT,
            path,
            "application/json; charset=utf-8",
            "{\"kind\":\"contact\",\"id\":1}",
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_case_of_any_status_can_be_linked_and_unknown_ones_cannot() {
    let server = TestServer::start().await;
    let resolved: Case = server.json("/api/v1/cases/5").await;
    assert_eq!(resolved.status, CaseStatus::Resolved);
    let links: Links = expect(
        server
            .put("/api/v1/conversations/1/case", &CaseLink { id: 5 })
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        links,
        Links {
            customer: Some(CONTACT_ONE),
            case_id: Some(5)
        }
    );
    let linked: LinkedCase = server.json("/api/v1/conversations/1/case").await;
    assert_eq!(linked.case, Some(resolved));
    let timeline: TimelinePage = server
        .json("/api/v1/conversations/1/timeline?record=case")
        .await;
    assert_eq!(timeline.record.map(|r| r.id), Some(5));

    let response = server
        .put("/api/v1/conversations/1/case", &CaseLink { id: 99_999 })
        .await;
    let error = expect_bad_parameter(response, "case").await;
    assert_eq!(error.error.message, "Case 99999 not found");
    let response = server
        .put("/api/v1/conversations/999/case", &CaseLink { id: 1 })
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

// ---- Creating contacts and accounts --------------------------------------

/// Strings that must come back byte for byte.
const EMOJI: &str = "Zoë 👩🏽‍💻 Ümit";
const RTL: &str = "ليلى حداد";
const HTML: &str = "<img src=x onerror=alert(1)> & \"quotes\" 'n' \\back";

#[tokio::test]
async fn a_created_contact_is_linked_and_stored_byte_for_byte() {
    let server = TestServer::start().await;
    let form = NewContact {
        first_name: Some(EMOJI.into()),
        last_name: format!("  {RTL}  "),
        job_title: Some(HTML.into()),
        email: Some("layla+test@example.com".into()),
        mobile_phone: Some("+20 (2) 555-0100".into()),
        business_phone: Some("".into()),
        city: Some(" \t ".into()),
        country: Some(" Egypt ".into()),
    };
    let created: Customer = expect(
        server.post("/api/v1/conversations/2/contacts", &form).await,
        StatusCode::CREATED,
    )
    .await;
    let Customer::Contact(contact) = &created else {
        panic!("a contact: {created:?}");
    };
    assert!(contact.active);
    assert_eq!(contact.first_name.as_deref(), Some(EMOJI));
    assert_eq!(contact.last_name, format!("  {RTL}  "), "nothing trimmed");
    assert_eq!(contact.full_name, format!("{EMOJI}   {RTL}  "));
    assert_eq!(contact.job_title.as_deref(), Some(HTML));
    assert_eq!(contact.mobile_phone.as_deref(), Some("+20 (2) 555-0100"));
    assert_eq!(contact.business_phone, None, "empty becomes null");
    assert_eq!(contact.city, None, "blank becomes null");
    assert_eq!(contact.country.as_deref(), Some(" Egypt "));
    assert_eq!(
        (contact.account_id, contact.company.as_deref()),
        (None, None)
    );

    let linked: LinkedCustomer = server.json("/api/v1/conversations/2/customer").await;
    assert_eq!(linked.customer.as_ref(), Some(&created));
    let by_id: customer_summary_model::Contact = server
        .json(&format!("/api/v1/contacts/{}", contact.id))
        .await;
    assert_eq!(Customer::Contact(by_id), created);
    let found: Vec<Customer> = expect(
        server
            .get_with("/api/v1/customers", &[("q", "202555")])
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(found.contains(&created), "found by its phone digits");

    // Contacts and accounts accept an Idempotency-Key too.
    let path = "/api/v1/conversations/3/contacts";
    let first = server.post_once(path, &form, "contact-key").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = first.text().await.expect("body");
    let retry = server.post_once(path, &form, "contact-key").await;
    assert_eq!(retry.text().await.expect("body"), first);
    assert_eq!(server.count("SELECT count(*) FROM contacts").await, 202);
}

#[tokio::test]
async fn an_invalid_contact_is_400_naming_the_first_field_at_fault() {
    let server = TestServer::start().await;
    let path = "/api/v1/conversations/2/contacts";
    let valid = NewContact {
        last_name: "Campbell".into(),
        ..NewContact::default()
    };
    for (form, field) in [
        (
            NewContact {
                last_name: " ".into(),
                email: Some("maria@".into()),
                ..valid.clone()
            },
            "last_name",
        ),
        (
            NewContact {
                email: Some("maria@".into()),
                mobile_phone: Some("call me".into()),
                ..valid.clone()
            },
            "email",
        ),
        (
            NewContact {
                mobile_phone: Some("call me".into()),
                ..valid.clone()
            },
            "mobile_phone",
        ),
        (
            NewContact {
                first_name: Some("x".repeat(201)),
                ..valid.clone()
            },
            "first_name",
        ),
    ] {
        let error = expect_bad_parameter(server.post(path, &form).await, field).await;
        let expected = form.validate().remove(0).message;
        assert_eq!(error.error.message, expected);
    }
    assert_eq!(server.count("SELECT count(*) FROM contacts").await, 200);
    let missing = server
        .post("/api/v1/conversations/999/contacts", &valid)
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        server.count("SELECT count(*) FROM contacts").await,
        200,
        "rolled back"
    );
}

#[tokio::test]
async fn a_created_account_is_linked_and_keeps_the_case_link() {
    let server = TestServer::start().await;
    let form = NewAccount {
        name: format!("{HTML} {EMOJI}"),
        account_number: Some("ACC-99001".into()),
        email: Some("info@fabrikam.example".into()),
        main_phone: Some("+44 20 7946 0958".into()),
        city: Some(RTL.into()),
        country: None,
    };
    let created: Customer = expect(
        server.post("/api/v1/conversations/1/accounts", &form).await,
        StatusCode::CREATED,
    )
    .await;
    let Customer::Account(account) = &created else {
        panic!("an account: {created:?}");
    };
    assert!(account.active);
    assert_eq!(account.name, form.name);
    assert_eq!(account.city.as_deref(), Some(RTL));
    assert_eq!(account.primary_contact_id, None);
    let conversation: customer_summary_model::Conversation =
        server.json("/api/v1/conversations/1").await;
    assert_eq!(conversation.links.customer, Some(created.reference()));
    assert_eq!(conversation.links.case_id, Some(1));

    let error = expect_bad_parameter(
        server
            .post(
                "/api/v1/conversations/2/accounts",
                &NewAccount {
                    name: "  ".into(),
                    ..form.clone()
                },
            )
            .await,
        "name",
    )
    .await;
    assert_eq!(error.error.message, "An account needs a name.");
    let error = expect_bad_parameter(
        server.post("/api/v1/conversations/2/accounts", &form).await,
        "account_number",
    )
    .await;
    assert!(error.error.message.contains("ACC-99001"), "{error:?}");
}

// ---- Creating cases ------------------------------------------------------

fn new_case(title: &str) -> NewCase {
    NewCase {
        title: title.into(),
        priority: Priority::High,
        description: Some(format!("{EMOJI}\n{RTL}\n{HTML}")),
    }
}

#[tokio::test]
async fn a_case_is_created_for_the_linked_customer_and_linked() {
    let server = TestServer::start().await;
    let before: RecentCases = server.json("/api/v1/conversations/1/recent-cases").await;
    let form = new_case("Espresso machine leaks <again>");
    let case: Case = expect(
        server.post("/api/v1/conversations/1/cases", &form).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(case.title, form.title);
    assert_eq!(case.description, form.description);
    assert_eq!(
        (case.priority, case.status, case.owner.name.as_str()),
        (Priority::High, CaseStatus::InProgress, "Demo agent")
    );
    assert_eq!(case.created_by, case.owner);
    assert_eq!(case.customer, CONTACT_ONE);
    assert_eq!(case.customer_name, "Zoë Lefèvre");
    let number = case.ticket_number.as_bytes();
    assert!(
        case.ticket_number
            .starts_with(&format!("CAS-{:05}-", 1000 + case.id))
            && number.len() == 14
            && number[10..]
                .iter()
                .all(|b| b.is_ascii_uppercase() || (b'2'..=b'9').contains(b)),
        "{}",
        case.ticket_number
    );

    let linked: LinkedCase = server.json("/api/v1/conversations/1/case").await;
    assert_eq!(linked.case.as_ref(), Some(&case));
    let after: RecentCases = server.json("/api/v1/conversations/1/recent-cases").await;
    assert_eq!(after.cases[0], case, "newest first");
    assert_eq!(after.cases[1..], before.cases[..3]);
    let found: Vec<Case> = expect(
        server.get_with("/api/v1/cases", &[("q", "leaks")]).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found, [case], "indexed for search at once");
}

#[tokio::test]
async fn a_case_needs_an_active_linked_customer_and_a_title() {
    let server = TestServer::start().await;
    let response = server
        .post("/api/v1/conversations/2/cases", &new_case("Help"))
        .await;
    let error = expect_bad_parameter(response, "customer").await;
    assert_eq!(
        error.error.message,
        "Link a customer before creating a case."
    );

    // Link an inactive contact behind the API's back.
    server
        .db
        .execute(
            "UPDATE conversations SET customer_kind = 'contact', customer_id = 20 WHERE id = 2",
            &[],
        )
        .await;
    let response = server
        .post("/api/v1/conversations/2/cases", &new_case("Help"))
        .await;
    let error = expect_bad_parameter(response, "customer").await;
    assert_eq!(error.error.message, "Contact 20 is not active");

    let response = server
        .post("/api/v1/conversations/1/cases", &new_case(" "))
        .await;
    expect_bad_parameter(response, "title").await;
    let missing = server
        .post("/api/v1/conversations/999/cases", &new_case("Help"))
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(server.count("SELECT count(*) FROM cases").await, 500);
}

#[tokio::test]
async fn a_retried_case_with_the_same_key_is_created_once() {
    let server = TestServer::start().await;
    let path = "/api/v1/conversations/1/cases";
    let form = new_case("Grinder makes a noise");
    let first = server.post_once(path, &form, "case-key-1").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = first.text().await.expect("body");
    let again = server.post_once(path, &form, "case-key-1").await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(content_type(&again), "application/json");
    assert_eq!(again.text().await.expect("body"), first, "the same body");
    assert_eq!(server.count("SELECT count(*) FROM cases").await, 501);

    let other = server
        .post_once(path, &new_case("Something else"), "case-key-1")
        .await;
    assert_eq!(content_type(&other), "application/json");
    let error: ErrorBody = expect(other, StatusCode::CONFLICT).await;
    assert_eq!(error.error.code, "idempotency_conflict");
    assert_eq!(error.error.field, None);
    let elsewhere = server
        .post_once("/api/v1/conversations/4/cases", &form, "case-key-1")
        .await;
    assert_eq!(
        elsewhere.status(),
        StatusCode::CONFLICT,
        "same body, other conversation"
    );

    let without_key = server.post(path, &form).await;
    assert_eq!(without_key.status(), StatusCode::CREATED);
    let without_key = server.post(path, &form).await;
    assert_eq!(without_key.status(), StatusCode::CREATED);
    assert_eq!(server.count("SELECT count(*) FROM cases").await, 503);

    let long = "k".repeat(201);
    let error = expect_bad_parameter(
        server.post_once(path, &form, &long).await,
        "Idempotency-Key",
    )
    .await;
    assert!(error.error.message.contains("200"), "{error:?}");
    let longest = "k".repeat(200);
    assert_eq!(
        server.post_once(path, &form, &longest).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_key_is_honoured_for_a_week_then_forgotten() {
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    let server = TestServer::start().await;
    let path = "/api/v1/conversations/1/cases";
    let form = new_case("Kettle leaks");
    let db = &server.db;
    let age_keys = |days: i64| async move {
        db.execute(
            "UPDATE idempotency_keys SET created_at = created_at - $1",
            &[days * DAY_MS],
        )
        .await;
    };
    let first = server.post_once(path, &form, "week-key").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = first.text().await.expect("body");

    age_keys(6).await; // six days later
    let replayed = server.post_once(path, &form, "week-key").await;
    assert_eq!(replayed.text().await.expect("body"), first, "kept 6 days");
    assert_eq!(server.count("SELECT count(*) FROM cases").await, 501);

    age_keys(2).await; // eight days later
    let created = server.post_once(path, &form, "week-key").await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_ne!(created.text().await.expect("body"), first, "forgotten");
    assert_eq!(server.count("SELECT count(*) FROM cases").await, 502);

    age_keys(8).await; // another eight days later
    let other = server.post_once(path, &new_case("Lid"), "other-key").await;
    assert_eq!(other.status(), StatusCode::CREATED);
    assert_eq!(
        server
            .count("SELECT count(*) FROM idempotency_keys WHERE key = 'week-key'")
            .await,
        0,
        "an expired key is deleted when another is stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_concurrent_requests_with_one_key_create_one_case() {
    let server = TestServer::start().await;
    let form = new_case("Racing retries");
    let requests = (0..10).map(|_| async {
        let response = server
            .post_once("/api/v1/conversations/1/cases", &form, "race-key")
            .await;
        (response.status(), response.text().await.expect("body"))
    });
    let responses = join_all(requests).await;
    let bodies: HashSet<&String> = responses.iter().map(|(_, body)| body).collect();
    assert!(
        responses
            .iter()
            .all(|(status, _)| *status == StatusCode::CREATED),
        "{responses:?}"
    );
    assert_eq!(bodies.len(), 1, "identical bodies");
    assert_eq!(
        server
            .count("SELECT count(*) FROM cases WHERE title = 'Racing retries'")
            .await,
        1
    );
}

#[tokio::test]
async fn cases_created_at_once_get_ids_and_ticket_numbers_no_other_case_has() {
    let server = TestServer::start().await;
    let path = "/api/v1/conversations/1/cases";
    let creates = (0..24).map(|i| {
        let form = new_case(&format!("Concurrent {i}"));
        let server = &server;
        async move { expect::<Case>(server.post(path, &form).await, StatusCode::CREATED).await }
    });
    let cases = join_all(creates).await;
    let ids: HashSet<i64> = cases.iter().map(|case| case.id).collect();
    let tickets: HashSet<&str> = cases
        .iter()
        .map(|case| case.ticket_number.as_str())
        .collect();
    assert_eq!((ids.len(), tickets.len()), (24, 24), "{cases:?}");
    assert!(
        ids.iter().all(|id| *id > 500),
        "new ids follow the seed's: {ids:?}"
    );
    assert_eq!(server.count("SELECT count(*) FROM cases").await, 524);
}
