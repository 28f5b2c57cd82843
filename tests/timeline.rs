//! Browser tests of the Timeline panel against a stubbed `window.fetch`:
//! the Linked records selector, the type filter and the debounced search
//! (with a slow server), long bodies, and the quick note — checked before
//! sending, saved optimistically, kept and retried with the same
//! `Idempotency-Key` when the server fails (failures a real server cannot
//! easily produce), its draft kept in localStorage, its text shown as typed.

#![cfg(target_arch = "wasm32")]

mod support;

use customer_summary_model::{
    Actor, Customer, LinkChange, LinkedCase, LinkedCustomer, LinkedRecord, NewNote, RecordKind,
    TimelineItem, TimelineKind, TimelinePage,
};
use leptos::prelude::document;
use support::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const NOTES: &str = "/records/contact/1/notes";
const DRAFT_KEY: &str = "customer-summary:agent=sam.lee:note-draft:1:contact:1";
/// Every pending note of contact 1 has an entry of its own under this.
const PENDING: &str = "customer-summary:agent=sam.lee:pending-note:1:contact:1:";

fn item(id: i64, kind: TimelineKind, title: &str, body: &str) -> TimelineItem {
    TimelineItem {
        id,
        kind,
        title: title.into(),
        body: body.into(),
        author: alex(),
        at: NOW - id * 60_000,
    }
}

/// Conversation 1's contact timeline holding `items`.
fn page_of(items: Vec<TimelineItem>) -> TimelinePage {
    TimelinePage {
        items,
        ..timeline_page()
    }
}

/// `routes` first, then every panel answering normally.
fn backend_with(mut routes: Vec<Route>) -> Vec<Route> {
    routes.extend(healthy_backend());
    routes
}

/// The notes endpoint storing a note as `saved`.
fn notes_endpoint(saved: &TimelineItem) -> Route {
    raw("POST", NOTES, 201, &serde_json::to_string(saved).unwrap())
}

/// The timeline requests so far, as "GET url" without the `&` the HTTP
/// client leaves at the end of a query string.
fn timeline_requests() -> Vec<String> {
    requests()
        .into_iter()
        .filter(|r| r.contains("/timeline?"))
        .map(|r| r.trim_end_matches('&').to_owned())
        .collect()
}

fn posts() -> Vec<Sent> {
    sent().into_iter().filter(|s| s.method == "POST").collect()
}

/// The `data-kind` of every entry shown, top to bottom.
fn kinds(page: &Element) -> Vec<String> {
    let items = page
        .query_selector_all("[data-testid=timeline-item]")
        .unwrap();
    (0..items.length())
        .map(|i| {
            let item: Element = wasm_bindgen::JsCast::unchecked_into(items.item(i).unwrap());
            item.get_attribute("data-kind").unwrap()
        })
        .collect()
}

/// Waits up to 3 s for `condition`.
async fn until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..150 {
        if condition() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting until {what}");
}

/// The quick note's title input, text area and Save button, once the page
/// knows who is signed in (notes are kept under the agent).
async fn quick_note(page: &Element) -> (Element, Element, Element) {
    find_text(page, "[data-testid=signed-in-as]", "Sam Lee").await;
    (
        find(page, "#quick-note-title").await,
        find(page, "#quick-note-text").await,
        find(page, "[data-testid=timeline-panel] button[type=submit]").await,
    )
}

#[wasm_bindgen_test]
async fn the_linked_records_selector_lists_the_linked_records_and_switches_between_them() {
    clear_storage();
    let case = LinkedRecord {
        kind: RecordKind::Case,
        id: 11,
        label: "CAS-01011-K7Q2: Refund not received".into(),
    };
    let case_page = TimelinePage {
        record: Some(case),
        items: vec![item(20, TimelineKind::Task, "Check with the courier", "")],
        ..timeline_page()
    };
    stub_backend(backend_with(vec![get("&record=case", &case_page)]));
    let page = mount_summary(config());

    let select = find(&page, "#timeline-record").await;
    find_text(
        &page,
        "[data-testid=timeline-items]",
        "Called about the refund",
    )
    .await;
    assert_eq!(
        select.text_content().unwrap(),
        "Contact: Maria CampbellCase: CAS-01011-K7Q2: Refund not received"
    );
    js_sys::Reflect::set(&select, &"value".into(), &"case".into()).unwrap();
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();

    find_text(
        &page,
        "[data-testid=timeline-items]",
        "Check with the courier",
    )
    .await;
    assert!(
        timeline_requests()
            .iter()
            .any(|r| r.ends_with("/conversations/1/timeline?limit=10&record=case")),
        "{:?}",
        timeline_requests()
    );
    // The selector stayed mounted, so keyboard focus is never lost.
    assert!(select.is_connected());
    page.remove();
}

