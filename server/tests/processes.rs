//! Several real server processes on one database, as behind a load
//! balancer: nothing a process keeps in memory is needed for correct
//! answers. And how a server process starts, or refuses to: a database
//! it cannot reach, a migration that fails. On the backend under test
//! (`support::TestDatabase`).

mod support;

use std::sync::Arc;

use customer_summary_model::{
    Conversation, CustomerKind, CustomerRef, LinkedCustomer, NewNote, TimelineItem,
};
use reqwest::{Client, StatusCode};
use support::{expect, server_command, ServerProcess, TestDatabase};
use tokio::sync::Barrier;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_note_sent_to_two_servers_at_once_with_one_key_is_stored_once() {
    let database = TestDatabase::seeded().await;
    let first = ServerProcess::start(&database.database);
    let second = ServerProcess::start(&database.database);
    let client = Client::new();
    for round in 0..10 {
        let note = NewNote {
            title: None,
            text: format!("Sent twice, round {round}"),
        };
        let key = format!("two-servers-{round}");
        let barrier = Arc::new(Barrier::new(2));
        let sends = [&first.base, &second.base].map(|base| {
            let request = client
                .post(format!("{base}/api/v1/records/contact/1/notes"))
                .header("idempotency-key", &key)
                .json(&note);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                request.send().await.expect("sent")
            })
        });
        let mut replies = Vec::new();
        for send in sends {
            let response = send.await.expect("the request task");
            replies.push(expect::<TimelineItem>(response, StatusCode::CREATED).await);
        }
        assert_eq!(replies[0], replies[1], "both replies are the one note");
        assert_eq!(replies[0].body, note.text);
        let db = database.connect().await;
        let stored = db
            .count(&format!(
                "SELECT count(*) FROM timeline_items WHERE body = 'Sent twice, round {round}'"
            ))
            .await;
        db.close().await;
        assert_eq!(stored, 1, "round {round}");
    }
}

#[tokio::test]
async fn a_link_changed_through_one_server_is_read_at_once_through_the_other() {
    let database = TestDatabase::seeded().await;
    let first = ServerProcess::start(&database.database);
    let second = ServerProcess::start(&database.database);
    let client = Client::new();
    let path = "/api/v1/conversations/2/customer";
    let summary = "/api/v1/conversations/2";
    for (id, writer, reader) in [(1, &first, &second), (3, &second, &first)] {
        let customer = CustomerRef {
            kind: CustomerKind::Contact,
            id,
        };
        // The reader has read the summary before: what it keeps in memory
        // must not outlive the other server's change.
        let before: Conversation = read(&client, reader, summary).await;
        assert_ne!(before.links.customer, Some(customer));
        let response = client
            .put(format!("{}{path}", writer.base))
            .json(&customer)
            .send()
            .await
            .expect("linked");
        assert_eq!(response.status(), StatusCode::OK);
        let linked: LinkedCustomer = read(&client, reader, path).await;
        let linked_id = match linked.customer {
            Some(customer_summary_model::Customer::Contact(contact)) => contact.id,
            other => panic!("not contact {id}: {other:?}"),
        };
        assert_eq!(linked_id, id);
        let after: Conversation = read(&client, reader, summary).await;
        assert_eq!(after.links.customer, Some(customer));
        assert!(after.event_seq > before.event_seq);
    }
    let response = client
        .delete(format!("{}{path}", first.base))
        .send()
        .await
        .expect("unlinked");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let linked: LinkedCustomer = read(&client, &second, path).await;
    assert_eq!(linked.customer, None);
}

/// `path`'s 200 answer from `server`.
async fn read<T: serde::de::DeserializeOwned>(
    client: &Client,
    server: &ServerProcess,
    path: &str,
) -> T {
    let response = client
        .get(format!("{}{path}", server.base))
        .send()
        .await
        .expect("read");
    expect(response, StatusCode::OK).await
}

#[test]
fn an_unreachable_database_is_one_line_naming_it_without_its_password() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("address").port();
    // Nothing answers on the port once it is closed.
    drop(listener);
    let url = format!("postgres://agent:s3cret-pw@127.0.0.1:{port}/cs");
    let output = server_command(&customer_summary_server::Database::Postgres(
        url.as_str().into(),
    ))
    .output()
    .expect("the server ran");
    assert!(!output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|line| !line.is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].contains(&format!("postgres://agent:***@127.0.0.1:{port}/cs")),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cret-pw"), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing served");
}

#[tokio::test]
async fn a_failed_migration_changes_nothing_and_is_named() {
    let database = TestDatabase::empty().await;
    if let customer_summary_server::Database::Sqlite(path) = &database.database {
        std::fs::create_dir_all(path.parent().expect("a directory")).expect("directory");
        std::fs::File::create(path).expect("an empty file");
    }
    let db = database.connect().await;
    // A table the first migration creates too, with other columns.
    db.execute("CREATE TABLE contacts (legacy TEXT)", &[]).await;
    db.execute("INSERT INTO contacts (legacy) VALUES ('kept')", &[])
        .await;
    let output = server_command(&database.database)
        .output()
        .expect("the server ran");
    assert!(!output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("migration 1"), "{stderr}");
    assert_eq!(
        db.count("SELECT count(*) FROM contacts WHERE legacy = 'kept'")
            .await,
        1
    );
    // None of the first migration's other tables exist, nor a record of it.
    db.execute("CREATE TABLE accounts (legacy TEXT)", &[]).await;
    db.execute("CREATE TABLE cases (legacy TEXT)", &[]).await;
    assert_eq!(
        db.count("SELECT count(*) FROM _sqlx_migrations").await,
        0,
        "no migration recorded"
    );
    db.close().await;
}
