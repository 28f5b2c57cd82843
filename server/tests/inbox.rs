//! The conversations list as the agents' inbox, against the real server:
//! a conversation a channel opens waits in it with its queue, moves to the
//! active ones with the agent who accepted it, names its linked customer;
//! the `status` filter; and the conditional GET every agent polls with
//! (`ETag`, `If-None-Match`, 304), also from a console's origin.

mod support;

use customer_summary_model::{
    Account, Contact, ConversationListItem, ConversationStatus, CustomerKind, CustomerRef,
    IntakeReceipt,
};
use customer_summary_server::AuthMode;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde_json::json;
use support::{expect, expect_bad_parameter, header, now_millis, Options, TestServer, CHANNEL_KEY};

const INBOX: &str = "/api/v1/conversations";

/// The agent of the tokens-mode server.
const ANA: &str = "ana-token";

const CONSOLE: &str = "https://console.example";

async fn server() -> TestServer {
    TestServer::launch(Options {
        auth: AuthMode::Tokens,
        static_tokens: vec![("Ana Lima", ANA)],
        origins: vec![CONSOLE],
        ..Options::default()
    })
    .await
}

/// `method path` with `body`, as Ana.
async fn as_ana(
    server: &TestServer,
    method: Method,
    path: &str,
    body: &impl Serialize,
) -> reqwest::Response {
    let authorization = format!("Bearer {ANA}");
    server
        .send(method, path, body, &[("authorization", &authorization)])
        .await
}

/// `GET /conversations?status=<statuses>` as Ana, with `If-None-Match:
/// <held>` when given.
async fn poll(server: &TestServer, statuses: &str, held: Option<&str>) -> reqwest::Response {
    let mut request = server
        .client()
        .get(format!("{}{INBOX}?status={statuses}", server.base))
        .bearer_auth(ANA);
    if let Some(held) = held {
        request = request.header("if-none-match", held);
    }
    request.send().await.expect("request sent")
}

/// The inbox of `statuses`, asserting 200.
async fn inbox(server: &TestServer, statuses: &str) -> Vec<ConversationListItem> {
    expect(poll(server, statuses, None).await, StatusCode::OK).await
}

/// The item of conversation `id` in `list`, if it is there.
fn find(list: &[ConversationListItem], id: i64) -> Option<&ConversationListItem> {
    list.iter().find(|item| item.id == id)
}

/// Opens an SMS conversation in `queue` through the intake API.
async fn open(server: &TestServer, queue: &str) -> i64 {
    let form = json!({ "channel": "sms", "title": "Card declined", "queue": queue });
    let response = server
        .send(
            Method::POST,
            "/api/v1/intake/conversations",
            &form,
            &[("authorization", &format!("Bearer {CHANNEL_KEY}"))],
        )
        .await;
    let receipt: IntakeReceipt = expect(response, StatusCode::CREATED).await;
    receipt.id
}

async fn accept(server: &TestServer, id: i64) {
    let path = format!("{INBOX}/{id}/accept");
    let response = as_ana(server, Method::POST, &path, &json!(null)).await;
    assert_eq!(response.status(), StatusCode::OK);
}

fn is_by_id(list: &[ConversationListItem]) -> bool {
    list.windows(2).all(|pair| pair[0].id < pair[1].id)
}