#[wasm_bindgen_test]
async fn the_type_filter_sends_the_chosen_types_and_shows_only_those() {
    clear_storage();
    let email = item(1, TimelineKind::Email, "Refund confirmation", "Sent.");
    let note = item(2, TimelineKind::Note, "Prefers email", "No calls.");
    let call = item(3, TimelineKind::PhoneCall, "Called back", "Left a message.");
    let invoice = item(4, TimelineKind::Email, "Invoice copy", "Attached.");
    stub_backend(backend_with(vec![
        get(
            "/timeline?limit=10&types=note,email",
            &page_of(vec![email.clone(), note.clone()]),
        ),
        get(
            "/timeline?limit=10&types=email",
            &page_of(vec![email.clone(), invoice]),
        ),
        get(
            "/conversations/1/timeline",
            &page_of(vec![email, note, call]),
        ),
    ]));
    let page = mount_summary(config());
    find_text(&page, "[data-testid=timeline-items]", "Called back").await;
    let toggle = |label: &'static str| {
        let page = page.clone();
        async move {
            find_text(
                &page,
                "[data-testid=timeline-panel] button[aria-pressed]",
                label,
            )
            .await
        }
    };

    let email_toggle = toggle("Email").await;
    assert_eq!(email_toggle.get_attribute("aria-pressed").unwrap(), "false");
    click(&email_toggle);
    until("only emails are shown", || {
        kinds(&page) == ["email", "email"]
    })
    .await;
    assert_eq!(email_toggle.get_attribute("aria-pressed").unwrap(), "true");
    assert!(timeline_requests()
        .iter()
        .any(|r| r.ends_with("/conversations/1/timeline?limit=10&types=email")));

    click(&toggle("Note").await);
    until("notes and emails are shown", || {
        kinds(&page) == ["email", "note"]
    })
    .await;
    assert!(timeline_requests()
        .iter()
        .any(|r| r.ends_with("/timeline?limit=10&types=note,email")));

    // None pressed means every type, and no `types` parameter.
    click(&toggle("Note").await);
    click(&toggle("Email").await);
    until("every type is shown again", || kinds(&page).len() == 3).await;
    let last = timeline_requests().pop().unwrap();
    assert!(
        last.ends_with("/conversations/1/timeline?limit=10"),
        "{last}"
    );
    page.remove();
}

#[wasm_bindgen_test]
async fn the_search_waits_for_typing_to_pause_and_a_slow_older_answer_never_replaces_a_newer_one() {
    clear_storage();
    let slow = page_of(vec![item(7, TimelineKind::Email, "Slow answer", "")]);
    let fast = page_of(vec![item(8, TimelineKind::Note, "Fast answer", "")]);
    // A slow server: the first search is answered after the second.
    stub_backend(backend_with(vec![
        get("&q=slow", &slow).delayed(800),
        get("&q=fast", &fast),
    ]));
    let page = mount_summary(config());
    let search = find(&page, "#timeline-search").await;
    find_text(
        &page,
        "[data-testid=timeline-items]",
        "Called about the refund",
    )
    .await;
    let searches = || -> Vec<String> {
        timeline_requests()
            .into_iter()
            .filter(|r| r.contains("&q="))
            .collect()
    };

    for typed in ["s", "sl", "slo", "slow"] {
        fill(&search, typed);
        sleep(60).await;
    }
    sleep(100).await;
    assert_eq!(
        searches(),
        Vec::<String>::new(),
        "typing has not paused yet"
    );
    sleep(250).await;
    assert_eq!(searches().len(), 1, "{:?}", searches());
    assert!(searches()[0].ends_with("/timeline?limit=10&q=slow"));

    fill(&search, "fast");
    find_text(&page, "[data-testid=timeline-items]", "Fast answer").await;
    // Past the slow answer's arrival, the newer results are still shown.
    sleep(1000).await;
    let shown = text(&page, "[data-testid=timeline-items]");
    assert!(shown.contains("Fast answer"), "{shown}");
    assert!(!shown.contains("Slow answer"), "{shown}");
    assert_eq!(value(&search), "fast", "the search box kept its text");
    assert!(searches().last().unwrap().ends_with("&q=fast"));
    page.remove();
}

