//! The intake API against the real server: a channel opens a chat with
//! what it knows and feeds it over time, the summary shows all of it, an
//! agent accepts it (a second cannot), and once it is closed the channel
//! is refused. Bodies over each limit, and the wrong credentials, are
//! refused with a clear error, and nothing of them is stored.

mod support;

use customer_summary_model::{
    AnswerKind, Channel, ContextVariable, Conversation, ConversationStatus, ErrorBody,
    IntakeReceipt, JourneyItem, JourneyKind, NewConversation, PreChatAnswer, SelfServiceAdded,
    VisitorDetails,
};
use customer_summary_server::AuthMode;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde_json::json;
use support::sse::EventStream;
use support::{expect, expect_bad_parameter, Options, TestServer, CHANNEL_KEY};

const OPEN: &str = "/api/v1/intake/conversations";

/// The agents of the tokens-mode server.
const ANA: &str = "ana-token";
const BEN: &str = "ben-token";

async fn server() -> TestServer {
    TestServer::launch(Options {
        auth: AuthMode::Tokens,
        static_tokens: vec![("Ana Lima", ANA), ("Ben Carter", BEN)],
        ..Options::default()
    })
    .await
}

/// `method path` with `body`, presenting `credential` as the bearer token.
async fn call(
    server: &TestServer,
    method: Method,
    path: &str,
    credential: &str,
    body: &impl Serialize,
    key: Option<&str>,
) -> reqwest::Response {
    let authorization = format!("Bearer {credential}");
    let mut headers = vec![("authorization", authorization.as_str())];
    if let Some(key) = key {
        headers.push(("idempotency-key", key));
    }
    server.send(method, path, body, &headers).await
}

/// `POST path` with `body` as the test channel.
async fn channel_post(server: &TestServer, path: &str, body: &impl Serialize) -> reqwest::Response {
    call(server, Method::POST, path, CHANNEL_KEY, body, None).await
}

/// The path that adds to conversation `id`'s self-service trail.
fn self_service(id: i64) -> String {
    format!("/api/v1/intake/conversations/{id}/self-service")
}

async fn agent_get<T: serde::de::DeserializeOwned>(server: &TestServer, path: &str) -> T {
    expect(server.get_with_token(path, ANA).await, StatusCode::OK).await
}

fn item(type_code: i64, title: &str, url: Option<&str>, at: i64) -> JourneyItem {
    JourneyItem {
        type_code,
        title: title.to_owned(),
        url: url.map(str::to_owned),
        at,
    }
}

fn variable(name: &str, value: &str, displayable: bool) -> ContextVariable {
    ContextVariable {
        name: name.to_owned(),
        value: value.to_owned(),
        displayable,
    }
}

/// A web chat as a widget opens it: a pre-chat survey that names a seeded
/// customer, the portal pages seen so far, the browser, and context.
fn chat() -> NewConversation {
    let answer = |question: &str, answer: &str, kind| PreChatAnswer {
        question: question.to_owned(),
        answer: Some(answer.to_owned()),
        kind,
    };
    NewConversation {
        channel: Channel::Chat,
        title: Some("Refund for a damaged blender".to_owned()),
        queue: Some("Returns".to_owned()),
        skills: vec!["English".to_owned(), "Refunds".to_owned()],
        pre_chat: vec![
            answer("Name", "Zoë Lefèvre", AnswerKind::SingleLine),
            answer(
                "How can we help?",
                "It arrived <b>broken</b>",
                AnswerKind::MultiLine,
            ),
            answer("I agree to the terms", "true", AnswerKind::Consent),
        ],
        self_service: vec![item(
            JourneyKind::PAGE_VIEW,
            "Order history",
            Some("https://shop.example/orders"),
            1_000,
        )],
        visitor: VisitorDetails {
            authenticated: true,
            browser: Some("Firefox 133".to_owned()),
            os: Some("Ubuntu".to_owned()),
            location: Some("Leeds, UK".to_owned()),
            language: Some("en-GB".to_owned()),
        },
        context: vec![
            variable("Order", "SO-4417", true),
            variable("Session id", "8f2c-internal", false),
        ],
    }
}

async fn open(server: &TestServer, form: &NewConversation) -> i64 {
    let receipt: IntakeReceipt =
        expect(channel_post(server, OPEN, form).await, StatusCode::CREATED).await;
    assert_eq!(receipt.status, ConversationStatus::Waiting);
    receipt.id
}

