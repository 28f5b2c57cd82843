//! Both backends give the same answers: a server on SQLite and one on
//! PostgreSQL (a cluster of this test's own), each seeded at the same
//! minute, answer every conversation's reads, timeline pages with their
//! cursors and filters, searches and recognition with the same JSON.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use customer_summary_server::Database;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use support::{Cluster, ServerProcess};

const CUSTOMER_QUERIES: &[&str] = &[
    "Zo", "zoë", "ZOE", "Lef", "lefèvre", "Emma", "li", "Contoso", "+33", "06", "mail.ex", "o'",
    "xq", "Mü", "ÉM", "ac", "%_", "Brown", "Priy",
];
const CASE_QUERIES: &[&str] = &[
    "Refund",
    "re",
    "CAS-01",
    "cas-010",
    "thermostat",
    "Warr",
    "order 48",
    "zz",
    "refund fo",
    "the",
    "ship",
];

/// `path` on both servers: the same status and JSON, which is returned.
async fn same(client: &Client, bases: &[String; 2], method: reqwest::Method, path: &str) -> Value {
    let mut answers = Vec::new();
    for base in bases {
        let response = client
            .request(method.clone(), format!("{base}{path}"))
            .send()
            .await
            .expect("sent");
        let status = response.status();
        let body: Value = response.json().await.expect("JSON");
        answers.push((status, body));
    }
    assert_eq!(
        answers[0], answers[1],
        "{method} {path}: SQLite, then PostgreSQL"
    );
    assert!(answers[0].0 != StatusCode::INTERNAL_SERVER_ERROR, "{path}");
    answers.swap_remove(0).1
}

#[tokio::test]
async fn sqlite_and_postgres_give_the_same_answers_to_every_read_search_and_recognition() {
    // The seed's times count back from the minute it is written in.
    let second = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
        % 60;
    if second >= 50 {
        tokio::time::sleep(Duration::from_secs(61 - second)).await;
    }
    let cluster = Cluster::start();
    let dir = tempfile::TempDir::new().expect("temporary directory");
    let sqlite = ServerProcess::start(&Database::Sqlite(dir.path().join("same.db")));
    let postgres = ServerProcess::start(&Database::Postgres(cluster.url.as_str().into()));
    let bases = [sqlite.base.clone(), postgres.base.clone()];
    let client = Client::new();
    let get = reqwest::Method::GET;

    let list = same(&client, &bases, get.clone(), "/api/v1/conversations").await;
    let count = list.as_array().expect("a list").len();
    assert!(count >= 30, "{count} conversations");
    for id in 1..=count {
        for part in ["", "/customer", "/case", "/recent-cases", "/timeline"] {
            same(
                &client,
                &bases,
                get.clone(),
                &format!("/api/v1/conversations/{id}{part}"),
            )
            .await;
        }
    }
    for query in [
        "",
        "?types=note,email",
        "?q=refund",
        "?limit=3&types=phone_call",
    ] {
        let mut path = format!("/api/v1/records/contact/1/timeline{query}");
        for _ in 0..4 {
            let page = same(&client, &bases, get.clone(), &path).await;
            let Some(cursor) = page["next_cursor"].as_str() else {
                break;
            };
            let joiner = if query.is_empty() { '?' } else { '&' };
            path = format!("/api/v1/records/contact/1/timeline{query}{joiner}cursor={cursor}");
        }
    }
    for q in CUSTOMER_QUERIES {
        let q = urlencode(q);
        same(
            &client,
            &bases,
            get.clone(),
            &format!("/api/v1/customers?q={q}"),
        )
        .await;
        same(
            &client,
            &bases,
            get.clone(),
            &format!("/api/v1/customers?q={q}&limit=3"),
        )
        .await;
    }
    for q in CASE_QUERIES {
        same(
            &client,
            &bases,
            get.clone(),
            &format!("/api/v1/cases?q={}", urlencode(q)),
        )
        .await;
    }
    for id in 1..=count {
        let path = format!("/api/v1/conversations/{id}/recognition");
        same(&client, &bases, reqwest::Method::POST, &path).await;
        same(&client, &bases, reqwest::Method::POST, &path).await;
    }
}

/// `text` percent-encoded for a query string.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
