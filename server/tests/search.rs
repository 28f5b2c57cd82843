//! Search as a client sees it: customers (contacts and accounts) and cases
//! by prefix, active records only, limited, matched literally; and the
//! text filter of timelines.

mod support;

use customer_summary_model::{
    Account, Case, Contact, Customer, CustomerKind, CustomerRef, NewAccount, NewCase, NewContact,
    Priority, TimelineItem, TimelineKind, TimelinePage,
};
use customer_summary_server::search_key;
use reqwest::StatusCode;
use support::{expect, expect_bad_parameter, TestServer};

/// `GET /customers?q=` with the default limit.
async fn customers(server: &TestServer, q: &str) -> Vec<Customer> {
    expect(
        server.get_with("/api/v1/customers", &[("q", q)]).await,
        StatusCode::OK,
    )
    .await
}

/// `GET /cases?q=` with the default limit.
async fn cases(server: &TestServer, q: &str) -> Vec<Case> {
    expect(
        server.get_with("/api/v1/cases", &[("q", q)]).await,
        StatusCode::OK,
    )
    .await
}

fn refs(found: &[Customer]) -> Vec<CustomerRef> {
    found.iter().map(Customer::reference).collect()
}

const fn contact(id: i64) -> CustomerRef {
    CustomerRef {
        kind: CustomerKind::Contact,
        id,
    }
}

const fn account(id: i64) -> CustomerRef {
    CustomerRef {
        kind: CustomerKind::Account,
        id,
    }
}

/// `q` with a space after every `n`th digit and the leading `+` kept, as
/// people type phone numbers.
fn spaced_digits(phone: &str, digits: usize) -> String {
    let digits: String = phone
        .chars()
        .filter(char::is_ascii_digit)
        .take(digits)
        .collect();
    let mut spaced = String::from("+");
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && i % 3 == 0 {
            spaced.push(if i % 2 == 0 { ' ' } else { '-' });
        }
        spaced.push(digit);
    }
    spaced
}

#[tokio::test]
async fn every_contact_field_finds_the_contact() {
    let server = TestServer::start().await;
    let zoe: Contact = server.json("/api/v1/contacts/1").await;
    let email = zoe.email.clone().expect("seeded e-mail");
    let mobile = zoe.mobile_phone.clone().expect("seeded mobile");
    let queries = [
        ("full name", "zoë lefè".to_owned()),
        ("first name, other case", "ZOë".to_owned()),
        ("last name", "Lefèvre".to_owned()),
        ("e-mail, other case", email[..8].to_ascii_uppercase()),
        ("mobile as stored", mobile[..7].to_owned()),
        ("mobile digits with separators", spaced_digits(&mobile, 8)),
        (
            "mobile digits only",
            mobile.trim_start_matches('+')[..8].to_owned(),
        ),
        ("company", "contoso PHARM".to_owned()),
    ];
    for (what, q) in queries {
        let found = customers(&server, &q).await;
        assert!(
            refs(&found).contains(&contact(1)),
            "{what}: {q:?} found {:?}",
            refs(&found)
        );
    }
}

#[tokio::test]
async fn every_account_field_finds_the_account() {
    let server = TestServer::start().await;
    let contoso: Account = server.json("/api/v1/accounts/1").await;
    let phone = contoso.main_phone.clone().expect("seeded phone");
    for (what, q) in [
        ("name", "Contoso Pharmaceuticals".to_owned()),
        ("account number, other case", "acc-10001".to_owned()),
        ("e-mail", "INFO@contoso-ph".to_owned()),
        ("main phone", spaced_digits(&phone, 9)),
    ] {
        let found = customers(&server, &q).await;
        assert!(
            refs(&found).contains(&account(1)),
            "{what}: {q:?} found {:?}",
            refs(&found)
        );
    }
    // The exact name comes first, then contacts and accounts mixed by name.
    let found = customers(&server, "contoso pharmaceuticals").await;
    assert_eq!(found[0].reference(), account(1));
}

