//! The live event streams against the real server: every change to what a
//! summary shows arrives on its conversation's stream, in order, with the
//! agent who made it; a stream resumes from `Last-Event-ID` and replays
//! what the log holds; a stalled reader holds up no writer; each agent
//! has a bounded number of streams; bad requests fail before streaming.

mod support;

use std::time::Duration;

use customer_summary_model::{
    Actor, CaseLink, Conversation, ConversationStatus, ErrorBody, Links, LiveEvent, NewNote,
    StatusChanged,
};
use customer_summary_server::AuthMode;
use reqwest::StatusCode;
use support::sse::{EventStream, Message};
use support::{expect, Options, TestServer};

const EVENTS: &str = "/api/v1/conversations/1/events";

/// Opens conversation `path`'s stream, resuming after `last` when given.
async fn open(server: &TestServer, path: &str, last: Option<i64>) -> reqwest::Response {
    let mut request = server.client().get(format!("{}{path}", server.base));
    if let Some(last) = last {
        request = request.header("last-event-id", last.to_string());
    }
    request.send().await.expect("request sent")
}

async fn stream(server: &TestServer, last: Option<i64>) -> EventStream {
    EventStream::of(open(server, EVENTS, last).await)
}

async fn summary(server: &TestServer) -> Conversation {
    server.json("/api/v1/conversations/1").await
}