#[tokio::test]
async fn an_opened_conversation_waits_in_the_inbox_until_an_agent_accepts_it() {
    let server = server().await;
    let before = now_millis();
    let id = open(&server, "Billing").await;
    let after = now_millis();

    let waiting = inbox(&server, "waiting").await;
    assert!(is_by_id(&waiting));
    assert!(waiting
        .iter()
        .all(|item| item.status == ConversationStatus::Waiting));
    let item = find(&waiting, id).expect("the new conversation waits");
    assert_eq!(item.title, "Card declined");
    assert_eq!(item.queue.as_deref(), Some("Billing"));
    assert!(
        (before..=after).contains(&item.wait_started_at),
        "{before} <= {} <= {after}",
        item.wait_started_at
    );
    assert_eq!(item.accepted_at, None);
    assert_eq!(item.accepted_by, None);
    assert_eq!(item.customer, None);
    assert!(find(&inbox(&server, "active").await, id).is_none());

    accept(&server, id).await;
    assert!(find(&inbox(&server, "waiting").await, id).is_none());
    let active = inbox(&server, "active").await;
    assert!(active
        .iter()
        .all(|item| item.status == ConversationStatus::Active));
    let item = find(&active, id).expect("accepted, it is active");
    assert_eq!(
        item.accepted_by.as_ref().map(|agent| agent.name.as_str()),
        Some("Ana Lima")
    );
    let accepted_at = item.accepted_at.expect("accepted_at set");
    assert!(accepted_at >= item.wait_started_at, "{item:?}");
    assert_eq!(item.queue.as_deref(), Some("Billing"));

    let open_ones = inbox(&server, "waiting,active").await;
    assert!(is_by_id(&open_ones));
    assert_eq!(find(&open_ones, id), Some(item));
    assert!(open_ones
        .iter()
        .all(|item| item.status != ConversationStatus::Closed));
}

#[tokio::test]
async fn the_inbox_names_the_linked_contact_or_account() {
    let server = server().await;
    let seeded = inbox(&server, "active").await;
    let first = find(&seeded, 1).expect("conversation 1 is active");
    assert_eq!(first.customer.as_deref(), Some("Zoë Lefèvre"));

    let id = open(&server, "Returns").await;
    let customer = format!("{INBOX}/{id}/customer");
    let contact: Contact = expect(
        server.get_with_token("/api/v1/contacts/1", ANA).await,
        StatusCode::OK,
    )
    .await;
    let link = |kind, id| CustomerRef { kind, id };
    let linked = as_ana(
        &server,
        Method::PUT,
        &customer,
        &link(CustomerKind::Contact, 1),
    )
    .await;
    assert_eq!(linked.status(), StatusCode::OK);
    let item = find(&inbox(&server, "waiting").await, id).cloned();
    assert_eq!(
        item.and_then(|item| item.customer),
        Some(contact.full_name.clone())
    );

    let account: Account = expect(
        server.get_with_token("/api/v1/accounts/1", ANA).await,
        StatusCode::OK,
    )
    .await;
    assert_ne!(account.name, contact.full_name);
    let linked = as_ana(
        &server,
        Method::PUT,
        &customer,
        &link(CustomerKind::Account, 1),
    )
    .await;
    assert_eq!(linked.status(), StatusCode::OK);
    let item = find(&inbox(&server, "waiting").await, id).cloned();
    assert_eq!(item.and_then(|item| item.customer), Some(account.name));

    let unlinked = as_ana(&server, Method::DELETE, &customer, &json!(null)).await;
    assert_eq!(unlinked.status(), StatusCode::NO_CONTENT);
    let item = find(&inbox(&server, "waiting").await, id).cloned();
    assert_eq!(item.expect("still waiting").customer, None);
}

#[tokio::test]
async fn the_status_filter_takes_waiting_active_and_closed_only() {
    let server = server().await;
    for bad in ["bogus", "waiting,bogus", "Waiting", "waiting,", "open"] {
        let error = expect_bad_parameter(poll(&server, bad, None).await, "status").await;
        assert!(
            error
                .error
                .message
                .contains("a comma-separated list of waiting, active, closed"),
            "{bad}: {}",
            error.error.message
        );
    }

    let id = open(&server, "Billing").await;
    let close = format!("{INBOX}/{id}/close");
    let closed = as_ana(&server, Method::POST, &close, &json!(null)).await;
    assert_eq!(closed.status(), StatusCode::OK);
    let closed = inbox(&server, "closed").await;
    assert!(find(&closed, id).is_some(), "{closed:?}");
    assert!(closed
        .iter()
        .all(|item| item.status == ConversationStatus::Closed));
    assert!(find(&inbox(&server, "waiting,active").await, id).is_none());

    // Without a status, or with an empty one, the list has them all.
    let all: Vec<ConversationListItem> =
        expect(server.get_with_token(INBOX, ANA).await, StatusCode::OK).await;
    assert!(is_by_id(&all));
    assert_eq!(inbox(&server, "").await, all);
    let mut every = inbox(&server, "closed,waiting,active").await;
    assert_eq!(every, all);
    every.retain(|item| item.id == id);
    assert_eq!(every.len(), 1);
}