#[wasm_bindgen_test]
async fn a_long_body_shows_a_snippet_that_expands_and_collapses() {
    clear_storage();
    let long = "The parcel went back to the depot. ".repeat(20);
    stub_backend(backend_with(vec![get(
        "/conversations/1/timeline",
        &page_of(vec![item(3, TimelineKind::Email, "Courier update", &long)]),
    )]));
    let page = mount_summary(config());
    let button = find_text(&page, "[data-testid=timeline-item] button", "Show more").await;
    let body = find(&page, "#timeline-item-3-body").await;
    assert_eq!(button.get_attribute("aria-expanded").unwrap(), "false");
    assert_eq!(
        button.get_attribute("aria-controls").unwrap(),
        "timeline-item-3-body"
    );
    let snippet = body.text_content().unwrap();
    assert!(
        snippet.ends_with('…') && snippet.len() < long.len(),
        "{snippet}"
    );

    click(&button);
    until("the body is whole", || body.text_content().unwrap() == long).await;
    assert_eq!(button.get_attribute("aria-expanded").unwrap(), "true");
    assert_eq!(button.text_content().unwrap(), "Show less");
    click(&button);
    until("the body is a snippet again", || {
        body.text_content().unwrap() == snippet
    })
    .await;
    page.remove();
}

#[wasm_bindgen_test]
async fn an_empty_note_is_refused_next_to_its_field_and_keeps_what_was_typed() {
    clear_storage();
    stub_backend(healthy_backend());
    let page = mount_summary(config());
    let (title, text_area, save) = quick_note(&page).await;
    fill(&title, "Call back on Monday");
    fill(&text_area, "  \n ");
    click(&save);

    let error = find_text(
        &page,
        "#quick-note-text-error",
        "Write the note before saving it.",
    )
    .await;
    assert_eq!(error.get_attribute("role").unwrap(), "alert");
    assert!(text_area
        .get_attribute("aria-describedby")
        .unwrap()
        .contains("quick-note-text-error"));
    assert_eq!(text_area.get_attribute("aria-invalid").unwrap(), "true");
    assert_eq!(value(&title), "Call back on Monday");
    assert_eq!(value(&text_area), "  \n ");
    assert_eq!(
        document().active_element().unwrap().id(),
        "quick-note-text",
        "the field at fault has the focus"
    );
    assert!(posts().is_empty(), "nothing was sent");

    fill(&text_area, "Customer asked for Monday.");
    until("the error is gone once fixed", || {
        error.has_attribute("hidden")
    })
    .await;
    page.remove();
}

