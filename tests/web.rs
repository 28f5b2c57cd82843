//! Browser tests of the page in headless Chromium: the panels against a
//! stubbed `window.fetch` (the failures a real server cannot easily produce:
//! a 500 from one endpoint only, malformed JSON), the tabs' keyboard pattern,
//! the live waiting time, and untrusted text staying text.

#![cfg(target_arch = "wasm32")]

mod support;

use customer_summary_model::{Contact, ConversationStatus, Customer, LinkedCustomer, RecentCases};
use leptos::prelude::document;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn every_panel_shows_its_data() {
    stub_backend(healthy_backend());
    let page = mount_summary(config());

    find_text(&page, "[data-testid=customer-name]", "Maria Campbell").await;
    find_text(&page, "[data-testid=channel]", "Live chat").await;
    find_text(&page, "[data-testid=waiting-time]", "2m 05s").await;
    find_text(&page, "[data-testid=case-number]", "CAS-01011-K7Q2").await;
    find_text(&page, "[data-testid=recent-cases]", "Refund not received").await;
    find_text(
        &page,
        "[data-testid=timeline-items]",
        "Called about the refund",
    )
    .await;
    let customer = text(&page, "[data-testid=customer-panel]");
    assert!(customer.contains("Contoso Pharmaceuticals"), "{customer}");
    assert!(customer.contains("Leeds, United Kingdom"), "{customer}");
    assert!(
        customer.contains("Not provided"),
        "business phone is missing: {customer}"
    );
    page.remove();
}

#[wasm_bindgen_test]
async fn a_failing_panel_shows_its_error_and_retries_while_the_others_keep_working() {
    let mut routes = healthy_backend();
    routes.insert(
        0,
        raw(
            "GET",
            "/conversations/1/customer",
            500,
            r#"{"error":{"code":"internal","message":"database is locked"}}"#,
        ),
    );
    routes.insert(
        0,
        raw(
            "GET",
            "/conversations/1/recent-cases",
            200,
            r#"{"customer": {"kind":"#,
        ),
    );
    stub_backend(routes);
    let page = mount_summary(config());

    let customer_error = find(&page, "[data-testid=customer-panel] [role=alert]").await;
    assert!(
        customer_error.text_content().unwrap().contains("HTTP 500"),
        "{}",
        customer_error.text_content().unwrap()
    );
    find_text(
        &page,
        "[data-testid=recent-cases-panel] [role=alert]",
        "cannot read",
    )
    .await;
    // The other panels are unaffected.
    find_text(&page, "[data-testid=case-number]", "CAS-01011-K7Q2").await;
    find_text(&page, "[data-testid=channel]", "Live chat").await;

    stub_backend(healthy_backend());
    let retry = find(
        &page,
        "[data-testid=customer-panel] [data-testid=panel-error] button",
    )
    .await;
    click(&retry);
    find_text(&page, "[data-testid=customer-name]", "Maria Campbell").await;
    assert!(page
        .query_selector("[data-testid=customer-panel] [role=alert]")
        .unwrap()
        .is_none());
    page.remove();
}

#[wasm_bindgen_test]
async fn a_panel_recovers_by_itself_once_the_server_answers_again() {
    // A 503 from one endpoint, as while the backend restarts.
    let mut routes = healthy_backend();
    routes.insert(0, raw("GET", "/conversations/1/case", 503, ""));
    routes.insert(
        0,
        raw(
            "GET",
            "/conversations/1/recent-cases",
            400,
            r#"{"error":{"code":"bad_parameter","message":"limit must be 1 to 50","field":"limit"}}"#,
        ),
    );
    stub_backend(routes);
    let page = mount_summary(config());
    let focused = document().active_element();
    find_text(&page, "[data-testid=case-panel]", "Trying again in 1 s.").await;
    // Said once, politely, with the panel's name; focus stays put.
    let said = find_text(&page, "[data-testid=announcements] p", "Case: ").await;
    assert!(said
        .text_content()
        .unwrap()
        .ends_with("Trying again in 1 s."));
    assert_eq!(document().active_element(), focused);
    let refused = find_text(
        &page,
        "[data-testid=recent-cases-panel]",
        "limit must be 1 to 50",
    )
    .await;
    assert!(
        !refused.text_content().unwrap().contains("Trying again"),
        "a refused request is not retried by itself"
    );

    stub_backend(healthy_backend());
    find_text(&page, "[data-testid=case-number]", "CAS-01011-K7Q2").await;
    assert_eq!(
        count(&page, "[data-testid=case-panel] [data-testid=panel-error]"),
        0
    );
    page.remove();
}

