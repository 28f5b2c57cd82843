//! Browser tests of finding, creating and linking the customer and the
//! case: the combobox keyboard flow, recognition's messages, the create
//! forms' validation, and replacing the linked case from Recent cases.
//! The backend is a stubbed `window.fetch`; the failures it stands in for
//! are named where they occur.

#![cfg(target_arch = "wasm32")]

mod support;

use customer_summary_model::{
    Customer, LinkedCase, LinkedCustomer, Links, Recognition, RecognitionOutcome,
};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Conversation 1 with nothing linked; recognition found `outcome`.
fn unlinked_backend(outcome: RecognitionOutcome) -> Vec<Route> {
    let mut routes = vec![
        get(
            "/conversations/1/customer",
            &LinkedCustomer {
                customer: None,
                changed: None,
            },
        ),
        get(
            "/conversations/1/case",
            &LinkedCase {
                case: None,
                changed: None,
            },
        ),
        raw(
            "POST",
            "/conversations/1/recognition",
            200,
            &serde_json::to_string(&Recognition {
                outcome,
                linked_now: false,
                links: Links::default(),
            })
            .unwrap(),
        ),
    ];
    routes.extend(healthy_backend());
    routes
}

fn type_into(input: &web_sys::Element, text: &str) {
    let input: &web_sys::HtmlInputElement = input.unchecked_ref();
    input.set_value(text);
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn recognition_explains_why_nothing_was_linked() {
    stub_backend(unlinked_backend(RecognitionOutcome::Several));
    let page = mount_summary(config());
    find_text(
        &page,
        "[data-testid=recognition]",
        "One or more records found. Select a record or create new",
    )
    .await;
    page.remove();

    stub_backend(unlinked_backend(RecognitionOutcome::NoMatch));
    let page = mount_summary(config());
    find_text(&page, "[data-testid=recognition]", "No records found.").await;
    page.remove();
}

#[wasm_bindgen_test]
async fn the_customer_search_follows_the_combobox_keyboard_pattern() {
    let mut namesake = contact();
    namesake.id = 2;
    namesake.email = Some("maria.c@fabrikam.example".into());
    let mut routes = vec![get(
        "/customers?",
        &vec![Customer::Contact(contact()), Customer::Contact(namesake)],
    )];
    routes.push(raw(
        "PUT",
        "/conversations/1/customer",
        200,
        r#"{"customer":{"kind":"contact","id":2},"case_id":null}"#,
    ));
    routes.extend(unlinked_backend(RecognitionOutcome::NoMatch));
    stub_backend(routes);
    let page = mount_summary(config());
    let input = find(&page, "#customer-search-input").await;

    type_into(&input, "M");
    sleep(400).await;
    assert!(
        !requests().iter().any(|r| r.contains("/customers?")),
        "one character never reaches the server"
    );

    type_into(&input, "Ma");
    type_into(&input, "Mar");
    find_text(
        &page,
        "[data-testid=customer-panel] [role=status]",
        "2 results",
    )
    .await;
    let searches: Vec<String> = requests()
        .into_iter()
        .filter(|r| r.contains("/customers?"))
        .collect();
    assert_eq!(
        searches.len(),
        1,
        "debounced to the last query: {searches:?}"
    );
    assert!(searches[0].contains("q=Mar"), "{searches:?}");
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );

    key(&input, "ArrowDown");
    key(&input, "ArrowDown");
    sleep(30).await;
    assert_eq!(
        input.get_attribute("aria-activedescendant").as_deref(),
        Some("customer-search-option-1")
    );
    let active = text(&page, "[role=option][aria-selected=true]");
    assert!(active.contains("fabrikam"), "{active}");

    key(&input, "Escape");
    sleep(30).await;
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    key(&input, "ArrowDown");
    key(&input, "Enter");
    wait_for_request("PUT http://backend.test/api/v1/conversations/1/customer").await;
    page.remove();
}