#[tokio::test]
async fn a_company_search_finds_staff_past_companies_without_any() {
    let server = TestServer::start().await;
    // More companies without staff than a field gives, then one with.
    let mut last = None;
    for n in 1..=22 {
        let form = NewAccount {
            name: format!("Quokka Works {n:02}"),
            ..NewAccount::default()
        };
        let created: Customer = create(&server, "/api/v1/conversations/2/accounts", &form).await;
        last = Some(created.reference().id);
    }
    let aaron = new_contact(&server, "Aaron", "Abbott").await;
    let employer = last.expect("accounts created");
    server
        .db
        .execute(
            "UPDATE contacts SET account_id = $1 WHERE id = $2",
            &[employer, aaron.id],
        )
        .await;
    let found = customers(&server, "quokka").await;
    assert_eq!(found[0].reference(), aaron, "{:?}", refs(&found));
}

#[tokio::test]
async fn inactive_customers_are_never_found() {
    let server = TestServer::start().await;
    let inactive: Contact = server.json("/api/v1/contacts/20").await;
    assert!(!inactive.active);
    let email = inactive.email.expect("seeded e-mail");
    assert!(customers(&server, &email).await.is_empty());
    let closed: Account = server.json("/api/v1/accounts/16").await;
    assert!(!closed.active);
    assert!(!refs(&customers(&server, &closed.name).await).contains(&account(16)));
    for q in ["+3", "ma", "in", "ac"] {
        let found = customers(&server, q).await;
        assert!(
            found.iter().all(|customer| match customer {
                Customer::Contact(c) => c.active,
                Customer::Account(a) => a.active,
            }),
            "{q}"
        );
    }
}