#[wasm_bindgen_test]
async fn an_unknown_conversation_says_so_for_the_whole_page() {
    stub_backend(vec![raw(
        "GET",
        "/conversations/1",
        404,
        r#"{"error":{"code":"not_found","message":"Conversation 1 not found"}}"#,
    )]);
    let page = mount_summary(config());
    find_text(
        &page,
        "[data-testid=page-message]",
        "Conversation not found",
    )
    .await;
    assert!(page
        .query_selector("[data-testid=customer-panel]")
        .unwrap()
        .is_none());
    page.remove();
}

#[wasm_bindgen_test]
async fn tabs_follow_the_aria_keyboard_pattern() {
    stub_backend(healthy_backend());
    let page = mount_summary(config());
    let tablist = find(&page, "[role=tablist]").await;
    let labels: Vec<String> = (0..tablist.children().length())
        .map(|i| tablist.children().item(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "Pre-chat survey",
            "Self service",
            "Visitor details",
            "Additional details"
        ]
    );
    let selected = || text(&page, "[role=tab][aria-selected=true]");
    let visible_panel = || text(&page, "[role=tabpanel]:not([hidden])");
    assert_eq!(selected(), "Pre-chat survey");

    let first = page.query_selector("[role=tab]").unwrap().unwrap();
    key(&first, "ArrowRight");
    sleep(30).await;
    assert_eq!(selected(), "Self service");
    let focused = document().active_element().unwrap();
    assert_eq!(focused.text_content().unwrap(), "Self service");
    assert!(visible_panel().contains("Refund policy"));

    key(&focused, "End");
    sleep(30).await;
    assert_eq!(selected(), "Additional details");
    assert!(visible_panel().contains("48213"));

    key(&document().active_element().unwrap(), "ArrowRight");
    sleep(30).await;
    assert_eq!(selected(), "Pre-chat survey", "arrows wrap around");

    key(&document().active_element().unwrap(), "ArrowLeft");
    sleep(30).await;
    assert_eq!(selected(), "Additional details");
    key(&document().active_element().unwrap(), "Home");
    sleep(30).await;
    assert_eq!(selected(), "Pre-chat survey");
    // Only the selected tab is in the tab order.
    assert_eq!(
        page.query_selector_all("[role=tab][tabindex='0']")
            .unwrap()
            .length(),
        1
    );
    page.remove();
}

#[wasm_bindgen_test]
async fn tabs_without_content_are_absent_or_say_they_are_empty() {
    let mut bare = conversation();
    bare.context.clear();
    bare.pre_chat.clear();
    bare.self_service.clear();
    let mut routes = healthy_backend();
    routes.retain(|route| route.path != "/conversations/1");
    routes.push(get("/conversations/1", &bare));
    stub_backend(routes);
    let mut config = config();
    config.self_service_tab = false;
    let page = mount_summary(config);

    let tablist = find(&page, "[role=tablist]").await;
    assert_eq!(
        tablist.text_content().unwrap(),
        "Pre-chat surveyVisitor details"
    );
    find_text(
        &page,
        "[role=tabpanel]:not([hidden])",
        "not asked a pre-chat survey",
    )
    .await;
    page.remove();
}