#[wasm_bindgen_test]
async fn a_new_contact_is_validated_next_to_its_fields_and_keeps_what_was_typed() {
    let mut routes = vec![raw(
        "POST",
        "/conversations/1/contacts",
        400,
        r#"{"error":{"code":"bad_parameter","message":"That email is already used by an inactive contact.","field":"email"}}"#,
    )];
    routes.extend(unlinked_backend(RecognitionOutcome::NoMatch));
    stub_backend(routes);
    let page = mount_summary(config());
    click(&find_text(&page, "button", "+ Add Contact").await);
    let first = find(&page, "#new-contact-first_name").await;
    type_into(&first, "Zoë");
    type_into(&find(&page, "#new-contact-email").await, "zoe@");
    click(
        &find_text(
            &page,
            "[data-testid=customer-panel] button[type=submit]",
            "Save",
        )
        .await,
    );

    find_text(&page, "#new-contact-last_name-error", "needs a last name").await;
    find_text(&page, "#new-contact-email-error", "email address").await;
    let last = page
        .query_selector("#new-contact-last_name")
        .unwrap()
        .unwrap();
    assert_eq!(last.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        last.get_attribute("aria-describedby").as_deref(),
        Some("new-contact-last_name-error")
    );
    assert!(!requests()
        .iter()
        .any(|r| r.starts_with("POST http://backend.test/api/v1/conversations/1/contacts")));

    // The server refuses what the page accepted (a 400 naming the field).
    type_into(&last, "Lefèvre");
    type_into(
        &find(&page, "#new-contact-email").await,
        "zoe@contoso.example",
    );
    click(
        &find_text(
            &page,
            "[data-testid=customer-panel] button[type=submit]",
            "Save",
        )
        .await,
    );
    find_text(&page, "#new-contact-email-error", "already used").await;
    let typed: &web_sys::HtmlInputElement = first.unchecked_ref();
    assert_eq!(typed.value(), "Zoë", "the typed text stays");
    page.remove();
}

#[wasm_bindgen_test]
async fn a_case_cannot_be_created_without_a_customer() {
    let mut routes = vec![get(
        "/conversations/1/customer",
        &LinkedCustomer {
            customer: None,
            changed: None,
        },
    )];
    routes.extend(unlinked_backend(RecognitionOutcome::NoMatch));
    stub_backend(routes);
    let page = mount_summary(config());
    click(&find_text(&page, "button", "+ Add Case").await);
    find_text(
        &page,
        "[data-testid=case-panel] [role=status]",
        "Link a customer first",
    )
    .await;
    assert!(page.query_selector("#new-case-title").unwrap().is_none());
    page.remove();
}

#[wasm_bindgen_test]
async fn picking_a_recent_case_asks_before_replacing_the_linked_one() {
    let mut other = case();
    other.id = 12;
    other.ticket_number = "CAS-01012-ZZZZ".into();
    other.title = "Second thermostat is offline".into();
    let mut routes = vec![
        get(
            "/conversations/1/recent-cases",
            &customer_summary_model::RecentCases {
                customer: Some(case().customer),
                cases: vec![case(), other],
                has_more: false,
            },
        ),
        raw(
            "PUT",
            "/conversations/1/case",
            200,
            r#"{"customer":{"kind":"contact","id":1},"case_id":12}"#,
        ),
    ];
    routes.extend(healthy_backend());
    stub_backend(routes);
    let page = mount_summary(config());
    find_text(&page, "[data-testid=case-number]", "CAS-01011-K7Q2").await;
    let linked = find_text(
        &page,
        "[data-testid=recent-cases] li",
        "linked to this conversation",
    )
    .await;
    assert!(linked.text_content().unwrap().contains("CAS-01011-K7Q2"));

    click(
        &find_text(
            &page,
            "[data-testid=recent-cases] button",
            "Second thermostat",
        )
        .await,
    );
    let question = find_text(
        &page,
        "[data-testid=recent-cases-panel] [role=group]",
        "Replace it with CAS-01012-ZZZZ?",
    )
    .await;
    assert!(
        !requests().iter().any(|r| r.starts_with("PUT")),
        "nothing changes before the answer"
    );
    let keep = question
        .query_selector("button:last-child")
        .unwrap()
        .unwrap();
    click(&keep);
    sleep(30).await;
    assert!(page
        .query_selector("[data-testid=recent-cases-panel] [role=group]")
        .unwrap()
        .is_none());

    click(
        &find_text(
            &page,
            "[data-testid=recent-cases] button",
            "Second thermostat",
        )
        .await,
    );
    let question = find(&page, "[data-testid=recent-cases-panel] [role=group]").await;
    assert_eq!(
        leptos::prelude::document()
            .active_element()
            .unwrap()
            .text_content()
            .unwrap(),
        "Replace",
        "focus moves to the question"
    );
    click(&question.query_selector("button").unwrap().unwrap());
    wait_for_request("PUT http://backend.test/api/v1/conversations/1/case").await;
    page.remove();
}
