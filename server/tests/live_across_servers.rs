//! Live events with several real server processes on one database, as
//! behind a load balancer: a change made through one server reaches the
//! streams open on another, and a stream cut by a crashed server resumes
//! on another from `Last-Event-ID`, replaying what happened meanwhile
//! from the database's log; an agent viewing through one server is seen
//! through another, and gone once that server dies. On the backend under
//! test (`support::TestDatabase`).

mod support;

use std::time::{Duration, Instant};

use customer_summary_model::NewNote;
use customer_summary_server::Database;
use reqwest::{Client, StatusCode};
use support::sse::EventStream;
use support::{ServerProcess, TestDatabase};

const EVENTS: &str = "/api/v1/conversations/1/events";

/// Adds a note with `text` to contact 1, conversation 1's customer in
/// the seed, through the server at `base`.
async fn add_note(client: &Client, base: &str, text: &str) {
    let note = NewNote {
        title: None,
        text: text.to_owned(),
    };
    let response = client
        .post(format!("{base}/api/v1/records/contact/1/notes"))
        .json(&note)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::CREATED);
}

async fn open(client: &Client, base: &str, last: Option<i64>) -> EventStream {
    let mut request = client.get(format!("{base}{EVENTS}"));
    if let Some(last) = last {
        request = request.header("last-event-id", last.to_string());
    }
    EventStream::of(request.send().await.expect("sent"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_through_one_server_reaches_a_stream_on_another() {
    let database = TestDatabase::seeded().await;
    let first = ServerProcess::start(&database.database);
    let second = ServerProcess::start(&database.database);
    let client = Client::new();
    let mut on_second = open(&client, &second.base, None).await;

    for round in 0..2 {
        let text = format!("Through the first server, round {round}");
        let sent = Instant::now();
        add_note(&client, &first.base, &text).await;
        let message = on_second.next().await;
        assert_eq!(message.event, "note_added");
        assert_eq!(message.data["item"]["body"], text.as_str());
        if let Database::Postgres(_) = database.database {
            // Notified by the database at commit, not found by the idle
            // stream's next look at its log (every 5 s).
            assert!(
                sent.elapsed() < Duration::from_secs(4),
                "{:?}",
                sent.elapsed()
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_cut_by_a_crash_resumes_on_another_server_with_what_it_missed() {
    let database = TestDatabase::seeded().await;
    let mut crashing = ServerProcess::start(&database.database);
    let client = Client::new();
    let mut stream = open(&client, &crashing.base, None).await;
    add_note(&client, &crashing.base, "before the crash").await;
    let last = stream.next().await.id;

    crashing.kill();
    let other = ServerProcess::start(&database.database);
    add_note(&client, &other.base, "while the page was cut off").await;
    add_note(&client, &other.base, "and another").await;

    let mut resumed = open(&client, &other.base, Some(last)).await;
    for (n, text) in ["while the page was cut off", "and another"]
        .iter()
        .enumerate()
    {
        let message = resumed.next().await;
        assert_eq!(message.event, "note_added", "replayed, not a reload");
        assert_eq!(message.id, last + 1 + n as i64);
        assert_eq!(message.data["item"]["body"], *text);
    }
}

#[tokio::test]
async fn an_open_stream_does_not_hold_up_a_shutdown() {
    let database = TestDatabase::seeded().await;
    let mut server = ServerProcess::start(&database.database);
    let client = Client::new();
    let _stream = open(&client, &server.base, None).await;
    server.terminate();
    // Regression: an open stream was a request in flight, and held the
    // server for the whole grace period (10 s).
    assert!(
        server.exited_within(Duration::from_secs(5)).is_some(),
        "the stream ended with the shutdown"
    );
}

/// Opens conversation 1's stream on the server at `base` as `token`'s agent.
async fn open_as(client: &Client, base: &str, token: &str) -> EventStream {
    let request = client.get(format!("{base}{EVENTS}")).bearer_auth(token);
    EventStream::of(request.send().await.expect("sent"))
}

/// The agent ids a `presence` message names.
fn viewer_ids(message: &support::sse::Message) -> Vec<String> {
    assert_eq!(message.event, "presence", "{message:?}");
    let viewers = message.data["viewers"].as_array().expect("viewers");
    viewers
        .iter()
        .map(|viewer| viewer["agent"]["id"].as_str().expect("an id").to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_on_another_server_is_seen_and_is_gone_within_30_seconds_of_its_crash() {
    let database = TestDatabase::seeded().await;
    let tokens = [
        "--auth",
        "tokens",
        "--static-tokens",
        "Ana=ana-token,Ben=ben-token",
    ];
    let first = ServerProcess::start_with(&database.database, &tokens);
    let mut second = ServerProcess::start_with(&database.database, &tokens);
    let client = Client::new();
    let mut anas = open_as(&client, &first.base, "ana-token").await;

    let _bens = open_as(&client, &second.base, "ben-token").await;
    // Woken by the database on PostgreSQL; on SQLite at the stream's next
    // look at the database, within 5 s.
    assert_eq!(viewer_ids(&anas.next().await), ["Ben"]);

    // Ben's server dies without a word: his row is stale 20 s after its
    // last refresh, and Ana's stream looks every 5 s.
    let crashed = Instant::now();
    second.kill();
    let gone = anas.next_within(Duration::from_secs(30)).await;
    assert_eq!(
        viewer_ids(&gone.expect("Ben gone within 30 s")),
        Vec::<String>::new()
    );
    assert!(crashed.elapsed() < Duration::from_secs(30));
}