#[wasm_bindgen_test]
async fn each_tab_shows_its_content_or_says_it_is_empty() {
    let mut quiet = conversation();
    quiet.self_service.clear();
    quiet.pre_chat.push(customer_summary_model::PreChatAnswer {
        question: "Which products?".into(),
        answer: Some("Thermostat;Boiler".into()),
        kind: customer_summary_model::AnswerKind::Option,
    });
    let mut routes = healthy_backend();
    routes.retain(|route| route.path != "/conversations/1");
    routes.push(get("/conversations/1", &quiet));
    stub_backend(routes);
    let page = mount_summary(config());

    let chips = find(&page, "[data-testid=pre-chat] ul").await;
    assert_eq!(chips.children().length(), 2, "each chosen option is a chip");
    let tab = |name: &str| {
        page.query_selector(&format!("[role=tabpanel][id$={name}]"))
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert!(
        tab("self-service").contains("No portal activity"),
        "{}",
        tab("self-service")
    );
    let visitor = tab("visitor");
    assert!(visitor.contains("AuthenticatedYes"), "{visitor}");
    assert!(
        visitor.contains("Operating systemNot provided"),
        "{visitor}"
    );
    assert!(
        visitor.contains("Canadian French"),
        "the language by name: {visitor}"
    );
    page.remove();
}

#[wasm_bindgen_test]
async fn the_waiting_time_ticks_while_the_customer_waits() {
    let mut waiting = conversation();
    waiting.status = ConversationStatus::Waiting;
    waiting.accepted_at = None;
    waiting.wait_started_at = js_sys::Date::now() as i64 - 65_000;
    let mut routes = healthy_backend();
    routes.retain(|route| route.path != "/conversations/1");
    routes.push(get("/conversations/1", &waiting));
    stub_backend(routes);
    let page = mount_summary(config());

    let before = find_text(&page, "[data-testid=waiting-time]", "1m 0")
        .await
        .text_content()
        .unwrap();
    assert!(before.contains("still waiting"), "{before}");
    sleep(2100).await;
    let after = text(&page, "[data-testid=waiting-time]");
    assert_ne!(before, after, "the waiting time did not move");
    page.remove();
}

#[wasm_bindgen_test]
async fn customer_text_is_shown_as_text_and_only_web_urls_become_links() {
    stub_backend(healthy_backend());
    let page = mount_summary(config());
    let answers = find(&page, "[data-testid=pre-chat]").await;
    assert!(answers
        .text_content()
        .unwrap()
        .contains("<img src=x onerror="));
    assert!(answers.query_selector("img").unwrap().is_none());
    assert!(answers.text_content().unwrap().contains("Consent given"));

    let links = page.query_selector_all("[role=tabpanel] a").unwrap();
    let hrefs: Vec<String> = (0..links.length())
        .map(|i| {
            links
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .get_attribute("href")
                .unwrap()
        })
        .collect();
    assert_eq!(hrefs, ["https://shop.example/refunds"]);
    let journey = text(&page, "[role=tabpanel][id$=self-service]");
    assert!(journey.contains("Custom action"), "{journey}");
    assert!(
        journey.contains("Other"),
        "unknown codes are shown: {journey}"
    );
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
    page.remove();
}

// `Admin\u{202E}txt.exe` as a job title: isolated (`<bdi>`), its override
// cannot run on into the text after it.
#[wasm_bindgen_test]
async fn a_customers_right_to_left_override_is_isolated_where_it_is_shown() {
    let spoofed = Contact {
        job_title: Some("Admin\u{202E}txt.exe".into()),
        ..contact()
    };
    let mut routes = vec![get(
        "/conversations/1/customer",
        &LinkedCustomer {
            customer: Some(Customer::Contact(spoofed)),
            changed: None,
        },
    )];
    routes.extend(healthy_backend());
    stub_backend(routes);
    let page = mount_summary(config());
    let card = find(&page, "[data-testid=customer-panel] .field-list").await;
    let isolated = card.query_selector_all("bdi").unwrap();
    let texts: Vec<String> = (0..isolated.length())
        .map(|i| isolated.item(i).unwrap().text_content().unwrap())
        .collect();
    assert!(
        texts.iter().any(|text| text == "Admin\u{202E}txt.exe"),
        "{texts:?}"
    );
    page.remove();
}

#[wasm_bindgen_test]
async fn unlinking_the_customer_updates_every_panel_that_follows_it() {
    stub_backend(healthy_backend());
    let page = mount_summary(config());
    let close = find(
        &page,
        "[data-testid=customer-panel] button[aria-label^='Close: unlink']",
    )
    .await;
    find_text(&page, "[data-testid=recent-cases]", "Refund not received").await;

    let mut routes = vec![
        raw("DELETE", "/conversations/1/customer", 204, ""),
        get(
            "/conversations/1/customer",
            &LinkedCustomer {
                customer: None,
                changed: None,
            },
        ),
        raw(
            "POST",
            "/conversations/1/recognition",
            200,
            r#"{"outcome":"no_match","linked_now":false,"links":{"customer":null,"case_id":null}}"#,
        ),
        get(
            "/conversations/1/recent-cases",
            &RecentCases {
                customer: None,
                cases: vec![],
                has_more: false,
            },
        ),
    ];
    routes.extend(healthy_backend());
    stub_backend(routes);
    click(&close);

    find_text(
        &page,
        "[data-testid=customer-panel] label",
        "Find a customer",
    )
    .await;
    find_text(&page, "[data-testid=recent-cases-panel]", "Link a customer").await;
    assert!(requests()
        .iter()
        .any(|r| r == "DELETE http://backend.test/api/v1/conversations/1/customer"));
    page.remove();
}

#[wasm_bindgen_test]
fn times_and_languages_follow_the_locale_the_console_sets() {
    use customer_summary::format;
    // Noon UTC on 25 November 2026: the same day in every time zone.
    const NOON: i64 = 1_795_608_000_000;
    let root = document().document_element().expect("root element");
    let in_locale = |locale: &str| {
        root.set_attribute(format::LOCALE_ATTRIBUTE, locale)
            .expect("locale set");
        (
            format::date_time(NOON),
            format::relative(NOON - 300_000, NOON),
            format::language_name("fr"),
        )
    };
    let german = in_locale("de-DE");
    let english = in_locale("en-US");
    let german_again = in_locale("de-DE");
    root.remove_attribute(format::LOCALE_ATTRIBUTE)
        .expect("locale removed");

    assert!(german.0.contains("25.11.2026"), "{german:?}");
    assert_eq!(german.1, "vor 5 Minuten");
    assert_eq!(german.2, "Französisch");
    assert!(english.0.contains("Nov 25, 2026"), "{english:?}");
    assert_eq!(english.1, "5 minutes ago");
    assert_eq!(english.2, "French");
    assert_eq!(german_again, german);
}

#[wasm_bindgen_test]
async fn every_panel_request_is_on_the_wire_by_the_time_the_page_is_drawn() {
    stub_backend(healthy_backend());
    // Nothing yields between drawing the page and reading the requests.
    let page = mount_summary(config());
    let sent = requests();

    for path in [
        "/conversations/1",
        "/conversations/1/customer",
        "/conversations/1/case",
        "/conversations/1/recent-cases?limit=4",
        "/conversations/1/timeline?limit=10",
    ] {
        let requested = sent.iter().any(|request| {
            request
                .strip_prefix("GET http://backend.test/api/v1")
                .is_some_and(|rest| rest == path || rest.starts_with(&format!("{path}&")))
        });
        assert!(requested, "{path} not yet requested: {sent:?}");
    }
    find_text(&page, "[data-testid=customer-name]", "Maria Campbell").await;
    page.remove();
}