#[tokio::test]
async fn a_poll_with_the_current_etag_is_304_until_the_list_changes() {
    let server = server().await;
    let first = poll(&server, "waiting,active", None).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(header(&first, "cache-control"), "no-cache");
    let tag = header(&first, "etag").to_owned();
    assert!(
        tag.starts_with('"') && tag.ends_with('"') && tag.len() > 2,
        "a strong tag: {tag}"
    );
    let body: Vec<ConversationListItem> = first.json().await.expect("JSON");

    let again = poll(&server, "waiting,active", Some(&tag)).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&again, "etag"), tag);
    assert_eq!(header(&again, "cache-control"), "no-cache");
    assert!(again.bytes().await.expect("body").is_empty());
    for held in [
        format!("\"other\", {tag}"),
        format!("W/{tag}"),
        "*".to_owned(),
    ] {
        let response = poll(&server, "waiting,active", Some(&held)).await;
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{held}");
    }
    let other = poll(&server, "waiting,active", Some("\"other\"")).await;
    assert_eq!(other.status(), StatusCode::OK);
    assert_eq!(header(&other, "etag"), tag, "the same list, the same tag");
    let closed = poll(&server, "closed", Some(&tag)).await;
    assert_eq!(closed.status(), StatusCode::OK, "another list");

    // A channel opens a conversation: the poll gets the new list.
    let id = open(&server, "Billing").await;
    let changed = poll(&server, "waiting,active", Some(&tag)).await;
    assert_eq!(changed.status(), StatusCode::OK);
    let opened = header(&changed, "etag").to_owned();
    assert_ne!(opened, tag);
    let list: Vec<ConversationListItem> = changed.json().await.expect("JSON");
    assert_eq!(list.len(), body.len() + 1);
    assert!(find(&list, id).is_some());

    // An agent accepts it: the list changes again.
    let unchanged = poll(&server, "waiting,active", Some(&opened)).await;
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    accept(&server, id).await;
    let changed = poll(&server, "waiting,active", Some(&opened)).await;
    assert_eq!(changed.status(), StatusCode::OK);
    let accepted = header(&changed, "etag").to_owned();
    assert_ne!(accepted, opened);
    assert_ne!(accepted, tag);
}

#[tokio::test]
async fn a_console_origin_may_send_if_none_match_and_read_the_etag() {
    let server = server().await;
    let preflight = server
        .client()
        .request(Method::OPTIONS, format!("{}{INBOX}", server.base))
        .header("origin", CONSOLE)
        .header("access-control-request-method", "GET")
        .header(
            "access-control-request-headers",
            "authorization,if-none-match",
        )
        .send()
        .await
        .expect("preflight sent");
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let allowed = header(&preflight, "access-control-allow-headers").to_ascii_lowercase();
    assert!(
        allowed.split(',').any(|h| h.trim() == "if-none-match"),
        "{allowed}"
    );

    let response = server
        .client()
        .get(format!("{}{INBOX}?status=waiting", server.base))
        .bearer_auth(ANA)
        .header("origin", CONSOLE)
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "access-control-allow-origin"), CONSOLE);
    let exposed = header(&response, "access-control-expose-headers").to_ascii_lowercase();
    assert!(exposed.split(',').any(|h| h.trim() == "etag"), "{exposed}");
}
