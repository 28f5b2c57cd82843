//! Recognition as a client sees it: the seeded conversations 5 to 8 match
//! one customer (twice), two, or nobody; it runs once per conversation.

mod support;

use customer_summary_model::{
    Case, Conversation, CustomerKind, ErrorBody, Links, RecentCases, Recognition,
    RecognitionOutcome,
};
use reqwest::{Method, StatusCode};
use support::{expect, TestServer};

async fn recognize(server: &TestServer, id: i64) -> Recognition {
    let response = server
        .request(
            Method::POST,
            &format!("/api/v1/conversations/{id}/recognition"),
            None,
        )
        .await;
    expect(response, StatusCode::OK).await
}

/// The pre-chat answer to `question`.
fn answer<'a>(conversation: &'a Conversation, question: &str) -> Option<&'a str> {
    conversation
        .pre_chat
        .iter()
        .find(|a| a.question == question)
        .and_then(|a| a.answer.as_deref())
}

/// Recognises conversation `id`, asserting that it links one active
/// contact and that contact's only active case; returns that case.
async fn assert_links_one_contact_and_its_case(server: &TestServer, id: i64) -> Case {
    let conversation: Conversation = server.json(&format!("/api/v1/conversations/{id}")).await;
    assert_eq!(conversation.links, Links::default(), "nothing linked yet");
    let recognition = recognize(server, id).await;
    assert_eq!(recognition.outcome, RecognitionOutcome::Linked);
    assert!(recognition.linked_now);
    let customer = recognition.links.customer.expect("a customer");
    assert_eq!(customer.kind, CustomerKind::Contact);
    let all: RecentCases = server
        .json(&format!(
            "/api/v1/customers/contact/{}/recent-cases?limit=50",
            customer.id
        ))
        .await;
    let active: Vec<&Case> = all.cases.iter().filter(|k| k.status.is_active()).collect();
    assert_eq!(active.len(), 1, "exactly one active case");
    assert_eq!(recognition.links.case_id, Some(active[0].id));
    if let Some(email) = answer(&conversation, "Email") {
        let contact: customer_summary_model::Contact = server
            .json(&format!("/api/v1/contacts/{}", customer.id))
            .await;
        assert_eq!(contact.email.as_deref(), Some(email));
    }

    let stored: Conversation = server.json(&format!("/api/v1/conversations/{id}")).await;
    assert_eq!(stored.links, recognition.links);
    let again = recognize(server, id).await;
    assert_eq!(again.outcome, RecognitionOutcome::Linked);
    assert!(!again.linked_now, "runs once");
    assert_eq!(again.links, recognition.links);
    active[0].clone()
}

#[tokio::test]
async fn conversations_five_and_six_link_one_contact_and_their_only_active_case() {
    let server = TestServer::start().await;
    assert_links_one_contact_and_its_case(&server, 5).await;
    let case = assert_links_one_contact_and_its_case(&server, 6).await;
    let six: Conversation = server.json("/api/v1/conversations/6").await;
    assert_eq!(
        answer(&six, "CaseNumber"),
        Some(case.ticket_number.as_str())
    );
}

#[tokio::test]
async fn several_matches_or_none_link_nothing() {
    let server = TestServer::start().await;
    let several = recognize(&server, 7).await;
    assert_eq!(several.outcome, RecognitionOutcome::Several);
    assert!(!several.linked_now);
    assert_eq!(several.links, Links::default());
    assert_eq!(
        several.outcome.message(),
        Some("One or more records found. Select a record or create new")
    );
    let none = recognize(&server, 8).await;
    assert_eq!(none.outcome, RecognitionOutcome::NoMatch);
    assert_eq!(none.links, Links::default());
    for id in [7, 8] {
        let conversation: Conversation = server.json(&format!("/api/v1/conversations/{id}")).await;
        assert_eq!(conversation.links, Links::default());
    }
    assert_eq!(recognize(&server, 7).await, several);
}

#[tokio::test]
async fn an_already_linked_conversation_is_left_alone() {
    let server = TestServer::start().await;
    let before: Conversation = server.json("/api/v1/conversations/1").await;
    let recognition = recognize(&server, 1).await;
    assert_eq!(recognition.outcome, RecognitionOutcome::AlreadyLinked);
    assert!(!recognition.linked_now);
    assert_eq!(recognition.links, before.links);
}

#[tokio::test]
async fn unlinking_after_recognition_does_not_relink() {
    let server = TestServer::start().await;
    let first = recognize(&server, 5).await;
    assert!(first.linked_now);
    for what in ["customer", "case"] {
        let response = server
            .request(
                Method::DELETE,
                &format!("/api/v1/conversations/5/{what}"),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }
    let again = recognize(&server, 5).await;
    assert_eq!(
        again.outcome,
        RecognitionOutcome::Linked,
        "the first outcome"
    );
    assert!(!again.linked_now);
    assert_eq!(again.links, Links::default());

    let missing = server
        .request(Method::POST, "/api/v1/conversations/999/recognition", None)
        .await;
    let error: ErrorBody = expect(missing, StatusCode::NOT_FOUND).await;
    assert_eq!(error.error.message, "Conversation 999 not found");
}

// Regression: the page runs recognition whenever it finds no customer
// linked, so unlinking a customer the pre-chat answers identify (conversation
// 10) used to link it straight back.
#[tokio::test]
async fn a_customer_unlinked_by_hand_is_never_recognised_back() {
    let server = TestServer::start().await;
    let response = server
        .request(Method::DELETE, "/api/v1/conversations/10/customer", None)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let recognition = recognize(&server, 10).await;
    assert_eq!(recognition.outcome, RecognitionOutcome::AlreadyLinked);
    assert!(!recognition.linked_now);
    assert_eq!(recognition.links.customer, None);
}