#[tokio::test]
async fn results_are_limited_and_ordered_by_name() {
    let server = TestServer::start().await;
    let found = customers(&server, "+3").await;
    assert_eq!(found.len(), 20, "20 by default");
    let names: Vec<String> = found.iter().map(|c| search_key(c.display_name())).collect();
    assert!(
        names.is_sorted(),
        "by name ignoring case and accents: {names:?}"
    );
    let five: Vec<Customer> = expect(
        server
            .get_with("/api/v1/customers", &[("q", "+3"), ("limit", "5")])
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(five, found[..5]);
    for limit in ["0", "21", "x"] {
        let response = server
            .get_with("/api/v1/customers", &[("q", "ma"), ("limit", limit)])
            .await;
        expect_bad_parameter(response, "limit").await;
    }
}

/// Creates `form` at `path` and returns what was created.
async fn create<T: serde::de::DeserializeOwned>(
    server: &TestServer,
    path: &str,
    form: &impl serde::Serialize,
) -> T {
    expect(server.post(path, form).await, StatusCode::CREATED).await
}

/// A contact named `first` `last`, created on conversation 2 (and linked
/// to it): its reference.
async fn new_contact(server: &TestServer, first: &str, last: &str) -> CustomerRef {
    let form = NewContact {
        first_name: Some(first.into()),
        last_name: last.into(),
        ..NewContact::default()
    };
    let created: Customer = create(server, "/api/v1/conversations/2/contacts", &form).await;
    created.reference()
}

#[tokio::test]
async fn names_and_titles_are_found_ignoring_case_and_accents() {
    let server = TestServer::start().await;
    let zoe = contact(1);
    let emile = new_contact(&server, "Émile", "Dupont").await;
    let jurgen = new_contact(&server, "Jürgen", "Müller").await;
    let form = NewCase {
        title: "Écran cassé".into(),
        priority: Priority::Normal,
        description: None,
    };
    let screen: Case = create(&server, "/api/v1/conversations/2/cases", &form).await;
    let form = NewAccount {
        name: "Société Générale Café".into(),
        ..NewAccount::default()
    };
    let bank: Customer = create(&server, "/api/v1/conversations/3/accounts", &form).await;
    let bank = bank.reference();

    for (q, expected) in [
        ("zoe", zoe),
        ("ZOË", zoe),
        ("zoe lefevre", zoe),
        ("LEFEV", zoe),
        ("emile", emile),
        ("ÉMILE DUP", emile),
        ("dupont", emile),
        ("müll", jurgen),
        ("muller", jurgen),
        ("jurgen m", jurgen),
        ("societe", bank),
        ("SOCIÉTÉ GÉNÉRALE CAFE", bank),
    ] {
        let found = refs(&customers(&server, q).await);
        assert!(found.contains(&expected), "{q:?} found {found:?}");
    }
    // Exact names first, compared by key too.
    assert_eq!(refs(&customers(&server, "emile dupont").await)[0], emile);
    assert_eq!(
        refs(&customers(&server, "societe generale cafe").await)[0],
        bank
    );
    // The title's start, and a word of it (the full-text index folds too).
    for q in ["ecran", "ÉCRAN CASSE", "casse", "Cassé"] {
        let found = cases(&server, q).await;
        assert!(found.iter().any(|case| case.id == screen.id), "{q:?}");
    }
}

#[tokio::test]
async fn q_needs_two_characters_after_trimming() {
    let server = TestServer::start().await;
    for path in ["/api/v1/customers", "/api/v1/cases"] {
        for q in ["", "a", "  b  ", "\""] {
            let response = server.get_with(path, &[("q", q)]).await;
            let error = expect_bad_parameter(response, "q").await;
            assert!(error.error.message.contains("at least 2"), "{error:?}");
        }
        expect_bad_parameter(server.get(path).await, "q").await;
    }
}

#[tokio::test]
async fn hostile_text_is_matched_literally() {
    let server = TestServer::start().await;
    let last_name = "%_'\"\\<script>alert(1)</script>' OR 1=1 --";
    let form = NewContact {
        first_name: Some("Ümit 🎉".into()),
        last_name: last_name.into(),
        ..NewContact::default()
    };
    let created: Customer = expect(
        server.post("/api/v1/conversations/2/contacts", &form).await,
        StatusCode::CREATED,
    )
    .await;
    let Customer::Contact(created) = created else {
        panic!("a contact: {created:?}");
    };
    assert_eq!(created.last_name, last_name);

    let found = customers(&server, "%_'").await;
    assert_eq!(refs(&found), [contact(created.id)], "by the literal prefix");
    let Customer::Contact(found) = &found[0] else {
        panic!("a contact");
    };
    assert_eq!(found.last_name, last_name, "byte for byte");
    assert_eq!(
        refs(&customers(&server, "%_'\"\\<SCRIPT>").await),
        [contact(created.id)]
    );
    for q in [
        "%%",
        "__",
        "%a",
        "_a",
        "''",
        "\"\"",
        "\\\\",
        "<script>",
        "' OR 1=1 --",
        "' OR '1'='1",
        "\"; DROP TABLE contacts; --",
        "%_'x",
    ] {
        let found = customers(&server, q).await;
        assert!(found.is_empty(), "{q:?} found {:?}", refs(&found));
        assert!(cases(&server, q).await.is_empty(), "{q:?}");
    }
    assert_eq!(server.count("SELECT count(*) FROM contacts").await, 201);
}

#[tokio::test]
async fn cases_are_found_by_number_title_or_a_word_of_the_title() {
    let server = TestServer::start().await;
    let refund: Case = server.json("/api/v1/cases/1").await;
    assert_eq!(refund.title, "Refund not received for order 48213");
    let number = refund.ticket_number.to_ascii_lowercase();
    let exact = cases(&server, &number).await;
    assert_eq!(exact[0].id, 1, "the exact number first");
    for q in [
        &number[..9],
        "Refund not",
        "refund",
        "RECEIVED FOR ORDER 48",
        "order 482",
        "48213",
    ] {
        let found = cases(&server, q).await;
        assert!(found.iter().any(|case| case.id == 1), "{q:?}");
        assert!(found.iter().all(|case| case.status.is_active()), "{q:?}");
        assert!(found.len() <= 20);
    }
    assert!(
        cases(&server, "eceived").await.is_empty(),
        "words, not infixes"
    );
    // More active cases than a field gives (20) have a word starting with
    // "receiv": the 20 last created of them, most recently modified first.
    let matching = "SELECT count(*) FROM cases WHERE active AND lower(title) LIKE '% receiv%'";
    assert!(server.count(matching).await > 20);
    let received = cases(&server, "RECEIV").await;
    assert_eq!(received.len(), 20);
    assert!(
        received
            .iter()
            .all(|case| case.status.is_active()
                && case.title.to_ascii_lowercase().contains(" receiv"))
    );
    let first = received.iter().map(|case| case.id).min().expect("cases");
    let later = format!("{matching} AND id >= {first}");
    assert_eq!(server.count(&later).await, 20, "the last created");
    assert!(received
        .windows(2)
        .all(|pair| (pair[0].modified_at, pair[0].id) >= (pair[1].modified_at, pair[1].id)));

    let resolved: Case = server.json("/api/v1/cases/5").await;
    assert!(!resolved.status.is_active());
    assert!(!cases(&server, &resolved.title)
        .await
        .iter()
        .any(|case| case.id == 5));

    let many: Vec<Case> = expect(
        server
            .get_with("/api/v1/cases", &[("q", "cas-0"), ("limit", "7")])
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(many.len(), 7);
    assert!(many
        .windows(2)
        .all(|pair| (pair[0].modified_at, pair[0].id) >= (pair[1].modified_at, pair[1].id)));
    let response = server
        .get_with("/api/v1/cases", &[("q", "cas"), ("limit", "21")])
        .await;
    expect_bad_parameter(response, "limit").await;
}

// ---- Timeline text filter ----------------------------------------------

/// Every item of a timeline filtered by `query`, walked page by page.
async fn walk(server: &TestServer, path: &str, query: &[(&str, &str)]) -> Vec<TimelineItem> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut pairs = query.to_vec();
        pairs.push(("limit", "50"));
        if let Some(cursor) = &cursor {
            pairs.push(("cursor", cursor));
        }
        let page: TimelinePage = expect(server.get_with(path, &pairs).await, StatusCode::OK).await;
        items.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return items,
        }
    }
}