#[wasm_bindgen_test]
async fn ctrl_enter_saves_a_note_that_shows_at_once_and_is_then_confirmed() {
    clear_storage();
    let saved = item(
        900,
        TimelineKind::Note,
        "Promised a refund",
        "Refund approved by Alex.",
    );
    stub_backend(backend_with(vec![notes_endpoint(&saved).delayed(400)]));
    let page = mount_summary(config());
    let (title, text_area, _) = quick_note(&page).await;
    find_text(
        &page,
        "[data-testid=timeline-items]",
        "Called about the refund",
    )
    .await;
    fill(&title, "Promised a refund");
    fill(&text_area, "Refund approved by Alex.");
    key_with_modifier(&text_area, "Enter", true);

    // At once: on top, marked as saving; the form is ready for the next note.
    let saving = find_text(
        &page,
        "[data-testid=timeline-item]:first-child [role=status]",
        "Saving…",
    )
    .await;
    let first = saving
        .closest("[data-testid=timeline-item]")
        .unwrap()
        .unwrap();
    assert!(first
        .text_content()
        .unwrap()
        .contains("Refund approved by Alex."));
    assert_eq!(kinds(&page), ["note", "phone_call"]);
    assert_eq!(
        (value(&title), value(&text_area)),
        (String::new(), String::new())
    );

    // Then the server's note replaces it.
    find(&page, "#timeline-item-900-body").await;
    until("nothing is saving", || {
        count(&page, "[data-testid=timeline-items] [role=status]") == 0
    })
    .await;
    assert_eq!(kinds(&page), ["note", "phone_call"]);
    let first_post = posts();
    assert_eq!(first_post.len(), 1);
    assert_eq!(
        first_post[0].url,
        "http://backend.test/api/v1/records/contact/1/notes"
    );
    let body: NewNote = serde_json::from_str(first_post[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        NewNote {
            title: Some("Promised a refund".into()),
            text: "Refund approved by Alex.".into()
        }
    );
    let first_key = first_post[0].idempotency_key.clone().unwrap();
    assert_eq!(first_key.len(), 36, "a UUID: {first_key}");

    // Cmd+Enter saves too, as a new note with a key of its own.
    let next = item(901, TimelineKind::Note, "", "Second note");
    stub_backend(backend_with(vec![notes_endpoint(&next)]));
    fill(&text_area, "Second note");
    key_with_modifier(&text_area, "Enter", false);
    find(&page, "#timeline-item-901-body").await;
    let again = posts();
    assert_eq!(again.len(), 1);
    assert_ne!(
        again[0].idempotency_key.as_deref(),
        Some(first_key.as_str())
    );
    page.remove();
}

#[wasm_bindgen_test]
async fn a_note_that_failed_to_save_is_kept_across_a_reload_and_every_retry_reuses_its_key() {
    clear_storage();
    // A 500 from the notes endpoint.
    stub_backend(backend_with(vec![raw(
        "POST",
        NOTES,
        500,
        r#"{"error":{"code":"internal","message":"database is locked"}}"#,
    )]));
    let page = mount_summary(config());
    let (_, text_area, save) = quick_note(&page).await;
    fill(&text_area, "Refund goes to the old card.");
    click(&save);

    let failure = find_text(
        &page,
        "[data-testid=timeline-items] [role=alert]",
        "HTTP 500",
    )
    .await;
    assert!(failure.text_content().unwrap().contains("Not saved"));
    let kept = failure
        .closest("[data-testid=timeline-item]")
        .unwrap()
        .unwrap();
    assert!(kept
        .text_content()
        .unwrap()
        .contains("Refund goes to the old card."));
    let key = posts()[0].idempotency_key.clone().unwrap();
    let stored_note = stored_under(PENDING).expect("the pending note is in localStorage");
    assert!(stored_note.contains(&key) && stored_note.contains("Refund goes to the old card."));

    click(&find_text(&page, "[data-testid=timeline-items] button", "Retry").await);
    until("the retry was sent", || posts().len() == 2).await;
    find_text(
        &page,
        "[data-testid=timeline-items] [role=alert]",
        "HTTP 500",
    )
    .await;
    assert_eq!(posts()[1].idempotency_key.as_deref(), Some(key.as_str()));

    // Reloaded (or the iframe re-created): the note is still there, failed.
    page.remove();
    let page = mount_summary(config());
    find_text(
        &page,
        "[data-testid=timeline-items] [role=alert]",
        "Not saved",
    )
    .await;
    assert!(text(&page, "[data-testid=timeline-items]").contains("Refund goes to the old card."));

    let saved = item(902, TimelineKind::Note, "", "Refund goes to the old card.");
    stub_backend(backend_with(vec![notes_endpoint(&saved)]));
    click(&find_text(&page, "[data-testid=timeline-items] button", "Retry").await);
    find(&page, "#timeline-item-902-body").await;
    until("the failure is gone", || {
        count(&page, "[data-testid=timeline-items] [role=alert]") == 0
    })
    .await;
    let posts = posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].idempotency_key.as_deref(), Some(key.as_str()));
    assert_eq!(
        stored_under(PENDING),
        None,
        "confirmed notes leave localStorage"
    );
    page.remove();
}

