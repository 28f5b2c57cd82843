//! Notes as a client sees them: created on a record's timeline, validated,
//! stored byte for byte, idempotent, safe under many concurrent writers,
//! and never shifting a page a reader is in the middle of.

mod support;

use customer_summary_model::{ErrorBody, NewNote, TimelineItem, TimelineKind, TimelinePage};
use futures::future::join_all;
use reqwest::StatusCode;
use support::{expect, expect_bad_parameter, now_millis, TestServer};

fn note(title: Option<&str>, text: &str) -> NewNote {
    NewNote {
        title: title.map(str::to_owned),
        text: text.to_owned(),
    }
}

async fn notes_of(server: &TestServer, kind: &str, id: i64) -> i64 {
    let sql = format!(
        "SELECT count(*) FROM timeline_items
         WHERE record_kind = '{kind}' AND record_id = {id} AND kind = 'note'"
    );
    server.count(&sql).await
}

#[tokio::test]
async fn a_note_is_the_first_item_of_its_record_timeline() {
    let server = TestServer::start().await;
    let text = "  Called back about order 48213 – ليلى 👍\n<b>not bold</b> & \\n\r\nthird  ";
    let item: TimelineItem = expect(
        server
            .post("/api/v1/records/contact/4/notes", &note(None, text))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(item.kind, TimelineKind::Note);
    assert_eq!(item.body, text, "byte for byte");
    assert_eq!(item.title, "Called back about order 48213 – ليلى 👍");
    // Open mode without a token: the anonymous demo agent.
    assert_eq!(
        (item.author.id.as_str(), item.author.name.as_str()),
        ("demo", "Demo agent")
    );
    assert!((now_millis() - item.at).abs() < 60_000, "at is now");

    let page: TimelinePage = server.json("/api/v1/records/contact/4/timeline").await;
    assert_eq!(page.items[0], item);
    let conversation: TimelinePage = server.json("/api/v1/conversations/4/timeline").await;
    assert_eq!(conversation.items[0], item);

    let titled: TimelineItem = expect(
        server
            .post(
                "/api/v1/records/case/1/notes",
                &note(Some(" <i>Escalated</i> "), "To tier 2."),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(titled.title, " <i>Escalated</i> ");
    let page: TimelinePage = server
        .json("/api/v1/conversations/1/timeline?record=case&types=note")
        .await;
    assert_eq!(page.items[0], titled);

    let long_line = "é".repeat(120);
    let cut: TimelineItem = expect(
        server
            .post(
                "/api/v1/records/account/2/notes",
                &note(Some("  "), &long_line),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(cut.title, "é".repeat(80));
}

#[tokio::test]
async fn note_text_is_required_and_at_most_a_hundred_thousand_characters() {
    let server = TestServer::start().await;
    let path = "/api/v1/records/contact/1/notes";
    for blank in ["", " \n\t "] {
        let error = expect_bad_parameter(server.post(path, &note(None, blank)).await, "text").await;
        assert_eq!(error.error.message, "Write the note before saving it.");
    }
    let error = expect_bad_parameter(
        server.post(path, &note(None, &"x".repeat(100_001))).await,
        "text",
    )
    .await;
    assert!(error.error.message.contains("100000"), "{error:?}");
    let error = expect_bad_parameter(
        server
            .post(path, &note(Some(&"t".repeat(201)), "fine"))
            .await,
        "title",
    )
    .await;
    assert!(error.error.message.contains("200"), "{error:?}");

    // The limit counts characters, not bytes: 100,000 emoji are 400 KB.
    let longest = "🙂".repeat(100_000);
    let item: TimelineItem = expect(
        server.post(path, &note(None, &longest)).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(item.body, longest);

    let missing = server
        .post("/api/v1/records/contact/5000/notes", &note(None, "x"))
        .await;
    let error: ErrorBody = expect(missing, StatusCode::NOT_FOUND).await;
    assert_eq!(error.error.message, "Contact 5000 not found");
    expect_bad_parameter(
        server
            .post("/api/v1/records/invoice/1/notes", &note(None, "x"))
            .await,
        "kind",
    )
    .await;
}

#[tokio::test]
async fn a_retried_note_with_the_same_key_is_created_once() {
    let server = TestServer::start().await;
    let path = "/api/v1/records/contact/4/notes";
    let before = notes_of(&server, "contact", 4).await;
    let first = server
        .post_once(path, &note(None, "Retry me"), "note-1")
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = first.text().await.expect("body");
    let retry = server
        .post_once(path, &note(None, "Retry me"), "note-1")
        .await;
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.text().await.expect("body"), first);
    assert_eq!(notes_of(&server, "contact", 4).await, before + 1);

    let conflict = server
        .post_once(path, &note(None, "Another text"), "note-1")
        .await;
    let error: ErrorBody = expect(conflict, StatusCode::CONFLICT).await;
    assert_eq!(error.error.code, "idempotency_conflict");
    let other_record = server
        .post_once(
            "/api/v1/records/contact/5/notes",
            &note(None, "Retry me"),
            "note-1",
        )
        .await;
    assert_eq!(other_record.status(), StatusCode::CONFLICT);
    assert_eq!(notes_of(&server, "contact", 4).await, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_writers_add_exactly_a_thousand_notes() {
    let server = TestServer::start().await;
    let before = notes_of(&server, "contact", 7).await;
    let writers = (0..20).map(|writer| {
        let server = &server;
        async move {
            for n in 0..50 {
                let key = format!("writer-{writer}-note-{n}");
                let response = server
                    .post_once(
                        "/api/v1/records/contact/7/notes",
                        &note(None, &format!("Note {n} of writer {writer}")),
                        &key,
                    )
                    .await;
                assert_eq!(response.status(), StatusCode::CREATED, "{key}");
            }
        }
    });
    join_all(writers).await;
    assert_eq!(notes_of(&server, "contact", 7).await, before + 1000);
}

#[tokio::test]
async fn notes_added_while_paging_do_not_shift_the_next_page() {
    let server = TestServer::start().await;
    let first: TimelinePage = server.json("/api/v1/records/contact/1/timeline").await;
    let cursor = first.next_cursor.clone().expect("more pages");
    let second_path = format!("/api/v1/records/contact/1/timeline?cursor={cursor}");
    let second: TimelinePage = server.json(&second_path).await;

    for n in 0..3 {
        let response = server
            .post(
                "/api/v1/records/contact/1/notes",
                &note(None, &format!("While paging {n}")),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let again: TimelinePage = server.json(&second_path).await;
    assert_eq!(again.items, second.items);
    assert_eq!(again.next_cursor, second.next_cursor);
    let fresh: TimelinePage = server.json("/api/v1/records/contact/1/timeline").await;
    assert_eq!(fresh.items[0].title, "While paging 2");
    assert_eq!(fresh.items[3..], first.items[..7]);
}
