//! A Server-Sent Events reader over a real HTTP response, for the tests
//! of the live event streams: it splits the body into messages and skips
//! comments (keep-alives).

use std::time::Duration;

/// How long a test waits for the next message before it fails.
const PATIENCE: Duration = Duration::from_secs(10);

/// One message of an event stream.
#[derive(Debug)]
pub struct Message {
    pub event: String,
    pub id: i64,
    pub data: serde_json::Value,
}

/// An open event stream.
pub struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

impl EventStream {
    /// The stream of `response`, which must be one (200,
    /// `text/event-stream`).
    pub fn of(response: reqwest::Response) -> Self {
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        assert_eq!(
            super::content_type(&response),
            "text/event-stream",
            "an event stream"
        );
        EventStream {
            response,
            buffer: String::new(),
        }
    }

    /// The next message; fails the test if none comes in time.
    pub async fn next(&mut self) -> Message {
        tokio::time::timeout(PATIENCE, self.read())
            .await
            .expect("an event within 10 s")
    }

    /// The next message if one comes within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<Message> {
        tokio::time::timeout(wait, self.read()).await.ok()
    }

    /// Whether the server ends the stream within `wait` (messages meanwhile
    /// are skipped).
    pub async fn ends_within(&mut self, wait: Duration) -> bool {
        let end = async {
            while let Some(_chunk) = self.response.chunk().await.expect("the stream reads") {}
        };
        tokio::time::timeout(wait, end).await.is_ok()
    }

    async fn read(&mut self) -> Message {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(message) = parse(&block) {
                    return message;
                }
                continue;
            }
            let chunk = self
                .response
                .chunk()
                .await
                .expect("the stream reads")
                .expect("the stream stays open");
            self.buffer
                .push_str(std::str::from_utf8(&chunk).expect("UTF-8"));
        }
    }
}

/// A message of `event:`, `id:` and `data:` lines; `None` for a comment.
fn parse(block: &str) -> Option<Message> {
    let (mut event, mut id, mut data) = (None, None, String::new());
    for line in block.lines() {
        if let Some(value) = line.strip_prefix("event:") {
            event = Some(value.trim().to_owned());
        } else if let Some(value) = line.strip_prefix("id:") {
            id = Some(value.trim().parse().expect("a numeric id"));
        } else if let Some(value) = line.strip_prefix("data:") {
            data.push_str(value.strip_prefix(' ').unwrap_or(value));
        }
    }
    Some(Message {
        event: event?,
        id: id.expect("every event has an id"),
        data: serde_json::from_str(&data).expect("JSON data"),
    })
}