#[wasm_bindgen_test]
async fn notes_pending_in_the_older_one_list_form_are_sent_and_kept_one_per_entry() {
    clear_storage();
    // As the app kept them before each note had an entry of its own.
    let legacy = r#"[{"key":"6f0c2d3e-0000-4000-8000-000000000001","note":{"title":null,"text":"Left before the update"},"at":1764000000000,"failure":"Could not reach the server."}]"#;
    store("customer-summary:pending-notes:1:contact:1", legacy);
    let saved = item(904, TimelineKind::Note, "", "Left before the update");
    stub_backend(backend_with(vec![notes_endpoint(&saved).delayed(300)]));
    let page = mount_summary(config());
    find_text(
        &page,
        "[data-testid=timeline-items]",
        "Left before the update",
    )
    .await;
    assert_eq!(stored("customer-summary:pending-notes:1:contact:1"), None);
    assert!(stored_under(PENDING).is_some_and(|kept| kept.contains("Left before the update")));
    find(&page, "#timeline-item-904-body").await;
    let posts = posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(
        posts[0].idempotency_key.as_deref(),
        Some("6f0c2d3e-0000-4000-8000-000000000001")
    );
    until("nothing is pending", || stored_under(PENDING).is_none()).await;
    page.remove();
}

#[wasm_bindgen_test]
async fn the_draft_survives_a_remount_and_is_cleared_once_the_server_confirmed_the_note() {
    clear_storage();
    let saved = item(
        903,
        TimelineKind::Note,
        "Follow-up",
        "Send the return label.",
    );
    stub_backend(backend_with(vec![notes_endpoint(&saved).delayed(300)]));
    let page = mount_summary(config());
    let (title, text_area, _) = quick_note(&page).await;
    fill(&title, "Follow-up");
    fill(&text_area, "Send the return label.");
    assert_eq!(
        stored(DRAFT_KEY).as_deref(),
        Some(r#"{"title":"Follow-up","text":"Send the return label."}"#)
    );

    page.remove();
    let page = mount_summary(config());
    let (title, text_area, save) = quick_note(&page).await;
    until("the draft is back", || {
        value(&title) == "Follow-up" && value(&text_area) == "Send the return label."
    })
    .await;

    click(&save);
    find_text(
        &page,
        "[data-testid=timeline-items] [role=status]",
        "Saving…",
    )
    .await;
    assert!(
        stored_under(PENDING).is_some_and(|pending| pending.contains("Send the return label.")),
        "until confirmed, the note is kept in localStorage"
    );
    find(&page, "#timeline-item-903-body").await;
    until("nothing is kept once confirmed", || {
        stored(DRAFT_KEY).is_none() && stored_under(PENDING).is_none()
    })
    .await;
    page.remove();
}

#[wasm_bindgen_test]
async fn a_note_the_server_refuses_goes_back_into_the_form_with_the_reason_next_to_the_field() {
    clear_storage();
    // A 400 from the notes endpoint, naming the field.
    stub_backend(backend_with(vec![raw(
        "POST",
        NOTES,
        400,
        r#"{"error":{"code":"bad_parameter","message":"The note says nothing.","field":"text"}}"#,
    )]));
    let page = mount_summary(config());
    let (_, text_area, save) = quick_note(&page).await;
    fill(&text_area, "🎉");
    click(&save);

    find_text(&page, "#quick-note-text-error", "The note says nothing.").await;
    assert_eq!(value(&text_area), "🎉");
    assert_eq!(
        count(&page, "[data-testid=timeline-items] [role=alert]"),
        0,
        "no failed copy is left in the timeline"
    );
    page.remove();
}

#[wasm_bindgen_test]
async fn note_text_is_shown_back_exactly_as_typed() {
    clear_storage();
    let title = "עדכון <i>חשוב</i>";
    let typed =
        "<b>x</b> <img src=x onerror=\"window.__pwned=1\"> 🎉👩🏽‍💻\nمرحبا  بالعالم\n\tindented";
    let saved = item(904, TimelineKind::Note, title, typed);
    stub_backend(backend_with(vec![notes_endpoint(&saved).delayed(200)]));
    let page = mount_summary(config());
    let (title_input, text_area, save) = quick_note(&page).await;
    fill(&title_input, title);
    fill(&text_area, typed);
    click(&save);

    let saving = find(&page, "[data-testid=timeline-items] [role=status]").await;
    let pending = saving
        .closest("[data-testid=timeline-item]")
        .unwrap()
        .unwrap();
    let body = pending.query_selector("p[id$=-body]").unwrap().unwrap();
    assert_eq!(body.text_content().unwrap(), typed);

    let body = find(&page, "#timeline-item-904-body").await;
    assert_eq!(body.text_content().unwrap(), typed);
    assert!(text(&page, "[data-testid=timeline-items]").contains(title));
    for tag in ["b", "i", "img"] {
        assert_eq!(
            count(&page, &format!("[data-testid=timeline-items] {tag}")),
            0
        );
    }
    let sent: NewNote = serde_json::from_str(posts()[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(sent.text, typed, "sent byte for byte");
    assert_eq!(sent.title.as_deref(), Some(title));
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
    page.remove();
}

#[wasm_bindgen_test]
async fn the_signed_in_agents_own_entries_say_you_and_everyone_else_is_named() {
    clear_storage();
    let mine = TimelineItem {
        author: me(),
        ..item(7, TimelineKind::Note, "Mine", "Written by the agent")
    };
    let theirs = item(6, TimelineKind::Note, "Theirs", "Written by a colleague");
    let change = |by: Actor| {
        Some(LinkChange {
            linked: true,
            by,
            at: NOW - 60_000,
            version: 1,
        })
    };
    stub_backend(backend_with(vec![
        get("/conversations/1/timeline", &page_of(vec![mine, theirs])),
        get(
            "/conversations/1/customer",
            &LinkedCustomer {
                customer: Some(Customer::Contact(contact())),
                changed: change(me()),
            },
        ),
        get(
            "/conversations/1/case",
            &LinkedCase {
                case: Some(case()),
                changed: change(alex()),
            },
        ),
    ]));
    let page = mount_summary(config());
    find_text(&page, "[data-testid=signed-in-as]", "Signed in as Sam Lee").await;
    // Who linked the customer and the case, as the cards say.
    find_text(
        &page,
        "[data-testid=customer-panel] [data-testid=linked-by]",
        "Linked by You",
    )
    .await;
    find_text(
        &page,
        "[data-testid=case-panel] [data-testid=linked-by]",
        "Linked by Alex Kim",
    )
    .await;
    let authors = || {
        let list = page
            .query_selector_all("[data-testid=timeline-item] [data-actor]")
            .unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect::<Vec<_>>()
    };
    until("the own entry says You", || {
        authors() == ["You", "Alex Kim"]
    })
    .await;
    // The case card names its owner, a colleague, by name.
    let owner = find(&page, "[data-testid=case-panel] dd [data-actor]").await;
    assert_eq!(owner.text_content().as_deref(), Some("Alex Kim"));
    page.remove();
}

// A name from a token or another system may hold a right-to-left
// override; isolated (`<bdi>`), it cannot reorder the words after it.
#[wasm_bindgen_test]
async fn a_right_to_left_override_in_a_name_does_not_reorder_its_neighbours() {
    clear_storage();
    let spoofed = TimelineItem {
        author: Actor {
            id: "mallory".into(),
            name: "Ben \u{202E}Carter".into(),
        },
        ..item(8, TimelineKind::Note, "Spoofed", "A note")
    };
    stub_backend(backend_with(vec![get(
        "/conversations/1/timeline",
        &page_of(vec![spoofed]),
    )]));
    let page = mount_summary(config());
    let name = find(&page, "[data-actor=mallory]").await;
    assert_eq!(name.tag_name(), "BDI");
    let time = find(&page, "[data-testid=timeline-item] time").await;
    let (name_box, time_box) = (
        name.get_bounding_client_rect(),
        time.get_bounding_client_rect(),
    );
    assert!(
        time_box.left() >= name_box.right() - 0.5,
        "the time stays after the name: name {}..{}, time {}..{}",
        name_box.left(),
        name_box.right(),
        time_box.left(),
        time_box.right()
    );
    page.remove();
}