/// Adds a note with `text` to conversation 1's customer.
async fn add_note(server: &TestServer, text: &str) {
    let customer = summary(server).await.links.customer.expect("a customer");
    let path = format!(
        "/api/v1/records/{}/{}/notes",
        customer.kind.as_str(),
        customer.id
    );
    let note = NewNote {
        title: None,
        text: text.to_owned(),
    };
    let response = server.post(&path, &note).await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

async fn link_case(server: &TestServer, id: i64) -> Links {
    let response = server
        .put("/api/v1/conversations/1/case", &CaseLink { id })
        .await;
    expect(response, StatusCode::OK).await
}

fn note_text(message: &Message) -> &str {
    message.data["item"]["body"]
        .as_str()
        .expect("a note's body")
}

#[tokio::test]
async fn each_change_arrives_in_order_with_who_made_it() {
    let server = TestServer::start().await;
    let start = summary(&server).await.event_seq;
    let mut events = stream(&server, None).await;

    let links = link_case(&server, 2).await;
    add_note(&server, "Called back about the refund").await;

    let linked = events.next().await;
    assert_eq!(linked.event, "links_changed");
    assert_eq!(linked.id, start + 1);
    assert_eq!(linked.data["type"], "links_changed");
    assert_eq!(linked.data["links"]["case_id"], 2);
    assert_eq!(
        serde_json::from_value::<Links>(linked.data["links"].clone()).expect("links"),
        links
    );
    assert_eq!(linked.data["by"]["name"], "Demo agent");

    let noted = events.next().await;
    assert_eq!(noted.event, "note_added");
    assert_eq!(noted.id, start + 2);
    assert_eq!(note_text(&noted), "Called back about the refund");
    assert_eq!(noted.data["item"]["author"]["id"], "demo");

    assert_eq!(summary(&server).await.event_seq, start + 2);
}

#[tokio::test]
async fn a_stream_resumes_after_last_event_id_and_replays_what_it_missed() {
    let server = TestServer::start().await;
    let start = summary(&server).await.event_seq;
    for text in ["first", "second", "third"] {
        add_note(&server, text).await;
    }

    let mut all = stream(&server, Some(start)).await;
    for (n, text) in ["first", "second", "third"].into_iter().enumerate() {
        let message = all.next().await;
        assert_eq!(
            (message.id, note_text(&message)),
            (start + 1 + n as i64, text)
        );
    }
    let mut rest = stream(&server, Some(start + 2)).await;
    let message = rest.next().await;
    assert_eq!((message.id, note_text(&message)), (start + 3, "third"));

    // Without Last-Event-ID, from now on: nothing old is sent again.
    let mut live = stream(&server, None).await;
    assert!(live.next_within(Duration::from_millis(300)).await.is_none());
    add_note(&server, "fourth").await;
    assert_eq!(note_text(&live.next().await), "fourth");

    // The `after` parameter does what the header does, for clients that
    // cannot set it.
    let after = format!("{EVENTS}?after={}", start + 3);
    let mut by_query = EventStream::of(open(&server, &after, None).await);
    assert_eq!(note_text(&by_query.next().await), "fourth");
}

#[tokio::test]
async fn a_stream_from_before_the_log_is_told_to_reload() {
    let server = TestServer::start().await;
    let start = summary(&server).await.event_seq;
    add_note(&server, "forgotten").await;
    add_note(&server, "kept").await;
    // As the retention would: the oldest event is gone.
    server
        .db
        .execute(
            "DELETE FROM events WHERE conversation_id = 1 AND seq = $1",
            &[start + 1],
        )
        .await;
    let mut events = stream(&server, Some(start)).await;
    let reload = events.next().await;
    assert_eq!((reload.event.as_str(), reload.id), ("reload", start + 2));

    // A number past the log's end (another database's) reloads too.
    let mut ahead = stream(&server, Some(start + 1000)).await;
    let reload = ahead.next().await;
    assert_eq!((reload.event.as_str(), reload.id), ("reload", start + 2));
}

#[tokio::test]
async fn bad_requests_fail_with_json_before_anything_streams() {
    let server = TestServer::start().await;
    let missing = open(&server, "/api/v1/conversations/999/events", None).await;
    let body: ErrorBody = expect(missing, StatusCode::NOT_FOUND).await;
    assert_eq!(body.error.code, "not_found");
    for bad in ["-1", "x", "1.5"] {
        let response = server
            .client()
            .get(format!("{}{EVENTS}", server.base))
            .header("last-event-id", bad)
            .send()
            .await
            .expect("sent");
        let body: ErrorBody = expect(response, StatusCode::BAD_REQUEST).await;
        assert_eq!(body.error.field.as_deref(), Some("Last-Event-ID"), "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_reader_holds_up_no_writer_and_loses_nothing() {
    let server = TestServer::start().await;
    let start = summary(&server).await.event_seq;
    // Opened and never read while the notes are written.
    let mut stalled = stream(&server, None).await;
    let long = "x".repeat(4000);
    let writes = async {
        for n in 0..200 {
            add_note(&server, &format!("{n} {long}")).await;
        }
    };
    // A hang guard, not a timing: 200 notes take a second or two.
    tokio::time::timeout(Duration::from_secs(60), writes)
        .await
        .expect("the writes finish while the reader stalls");
    for n in 0..200 {
        let message = stalled.next().await;
        assert_eq!(message.id, start + 1 + n);
        assert!(note_text(&message).starts_with(&format!("{n} ")));
    }
}

#[tokio::test]
async fn an_agent_has_at_most_eight_streams_open() {
    let server = TestServer::launch(Options {
        auth: AuthMode::Tokens,
        static_tokens: vec![("Ana Lima", "ana-token"), ("Ben Carter", "ben-token")],
        ..Options::default()
    })
    .await;
    let mut open = Vec::new();
    for _ in 0..8 {
        open.push(EventStream::of(
            server.get_with_token(EVENTS, "ana-token").await,
        ));
    }
    let ninth = server.get_with_token(EVENTS, "ana-token").await;
    let body: ErrorBody = expect(ninth, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(body.error.code, "too_many_streams");
    EventStream::of(server.get_with_token(EVENTS, "ben-token").await);
}

#[tokio::test]
async fn events_older_than_the_log_keeps_are_forgotten() {
    let database = support::TestDatabase::seeded().await;
    let store = customer_summary_server::open_store(&database.database)
        .await
        .expect("opens");
    let db = database.connect().await;
    let now = support::now_seconds() * 1000;
    let hour = 60 * 60 * 1000;
    for (seq, at) in [(1, now - 2 * hour), (2, now - 29 * 60 * 1000), (3, now)] {
        db.execute(
            "INSERT INTO events (conversation_id, seq, data, at) VALUES (1, $1, '{\"type\":\"reload\"}', $2)",
            &[seq, at],
        )
        .await;
    }
    assert_eq!(store.prune_events().await.expect("pruned"), 1);
    assert_eq!(
        db.count("SELECT count(*) FROM events WHERE conversation_id = 1")
            .await,
        2,
        "half an hour is kept"
    );
}

// ---- Presence and expiry -------------------------------------------------

async fn jwt_server() -> TestServer {
    TestServer::launch(Options {
        auth: AuthMode::Jwt,
        ..Options::default()
    })
    .await
}

/// A JWT for agent `sub` named `name`, valid for `seconds`.
fn token_for(sub: &str, name: &str, seconds: i64) -> String {
    let claims = serde_json::json!({
        "sub": sub, "name": name, "aud": "customer-summary",
        "exp": support::now_seconds() + seconds,
    });
    support::jwt(
        &serde_json::json!({"alg": "HS256"}),
        &claims,
        support::JWT_SECRET,
    )
}

async fn stream_as(server: &TestServer, path: &str, token: &str) -> EventStream {
    EventStream::of(server.get_with_token(path, token).await)
}

/// The viewers a `presence` message names, as (id, here).
fn viewers(message: &Message) -> Vec<(String, bool)> {
    assert_eq!(message.event, "presence", "{message:?}");
    let viewers = message.data["viewers"].as_array().expect("viewers");
    viewers
        .iter()
        .map(|viewer| {
            let id = viewer["agent"]["id"].as_str().expect("an agent id");
            (id.to_owned(), viewer["here"].as_bool().expect("here"))
        })
        .collect()
}

#[tokio::test]
async fn presence_shows_who_else_has_the_conversation_or_its_customer_open() {
    let server = jwt_server().await;
    let ana = token_for("u-ana", "Ana Lima", 300);
    let ben = token_for("u-ben", "Ben Carter", 300);
    let conversation: Conversation = expect(
        server.get_with_token("/api/v1/conversations/1", &ana).await,
        StatusCode::OK,
    )
    .await;
    let start = conversation.event_seq;
    let mut anas = stream_as(&server, EVENTS, &ana).await;

    let mut bens = stream_as(&server, EVENTS, &ben).await;
    let arrived = anas.next().await;
    assert_eq!(viewers(&arrived), [("u-ben".to_owned(), true)]);
    assert_eq!(arrived.data["viewers"][0]["agent"]["name"], "Ben Carter");
    // It does not move the resume point.
    assert_eq!(arrived.id, start);
    assert_eq!(viewers(&bens.next().await), [("u-ana".to_owned(), true)]);

    // The server sees Ben's stream closed when it next writes to it (a
    // keep-alive every 15 s at the latest), then Ana's stream is told.
    drop(bens);
    let left = anas.next_within(Duration::from_secs(25)).await;
    assert_eq!(viewers(&left.expect("Ben leaves within 25 s")), []);

    // Ben opens another conversation with conversation 1's customer.
    let customer = conversation.links.customer.expect("a customer");
    let authorization = format!("Bearer {ben}");
    let linked = server
        .send(
            reqwest::Method::PUT,
            "/api/v1/conversations/2/customer",
            &customer,
            &[("authorization", authorization.as_str())],
        )
        .await;
    assert_eq!(linked.status(), StatusCode::OK);
    let _elsewhere = stream_as(&server, "/api/v1/conversations/2/events", &ben).await;
    // Seen at Ana's stream's next look, within `RECHECK`.
    assert_eq!(viewers(&anas.next().await), [("u-ben".to_owned(), false)]);
}

#[tokio::test]
async fn a_stream_ends_when_its_token_expires_and_the_same_token_is_then_refused() {
    let server = jwt_server().await;
    // Expired 25 s ago: still inside the 30 s the server allows a clock.
    let late = token_for("u-ana", "Ana Lima", -25);
    let mut events = stream_as(&server, EVENTS, &late).await;
    // The leeway's end, then at most one `RECHECK` (5 s).
    assert!(events.ends_within(Duration::from_secs(12)).await);
    // Opened again with it, the stream is refused, so the client renews it
    // rather than reopening in a loop.
    let again = server.get_with_token(EVENTS, &late).await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    let long = token_for("u-ana", "Ana Lima", 300);
    let mut renewed = stream_as(&server, EVENTS, &long).await;
    assert!(!renewed.ends_within(Duration::from_secs(6)).await);
}

// ---- Accept and close ----------------------------------------------------

/// `POST path` as the agent of `token`.
async fn post_as(server: &TestServer, token: &str, path: &str) -> reqwest::Response {
    let authorization = format!("Bearer {token}");
    let headers = [("authorization", authorization.as_str())];
    server
        .send(
            reqwest::Method::POST,
            path,
            &serde_json::json!(null),
            &headers,
        )
        .await
}

#[tokio::test]
async fn accept_and_close_arrive_on_the_stream_and_a_second_agent_cannot_take_it() {
    let server = jwt_server().await;
    let ana = token_for("u-ana", "Ana Lima", 300);
    let ben = token_for("u-ben", "Ben Carter", 300);
    // Conversation 2 is a call still waiting.
    let mut bens = stream_as(&server, "/api/v1/conversations/2/events", &ben).await;

    let accepted: Conversation = expect(
        post_as(&server, &ana, "/api/v1/conversations/2/accept").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(accepted.status, ConversationStatus::Active);
    let ana_actor = Actor {
        id: "u-ana".into(),
        name: "Ana Lima".into(),
    };
    assert_eq!(accepted.accepted_by.as_ref(), Some(&ana_actor));
    let accepted_at = accepted.accepted_at.expect("the waiting time stops");
    let event = bens.next().await;
    assert_eq!(event.event, "status_changed");
    assert_eq!(
        serde_json::from_value::<LiveEvent>(event.data).expect("an event"),
        LiveEvent::StatusChanged(StatusChanged {
            status: ConversationStatus::Active,
            accepted_at: Some(accepted_at),
            accepted_by: Some(ana_actor.clone()),
            by: ana_actor.clone(),
            at: accepted_at,
        })
    );

    // Hers already: the same answer, and nothing new on the stream.
    let again: Conversation = expect(
        post_as(&server, &ana, "/api/v1/conversations/2/accept").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again.accepted_at, Some(accepted_at));
    // Ben cannot take it.
    let taken: ErrorBody = expect(
        post_as(&server, &ben, "/api/v1/conversations/2/accept").await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(taken.error.code, "already_accepted");
    assert_eq!(
        taken.error.message,
        "Ana Lima has accepted this conversation already"
    );

    // Anyone may close it; it stays Ana's, and then nobody accepts it.
    let closed: Conversation = expect(
        post_as(&server, &ben, "/api/v1/conversations/2/close").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed.status, ConversationStatus::Closed);
    let event = bens.next().await;
    assert_eq!(event.data["status"], "closed");
    assert_eq!(event.data["by"]["id"], "u-ben");
    assert_eq!(event.data["accepted_by"]["id"], "u-ana");
    let reopened: ErrorBody = expect(
        post_as(&server, &ana, "/api/v1/conversations/2/accept").await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(reopened.error.code, "conversation_closed");
    let unknown = post_as(&server, &ana, "/api/v1/conversations/999/close").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(bens.next_within(Duration::from_millis(500)).await.is_none());
}
