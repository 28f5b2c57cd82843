//! Who did what, against the real server: every request has an agent (a
//! JWT's `sub` and `name`, a static token's name, the demo console's pick
//! or the anonymous demo agent), and every note, case and link change
//! names the agent who made it.

mod support;

use customer_summary_model::{
    Actor, Case, ErrorBody, LinkChange, LinkedCase, LinkedCustomer, NewCase, NewNote, Priority,
    TimelineItem, TimelinePage,
};
use customer_summary_server::AuthMode;
use reqwest::{Method, StatusCode};
use serde_json::json;
use support::{expect, jwt, now_seconds, Options, TestServer, JWT_SECRET};

async fn jwt_server() -> TestServer {
    TestServer::launch(Options {
        auth: AuthMode::Jwt,
        ..Options::default()
    })
    .await
}

/// A token signing in `claims` (merged over a valid audience and expiry).
fn token(claims: serde_json::Value) -> String {
    let mut all = json!({"aud": "customer-summary", "exp": now_seconds() + 300});
    all.as_object_mut()
        .expect("an object")
        .extend(claims.as_object().expect("an object").clone());
    jwt(&json!({"alg": "HS256", "typ": "JWT"}), &all, JWT_SECRET)
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// `method path` with `body` as `token`'s agent, with an optional
/// Idempotency-Key.
async fn send_as(
    server: &TestServer,
    token: &str,
    method: Method,
    path: &str,
    body: &serde_json::Value,
    key: Option<&str>,
) -> reqwest::Response {
    let authorization = bearer(token);
    let mut headers = vec![("authorization", authorization.as_str())];
    if let Some(key) = key {
        headers.push(("idempotency-key", key));
    }
    server.send(method, path, body, &headers).await
}

async fn note_as(server: &TestServer, token: &str, text: &str, key: Option<&str>) -> TimelineItem {
    let note = NewNote {
        title: None,
        text: text.to_owned(),
    };
    let body = serde_json::to_value(note).expect("JSON");
    let path = "/api/v1/records/contact/4/notes";
    expect(
        send_as(server, token, Method::POST, path, &body, key).await,
        StatusCode::CREATED,
    )
    .await
}

fn pair(actor: &Actor) -> (&str, &str) {
    (actor.id.as_str(), actor.name.as_str())
}

#[tokio::test]
async fn two_agents_notes_name_each_their_own_author() {
    let server = jwt_server().await;
    let ana = token(json!({"sub": "u-ana", "name": "Ana Lima"}));
    let ben = token(json!({"sub": "u-ben", "name": "Ben Carter"}));
    let me: Actor = expect(
        server.get_with_token("/api/v1/me", &ana).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(pair(&me), ("u-ana", "Ana Lima"));

    let from_ana = note_as(&server, &ana, "Ana was here", None).await;
    let from_ben = note_as(&server, &ben, "Ben was here", None).await;
    assert_eq!(pair(&from_ana.author), ("u-ana", "Ana Lima"));
    assert_eq!(pair(&from_ben.author), ("u-ben", "Ben Carter"));

    // Each agent reads both notes, each with its author.
    for reader in [&ana, &ben] {
        let page: TimelinePage = expect(
            server
                .get_with_token("/api/v1/records/contact/4/timeline?limit=2", reader)
                .await,
            StatusCode::OK,
        )
        .await;
        let authors: Vec<_> = page.items.iter().map(|item| pair(&item.author)).collect();
        assert_eq!(authors, [("u-ben", "Ben Carter"), ("u-ana", "Ana Lima")]);
    }

    // Without a name claim, the agent is named by their subject.
    let nameless = token(json!({"sub": "u-7"}));
    let me: Actor = expect(
        server.get_with_token("/api/v1/me", &nameless).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(pair(&me), ("u-7", "u-7"));
}

#[tokio::test]
async fn a_token_without_a_subject_or_with_an_unacceptable_name_is_refused() {
    let server = jwt_server().await;
    for (claims, message) in [
        (json!({"name": "Ana Lima"}), "no sub"),
        (
            json!({"sub": "u-1", "name": "x".repeat(201)}),
            "not acceptable",
        ),
        (
            json!({"sub": "u-1", "name": "Ana\u{1b}[31m"}),
            "not acceptable",
        ),
        (json!({"sub": "u\nforged"}), "not acceptable"),
    ] {
        let response = server
            .get_with_token("/api/v1/me", &token(claims.clone()))
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{claims}");
        let body: ErrorBody = response.json().await.expect("error body");
        assert!(
            body.error.message.contains(message),
            "{claims}: {}",
            body.error.message
        );
    }
    // A right-to-left override is not a control character: it is kept,
    // and the app isolates it where it shows the name.
    let rtl = token(json!({"sub": "u-2", "name": "Ana \u{202E}Lima"}));
    let me: Actor = expect(
        server.get_with_token("/api/v1/me", &rtl).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me.name, "Ana \u{202E}Lima");
}

#[tokio::test]
async fn cases_and_link_changes_name_the_agent_who_made_them() {
    let server = jwt_server().await;
    let ana = token(json!({"sub": "u-ana", "name": "Ana Lima"}));
    let ben = token(json!({"sub": "u-ben", "name": "Ben Carter"}));
    let case_form = NewCase {
        title: "Router drops the connection".into(),
        description: None,
        priority: Priority::Normal,
    };
    let case: Case = expect(
        send_as(
            &server,
            &ana,
            Method::POST,
            "/api/v1/conversations/1/cases",
            &serde_json::to_value(&case_form).expect("JSON"),
            None,
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(pair(&case.owner), ("u-ana", "Ana Lima"));
    assert_eq!(pair(&case.created_by), ("u-ana", "Ana Lima"));

    let linked: LinkedCase = expect(
        server
            .get_with_token("/api/v1/conversations/1/case", &ben)
            .await,
        StatusCode::OK,
    )
    .await;
    let changed = linked.changed.expect("the case was linked by someone");
    assert!(changed.linked);
    assert_eq!(pair(&changed.by), ("u-ana", "Ana Lima"));

    // Ben unlinks the customer: the change is his, and says it unlinked.
    let unlinked = send_as(
        &server,
        &ben,
        Method::DELETE,
        "/api/v1/conversations/1/customer",
        &json!(null),
        None,
    )
    .await;
    assert_eq!(unlinked.status(), StatusCode::NO_CONTENT);
    let customer: LinkedCustomer = expect(
        server
            .get_with_token("/api/v1/conversations/1/customer", &ana)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(customer.customer.is_none());
    let changed = customer.changed.expect("Ben unlinked it");
    assert!(!changed.linked);
    assert_eq!(pair(&changed.by), ("u-ben", "Ben Carter"));
    assert!(changed.at >= case.created_at);

    // Unlinking again changes nothing, so nothing new is recorded.
    let before = server.count("SELECT count(*) FROM link_changes").await;
    send_as(
        &server,
        &ana,
        Method::DELETE,
        "/api/v1/conversations/1/customer",
        &json!(null),
        None,
    )
    .await;
    assert_eq!(
        server.count("SELECT count(*) FROM link_changes").await,
        before
    );

    // Ana links it back.
    let relinked = send_as(
        &server,
        &ana,
        Method::PUT,
        "/api/v1/conversations/1/customer",
        &json!({"kind": "contact", "id": 1}),
        None,
    )
    .await;
    assert_eq!(relinked.status(), StatusCode::OK);
    let customer: LinkedCustomer = expect(
        server
            .get_with_token("/api/v1/conversations/1/customer", &ben)
            .await,
        StatusCode::OK,
    )
    .await;
    let changed = customer.changed.expect("Ana linked it");
    assert!(changed.linked);
    assert_eq!(pair(&changed.by), ("u-ana", "Ana Lima"));
}

#[tokio::test]
async fn recognition_links_as_the_agent_whose_page_asked() {
    let server = jwt_server().await;
    let chen = token(json!({"sub": "u-chen", "name": "Chen Jing"}));
    let response = send_as(
        &server,
        &chen,
        Method::POST,
        "/api/v1/conversations/5/recognition",
        &json!(null),
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let customer: LinkedCustomer = expect(
        server
            .get_with_token("/api/v1/conversations/5/customer", &chen)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(customer.customer.is_some(), "conversation 5 is recognised");
    assert_eq!(
        pair(&customer.changed.expect("linked").by),
        ("u-chen", "Chen Jing")
    );
}

#[tokio::test]
async fn an_idempotency_key_belongs_to_its_sender() {
    let server = jwt_server().await;
    let ana = token(json!({"sub": "u-ana", "name": "Ana Lima"}));
    let ben = token(json!({"sub": "u-ben", "name": "Ben Carter"}));
    let first = note_as(&server, &ana, "Ana's note", Some("shared-key")).await;
    // The same key from Ben, even with another body, is Ben's own key: a
    // new note, never Ana's reply nor a 409 describing her request.
    let other = note_as(&server, &ben, "Ben's note", Some("shared-key")).await;
    assert_ne!(first.id, other.id);
    assert_eq!(pair(&other.author), ("u-ben", "Ben Carter"));
    // Ana's retry still gets her own note back.
    let again = note_as(&server, &ana, "Ana's note", Some("shared-key")).await;
    assert_eq!(again, first);
}

#[tokio::test]
async fn in_open_mode_the_console_pick_is_the_author_of_the_next_note() {
    let server = TestServer::launch(Options {
        console: true,
        ..Options::default()
    })
    .await;
    let anonymous = note_as_open(&server, None).await;
    assert_eq!(pair(&anonymous.author), ("demo", "Demo agent"));
    for (id, name) in [("ben.carter", "Ben Carter"), ("chen.jing", "Chen Jing")] {
        let minted = server.console_token(id).await;
        let token = minted["access_token"].as_str().expect("a token");
        let note = note_as_open(&server, Some(token)).await;
        assert_eq!(pair(&note.author), (id, name));
    }
    // A page cannot assert a name: only the console's signed tokens count.
    let made_up = token(json!({"sub": "ben.carter", "name": "Mallory"}));
    let refused = server.get_with_token("/api/v1/me", &made_up).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

async fn note_as_open(server: &TestServer, token: Option<&str>) -> TimelineItem {
    let body = json!({"text": "A note"});
    let path = "/api/v1/records/contact/4/notes";
    let response = match token {
        Some(token) => send_as(server, token, Method::POST, path, &body, None).await,
        None => server.post(path, &body).await,
    };
    expect(response, StatusCode::CREATED).await
}

// ---- Relinks over someone else's change ----------------------------------

/// `method path` with `body` as `token`'s agent, who saw the link at
/// version `seen` (`If-Match`).
async fn change_seen(
    server: &TestServer,
    token: &str,
    method: Method,
    path: &str,
    body: serde_json::Value,
    seen: &str,
) -> reqwest::Response {
    let authorization = bearer(token);
    let headers = [
        ("authorization", authorization.as_str()),
        ("if-match", seen),
    ];
    server.send(method, path, &body, &headers).await
}

/// Links contact `id` to conversation 2 as `token`'s agent, who saw its
/// customer link at version `seen`.
async fn link_contact(server: &TestServer, token: &str, id: i64, seen: &str) -> reqwest::Response {
    let body = json!({"kind": "contact", "id": id});
    let path = "/api/v1/conversations/2/customer";
    change_seen(server, token, Method::PUT, path, body, seen).await
}

/// The version of conversation 2's customer link as `token`'s agent loads it.
async fn customer_version(server: &TestServer, token: &str) -> String {
    let linked: LinkedCustomer = expect(
        server
            .get_with_token("/api/v1/conversations/2/customer", token)
            .await,
        StatusCode::OK,
    )
    .await;
    format!("\"{}\"", LinkChange::version_of(linked.changed.as_ref()))
}

#[tokio::test]
async fn a_relink_over_someone_elses_newer_change_is_refused_with_the_links_now() {
    let server = jwt_server().await;
    let ana = token(json!({"sub": "u-ana", "name": "Ana Lima"}));
    let ben = token(json!({"sub": "u-ben", "name": "Ben Carter"}));
    let path = "/api/v1/conversations/2/customer";
    // Both open conversation 2, with no customer linked.
    let seen = customer_version(&server, &ana).await;
    assert_eq!(customer_version(&server, &ben).await, seen);

    let bens = link_contact(&server, &ben, 1, &seen);
    assert_eq!(bens.await.status(), StatusCode::OK);
    // Ana, not having seen Ben's link, links another contact.
    let anas = link_contact(&server, &ana, 2, &seen);
    let refused: ErrorBody = expect(anas.await, StatusCode::CONFLICT).await;
    assert_eq!(refused.error.code, "link_conflict");
    assert_eq!(refused.error.field.as_deref(), Some("If-Match"));
    assert!(
        refused.error.message.starts_with("Ben Carter linked"),
        "{refused:?}"
    );
    let current = refused.current.expect("the links now");
    assert_eq!(current.links.customer.map(|c| c.id), Some(1));
    let bens_change = current.customer.expect("Ben's change");
    assert_eq!(pair(&bens_change.by), ("u-ben", "Ben Carter"));
    // Nothing changed: Ben's contact is still linked, as Ben left it.
    let linked: LinkedCustomer =
        expect(server.get_with_token(path, &ben).await, StatusCode::OK).await;
    assert_eq!(linked.customer.map(|c| c.reference().id), Some(1));

    // Ana applies hers on purpose, over the version she has now seen.
    let now_seen = format!("\"{}\"", bens_change.version);
    let anas = link_contact(&server, &ana, 2, &now_seen);
    assert_eq!(anas.await.status(), StatusCode::OK);
    // Ben's unlink, over the version before Ana's, is refused in turn.
    let bens = change_seen(&server, &ben, Method::DELETE, path, json!(null), &now_seen);
    let refused: ErrorBody = expect(bens.await, StatusCode::CONFLICT).await;
    assert!(
        refused.error.message.starts_with("Ana Lima linked"),
        "{refused:?}"
    );
}

#[tokio::test]
async fn an_agents_own_later_change_and_a_star_are_no_conflict() {
    let server = jwt_server().await;
    let ana = token(json!({"sub": "u-ana", "name": "Ana Lima"}));
    let ben = token(json!({"sub": "u-ben", "name": "Ben Carter"}));
    let path = "/api/v1/conversations/2/customer";
    let seen = customer_version(&server, &ana).await;
    let link = link_contact(&server, &ana, 1, &seen);
    assert_eq!(link.await.status(), StatusCode::OK);
    // Her page had not loaded her own link yet: still hers, no conflict.
    let unlink = change_seen(&server, &ana, Method::DELETE, path, json!(null), &seen);
    assert_eq!(unlink.await.status(), StatusCode::NO_CONTENT);
    // `*` changes the link whatever happened to it.
    let star = link_contact(&server, &ben, 3, "*");
    assert_eq!(star.await.status(), StatusCode::OK);
    for bad in ["seven", "\"-1\"", "W/"] {
        let refused = change_seen(&server, &ana, Method::DELETE, path, json!(null), bad).await;
        let error = support::expect_bad_parameter(refused, "If-Match").await;
        assert!(error.error.message.contains("version"), "{bad}: {error:?}");
    }
}

#[tokio::test]
async fn a_create_over_someone_elses_newer_link_is_refused_and_creates_nothing() {
    let server = jwt_server().await;
    let ana = token(json!({"sub": "u-ana", "name": "Ana Lima"}));
    let ben = token(json!({"sub": "u-ben", "name": "Ben Carter"}));
    let seen = customer_version(&server, &ana).await;
    let bens = link_contact(&server, &ben, 1, &seen);
    assert_eq!(bens.await.status(), StatusCode::OK);
    let contacts = server.count("SELECT count(*) FROM contacts").await;
    let anas = change_seen(
        &server,
        &ana,
        Method::POST,
        "/api/v1/conversations/2/contacts",
        json!({"last_name": "Okafor"}),
        &seen,
    );
    let refused: ErrorBody = expect(anas.await, StatusCode::CONFLICT).await;
    assert_eq!(refused.error.code, "link_conflict");
    assert_eq!(
        server.count("SELECT count(*) FROM contacts").await,
        contacts
    );

    // A case, likewise: Ben links one; Ana's new case over it is refused.
    let case_seen = "\"0\"";
    let bens = change_seen(
        &server,
        &ben,
        Method::PUT,
        "/api/v1/conversations/2/case",
        json!({"id": 1}),
        case_seen,
    );
    assert_eq!(bens.await.status(), StatusCode::OK);
    let cases = server.count("SELECT count(*) FROM cases").await;
    let form = json!({"title": "Refund", "priority": "normal"});
    let anas = change_seen(
        &server,
        &ana,
        Method::POST,
        "/api/v1/conversations/2/cases",
        form,
        case_seen,
    );
    expect::<ErrorBody>(anas.await, StatusCode::CONFLICT).await;
    assert_eq!(server.count("SELECT count(*) FROM cases").await, cases);
}