#[tokio::test]
async fn a_chat_arrives_is_fed_accepted_once_and_closed_then_refuses_intake() {
    let server = server().await;
    let id = open(&server, &chat()).await;
    let path = format!("/api/v1/conversations/{id}");
    let mut events = EventStream::of(server.get_with_token(&format!("{path}/events"), BEN).await);
    // Read once before the changes below, which must show all the same
    // (the server keeps the summary it read: store/summaries.rs).
    let opened: Conversation = agent_get(&server, &path).await;
    assert_eq!(opened.self_service.len(), 1);
    assert_eq!(opened.context.len(), 1);
    assert_eq!(opened.visitor.browser.as_deref(), Some("Firefox 133"));

    // The trail goes on while the customer waits; the page hears of it.
    let batch = json!({ "items": [
        item(JourneyKind::SEARCH, "blender warranty", None, 2_000),
        item(JourneyKind::CUSTOM_ACTION, "Started a return", Some("https://shop.example/returns/new"), 3_000),
    ]});
    let added: SelfServiceAdded = expect(
        channel_post(&server, &self_service(id), &batch).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(added.added, 2);
    let event = events.next().await;
    assert_eq!(event.event, "conversation_updated");
    assert_eq!(
        event.data["by"],
        json!({"id": "channel:test-channel", "name": "test-channel"})
    );
    let update = json!({
        "visitor": { "authenticated": true, "browser": "Firefox 134", "location": "York, UK" },
        "context": [
            variable("Order", "SO-4418", true),
            variable("Cart value", "£89.00", true),
        ],
    });
    let updated: IntakeReceipt = expect(
        call(
            &server,
            Method::PATCH,
            &format!("/api/v1/intake/conversations/{id}"),
            CHANNEL_KEY,
            &update,
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(updated.status, ConversationStatus::Waiting);
    assert_eq!(events.next().await.event, "conversation_updated");

    let summary: Conversation = agent_get(&server, &path).await;
    assert_eq!(summary.title, "Refund for a damaged blender");
    assert_eq!(summary.channel, Channel::Chat);
    assert_eq!(summary.status, ConversationStatus::Waiting);
    assert_eq!(summary.queue.as_deref(), Some("Returns"));
    assert_eq!(summary.skills, ["English", "Refunds"]);
    assert_eq!(summary.pre_chat, chat().pre_chat);
    let titles: Vec<&str> = summary
        .self_service
        .iter()
        .map(|i| i.title.as_str())
        .collect();
    assert_eq!(
        titles,
        ["Started a return", "blender warranty", "Order history"],
        "newest first"
    );
    assert_eq!(summary.visitor.browser.as_deref(), Some("Firefox 134"));
    assert_eq!(
        summary.visitor.language, None,
        "the visitor's details are replaced whole"
    );
    let context: Vec<(&str, &str)> = summary
        .context
        .iter()
        .map(|c| (c.name.as_str(), c.value.as_str()))
        .collect();
    assert_eq!(
        context,
        [("Order", "SO-4418"), ("Cart value", "£89.00")],
        "hidden ones are not shown"
    );
    assert_eq!(summary.accepted_at, None);

    // Ana accepts: the waiting time stops, she holds it, and recognition
    // has linked the customer the pre-chat named.
    let accepted: Conversation = expect(
        call(
            &server,
            Method::POST,
            &format!("{path}/accept"),
            ANA,
            &json!(null),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(accepted.status, ConversationStatus::Active);
    assert_eq!(
        accepted.accepted_by.map(|a| a.name).as_deref(),
        Some("Ana Lima")
    );
    assert!(accepted.accepted_at.is_some());
    assert!(accepted.links.customer.is_some(), "Zoë Lefèvre recognised");
    let taken: ErrorBody = expect(
        call(
            &server,
            Method::POST,
            &format!("{path}/accept"),
            BEN,
            &json!(null),
            None,
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(
        taken.error.message,
        "Ana Lima has accepted this conversation already"
    );

    // Closed, it takes nothing more from the channel.
    let closed = call(
        &server,
        Method::POST,
        &format!("{path}/close"),
        ANA,
        &json!(null),
        None,
    )
    .await;
    assert_eq!(closed.status(), StatusCode::OK);
    let refused: ErrorBody = expect(
        call(
            &server,
            Method::PATCH,
            &format!("/api/v1/intake/conversations/{id}"),
            CHANNEL_KEY,
            &update,
            None,
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(refused.error.code, "conversation_closed");
    let refused: ErrorBody = expect(
        channel_post(&server, &self_service(id), &batch).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(refused.error.code, "conversation_closed");
    let after: Conversation = agent_get(&server, &path).await;
    assert_eq!(after.self_service.len(), 3);
    assert_eq!(after.status, ConversationStatus::Closed);
}

#[tokio::test]
async fn opening_and_adding_are_idempotent_with_one_key() {
    let server = server().await;
    let before = server.count("SELECT count(*) FROM conversations").await;
    let first = call(
        &server,
        Method::POST,
        OPEN,
        CHANNEL_KEY,
        &chat(),
        Some("chat-77"),
    )
    .await;
    let first: IntakeReceipt = expect(first, StatusCode::CREATED).await;
    let again = call(
        &server,
        Method::POST,
        OPEN,
        CHANNEL_KEY,
        &chat(),
        Some("chat-77"),
    )
    .await;
    assert_eq!(
        expect::<IntakeReceipt>(again, StatusCode::CREATED).await,
        first
    );
    assert_eq!(
        server.count("SELECT count(*) FROM conversations").await,
        before + 1
    );

    let mut other = chat();
    other.title = Some("Another chat".to_owned());
    let reused = call(
        &server,
        Method::POST,
        OPEN,
        CHANNEL_KEY,
        &other,
        Some("chat-77"),
    )
    .await;
    let reused: ErrorBody = expect(reused, StatusCode::CONFLICT).await;
    assert_eq!(reused.error.code, "idempotency_conflict");

    let path = self_service(first.id);
    let batch = json!({ "items": [item(JourneyKind::KB_ARTICLE, "Returns policy", None, 5)] });
    for _ in 0..2 {
        let sent = call(
            &server,
            Method::POST,
            &path,
            CHANNEL_KEY,
            &batch,
            Some("batch-1"),
        )
        .await;
        assert_eq!(sent.status(), StatusCode::CREATED);
    }
    let summary: Conversation =
        agent_get(&server, &format!("/api/v1/conversations/{}", first.id)).await;
    assert_eq!(
        summary.self_service.len(),
        2,
        "the batch once, after the first page"
    );
}

/// Each body breaks one limit; `field` is the one its 400 names.
fn over_the_limits() -> Vec<(&'static str, serde_json::Value)> {
    let base = || serde_json::to_value(chat()).expect("JSON");
    let with = |key: &str, value: serde_json::Value| {
        let mut body = base();
        body[key] = value;
        body
    };
    let question =
        |text: String| json!({ "question": text, "answer": null, "kind": "single_line" });
    vec![
        (
            "pre_chat",
            with(
                "pre_chat",
                json!((0..11)
                    .map(|i| question(format!("Q{i}")))
                    .collect::<Vec<_>>()),
            ),
        ),
        (
            "pre_chat[0].question",
            with("pre_chat", json!([question("q".repeat(513))])),
        ),
        (
            "pre_chat[0].answer",
            with(
                "pre_chat",
                json!([{ "question": "Q", "answer": "a".repeat(4_001), "kind": "multi_line" }]),
            ),
        ),
        (
            "context",
            with(
                "context",
                json!((0..101)
                    .map(|i| variable(&format!("v{i}"), "x", false))
                    .collect::<Vec<_>>()),
            ),
        ),
        (
            "context[0].name",
            with("context", json!([variable(&"n".repeat(101), "x", true)])),
        ),
        (
            "context[0].value",
            with(
                "context",
                json!([variable("Note", &"x".repeat(4_001), true)]),
            ),
        ),
        (
            "self_service[0].type_code",
            with("self_service", json!([item(192_350_999, "Odd", None, 1)])),
        ),
        (
            "self_service[0].title",
            with(
                "self_service",
                json!([item(JourneyKind::PAGE_VIEW, &"t".repeat(601), None, 1)]),
            ),
        ),
        (
            "self_service[0].url",
            with(
                "self_service",
                json!([item(
                    JourneyKind::PAGE_VIEW,
                    "Home",
                    Some(&format!("https://shop.example/{}", "p".repeat(1_000))),
                    1
                )]),
            ),
        ),
        (
            "self_service[0].url",
            with(
                "self_service",
                json!([item(
                    JourneyKind::PAGE_VIEW,
                    "Home",
                    Some("javascript:alert(1)"),
                    1
                )]),
            ),
        ),
    ]
}

#[tokio::test]
async fn a_body_over_any_limit_is_refused_naming_its_field_and_nothing_is_stored() {
    let server = server().await;
    let counts =
        "SELECT (SELECT count(*) FROM conversations) + (SELECT count(*) FROM journey_items)
        + (SELECT count(*) FROM context_items) + (SELECT count(*) FROM prechat_answers)";
    let before = server.count(counts).await;
    for (field, body) in over_the_limits() {
        expect_bad_parameter(channel_post(&server, OPEN, &body).await, field).await;
    }
    // 257 KB of otherwise valid context.
    let mut huge = serde_json::to_value(chat()).expect("JSON");
    huge["context"] = json!((0..66)
        .map(|i| variable(&format!("v{i}"), &"x".repeat(4_000), false))
        .collect::<Vec<_>>());
    let refused: ErrorBody = expect(
        channel_post(&server, OPEN, &huge).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    assert_eq!(refused.error.code, "payload_too_large");
    assert!(refused.error.message.contains("256 KB"), "{refused:?}");
    let typo = json!({ "channel": "chat", "prechat": [] });
    let refused: ErrorBody = expect(
        channel_post(&server, OPEN, &typo).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert!(refused.error.message.contains("prechat"), "{refused:?}");

    // An update that would make 101 variables is refused whole.
    let id = open(&server, &chat()).await;
    let opened = server.count(counts).await;
    let patch = json!({ "context": (0..99).map(|i| variable(&format!("more {i}"), "x", false)).collect::<Vec<_>>() });
    let path = format!("/api/v1/intake/conversations/{id}");
    expect_bad_parameter(
        call(&server, Method::PATCH, &path, CHANNEL_KEY, &patch, None).await,
        "context",
    )
    .await;
    assert_eq!(server.count(counts).await, opened);
    assert!(opened > before);
    let summary: Conversation = agent_get(&server, &format!("/api/v1/conversations/{id}")).await;
    assert_eq!(summary.context.len(), 1);

    // A conversation keeps 1,000 self-service actions: the batch that
    // would make 1,001 is refused whole.
    let batch = |size: usize| json!({ "items": (0..size).map(|i| item(JourneyKind::PAGE_VIEW, &format!("Page {i}"), None, 1)).collect::<Vec<_>>() });
    expect_bad_parameter(
        channel_post(&server, &self_service(id), &batch(101)).await,
        "items",
    )
    .await;
    for _ in 0..9 {
        let added = channel_post(&server, &self_service(id), &batch(100)).await;
        assert_eq!(added.status(), StatusCode::CREATED);
    }
    let last = channel_post(&server, &self_service(id), &batch(100)).await;
    expect_bad_parameter(last, "items").await;
    let summary: Conversation = agent_get(&server, &format!("/api/v1/conversations/{id}")).await;
    assert_eq!(summary.self_service.len(), 901);
}

#[tokio::test]
async fn only_a_channel_key_opens_intake_and_it_opens_nothing_else() {
    let server = server().await;
    let before = server.count("SELECT count(*) FROM conversations").await;
    let missing = server.post(OPEN, &chat()).await;
    let missing: ErrorBody = expect(missing, StatusCode::UNAUTHORIZED).await;
    assert_eq!(
        missing.error.message,
        "A channel key is required (Authorization: Bearer <key>)"
    );
    let wrong = call(
        &server,
        Method::POST,
        OPEN,
        "test-channel-key-0123456789abcdeF",
        &chat(),
        None,
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let agent = call(&server, Method::POST, OPEN, ANA, &chat(), None).await;
    let agent: ErrorBody = expect(agent, StatusCode::FORBIDDEN).await;
    assert!(agent.error.message.contains("agent's token"), "{agent:?}");
    assert_eq!(
        server.count("SELECT count(*) FROM conversations").await,
        before
    );

    for path in [
        "/api/v1/conversations/1",
        "/api/v1/conversations/1/timeline",
        "/api/v1/me",
    ] {
        let summary = server.get_with_token(path, CHANNEL_KEY).await;
        let summary: ErrorBody = expect(summary, StatusCode::FORBIDDEN).await;
        assert_eq!(summary.error.code, "forbidden", "{path}");
    }
}

#[tokio::test]
async fn a_channel_key_is_needed_in_open_mode_too() {
    let server = TestServer::start().await;
    assert_eq!(
        server.post(OPEN, &chat()).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let id = open(&server, &chat()).await;
    // Anyone is the demo agent in open mode, but not with a channel key.
    let forbidden = server
        .get_with_token(&format!("/api/v1/conversations/{id}"), CHANNEL_KEY)
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
}
