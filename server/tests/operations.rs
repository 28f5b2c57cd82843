//! What running behind a load balancer needs, as a client and an operator
//! see it: a request id on every response and in its log line, metrics
//! in Prometheus' format, and a graceful stop on SIGTERM (real server
//! processes). On the backend under test.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use support::{ServerProcess, TestDatabase, TestServer};

/// Log output, shared with the subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn request_id(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("x-request-id")
        .expect("an X-Request-Id")
        .to_str()
        .expect("text")
        .to_owned()
}

// One thread: the server's tasks log to this thread's subscriber.
#[tokio::test(flavor = "current_thread")]
async fn every_response_has_a_request_id_and_its_log_line_shows_it() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = TestServer::start().await;

    let ok = server.get("/api/v1/conversations/1").await;
    let missing = server.get("/api/v1/conversations/999").await;
    let (ok_id, missing_id) = (request_id(&ok), request_id(&missing));
    assert_ne!(ok_id, missing_id, "each response its own id");
    let given = |id: &'static str| {
        server
            .client()
            .get(format!("{}/healthz", server.base))
            .header("x-request-id", id)
            .send()
    };
    let kept = given("lb-7f3a.42").await.expect("sent");
    assert_eq!(request_id(&kept), "lb-7f3a.42", "the balancer's id is kept");
    let replaced = given("two words\"quoted").await.expect("sent");
    assert!(
        !request_id(&replaced).contains(' '),
        "an id that is not plausible is replaced"
    );

    let logs = String::from_utf8_lossy(&captured.0.lock().expect("logs")).into_owned();
    for (id, status) in [(&ok_id, "200"), (&missing_id, "404")] {
        let line = logs
            .lines()
            .find(|line| line.contains(&format!("id={id}")) && line.contains("status="))
            .unwrap_or_else(|| panic!("no log line with id {id}:\n{logs}"));
        assert!(line.contains(&format!("status={status}")), "{line}");
    }
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status_in_prometheus_format() {
    let server = TestServer::start().await;
    for path in [
        "/api/v1/conversations/1",
        "/api/v1/conversations/2",
        "/api/v1/conversations/1",
        "/api/v1/conversations/999",
    ] {
        server.get(path).await;
    }
    let response = server.get("/metrics").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(support::content_type(&response).starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.expect("text");
    for line in [
        "cs_http_requests_total{route=\"/api/v1/conversations/{id}\",status=\"200\"} 3",
        "cs_http_requests_total{route=\"/api/v1/conversations/{id}\",status=\"404\"} 1",
        "# TYPE cs_http_request_duration_seconds histogram",
        "cs_http_request_duration_seconds_count 4",
        "cs_http_request_duration_seconds_bucket{le=\"+Inf\"} 4",
        "# TYPE cs_db_connections gauge",
        // Conversation 1's second read came from memory; 999 is no read.
        "cs_summaries_kept 2",
        "cs_summary_reads_total{result=\"hit\"} 1",
        "cs_summary_reads_total{result=\"miss\"} 2",
    ] {
        assert!(text.lines().any(|l| l == line), "no {line:?} in:\n{text}");
    }
    let in_use = text
        .lines()
        .find_map(|line| line.strip_prefix("cs_db_connections{state=\"in_use\"} "))
        .expect("connections in use");
    let open = text
        .lines()
        .find_map(|line| line.strip_prefix("cs_db_connections{state=\"open\"} "))
        .expect("open connections");
    let (in_use, open): (usize, usize) = (in_use.parse().unwrap(), open.parse().unwrap());
    assert!(open >= 1 && in_use <= open, "{open} open, {in_use} in use");
}

/// A note's POST whose body is sent in two halves, `before_second` run
/// between them; the response's status line.
fn post_in_two_halves(base: &str, before_second: impl FnOnce()) -> String {
    let address = base.strip_prefix("http://").expect("an http URL");
    let mut stream = TcpStream::connect(address).expect("connected");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let body = r#"{"text":"Finished after SIGTERM"}"#;
    let (first, second) = body.split_at(10);
    write!(
        stream,
        "POST /api/v1/records/contact/1/notes HTTP/1.1\r\nHost: {address}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{first}",
        body.len()
    )
    .expect("first half");
    stream.flush().expect("flushed");
    before_second();
    stream.write_all(second.as_bytes()).expect("second half");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn on_sigterm_a_server_refuses_new_connections_finishes_what_is_in_flight_and_exits() {
    let database = TestDatabase::seeded().await;
    let mut server = ServerProcess::start(&database.database);
    let base = server.base.clone();
    let address = base
        .strip_prefix("http://")
        .expect("an http URL")
        .to_owned();
    let status_line = post_in_two_halves(&base, || {
        std::thread::sleep(Duration::from_millis(200));
        server.terminate();
        std::thread::sleep(Duration::from_millis(500));
        assert!(
            TcpStream::connect(&address).is_err(),
            "a new connection is refused once stopping"
        );
    });
    assert_eq!(
        status_line, "HTTP/1.1 201 Created",
        "the request in flight is answered"
    );
    let status = server
        .exited_within(Duration::from_secs(5))
        .expect("exits once nothing is in flight");
    assert!(status.success(), "{status:?}");
    let db = database.connect().await;
    let stored = db
        .count("SELECT count(*) FROM timeline_items WHERE body = 'Finished after SIGTERM'")
        .await;
    assert_eq!(stored, 1);
    db.close().await;
}

#[tokio::test]
async fn a_request_still_unfinished_after_the_grace_period_does_not_keep_the_server() {
    let database = TestDatabase::seeded().await;
    let mut server = ServerProcess::start_with(&database.database, &["--shutdown-grace", "1"]);
    let address = server.base.strip_prefix("http://").expect("URL").to_owned();
    let mut stalled = TcpStream::connect(&address).expect("connected");
    write!(
        stalled,
        "POST /api/v1/records/contact/1/notes HTTP/1.1\r\nHost: {address}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"te"
    )
    .expect("a request begun and never finished");
    std::thread::sleep(Duration::from_millis(200));
    server.terminate();
    let status = server
        .exited_within(Duration::from_secs(4))
        .expect("exits after the grace period");
    assert!(status.success(), "{status:?}");
}