fn contains(item: &TimelineItem, text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    item.title.to_ascii_lowercase().contains(&text)
        || item.body.to_ascii_lowercase().contains(&text)
}

#[tokio::test]
async fn the_timeline_text_filter_matches_titles_and_bodies_across_pages() {
    let server = TestServer::start().await;
    let path = "/api/v1/records/contact/1/timeline";
    let refunds = walk(&server, path, &[("q", "REFUND")]).await;
    let expected = server
        .count(
            "SELECT count(*) FROM timeline_items WHERE record_kind = 'contact' AND record_id = 1
             AND (lower(title) LIKE '%refund%' OR lower(body) LIKE '%refund%')",
        )
        .await;
    assert!(expected > 50, "several pages: {expected}");
    assert_eq!(refunds.len() as i64, expected);
    assert!(refunds.iter().all(|item| contains(item, "refund")));
    assert!(refunds
        .windows(2)
        .all(|pair| (pair[0].at, pair[0].id) > (pair[1].at, pair[1].id)));

    // "Kind regards" is only ever in e-mail bodies, never in titles.
    let regards = walk(
        &server,
        path,
        &[("q", "kind REGARDS"), ("types", "email,note")],
    )
    .await;
    assert!(!regards.is_empty());
    assert!(regards.iter().all(|item| item.kind == TimelineKind::Email
        && item.body.contains("Kind regards")
        && !item.title.contains("Kind regards")));

    let notes = walk(&server, path, &[("q", "ORDER"), ("types", "note")]).await;
    assert!(!notes.is_empty());
    assert!(notes
        .iter()
        .all(|item| item.kind == TimelineKind::Note && contains(item, "order")));

    let none: TimelinePage = expect(
        server.get_with(path, &[("q", "%_' no such text")]).await,
        StatusCode::OK,
    )
    .await;
    assert!(none.items.is_empty() && none.next_cursor.is_none());

    let conversation: TimelinePage = expect(
        server
            .get_with("/api/v1/conversations/1/timeline", &[("q", "Refund")])
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(conversation.items, refunds[..10]);
}
