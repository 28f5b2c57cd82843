//! Browser-test support: mounting the page, stubbing the backend by
//! replacing `window.fetch`, waiting for the DOM, and typed fixtures.

#![allow(dead_code)] // each test file uses its own subset

use customer_summary::config::Config;
use customer_summary::SummaryPage;
use customer_summary_model::*;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

/// One stubbed answer: requests whose method and URL contain `path` get
/// `status` and `body`, after `delay_ms`.
pub struct Route {
    pub method: &'static str,
    pub path: String,
    pub status: u16,
    pub body: String,
    pub delay_ms: u32,
}

impl Route {
    /// The same answer, `ms` milliseconds late (a slow server).
    pub fn delayed(self, ms: u32) -> Route {
        Route {
            delay_ms: ms,
            ..self
        }
    }
}

pub fn get(path: &str, body: &impl Serialize) -> Route {
    Route {
        method: "GET",
        path: path.to_owned(),
        status: 200,
        body: serde_json::to_string(body).unwrap(),
        delay_ms: 0,
    }
}

pub fn raw(method: &'static str, path: &str, status: u16, body: &str) -> Route {
    Route {
        method,
        path: path.to_owned(),
        status,
        body: body.to_owned(),
        delay_ms: 0,
    }
}

/// Replaces `window.fetch` with answers from `routes` (first match wins;
/// anything else is a 404) and records every request from now on in
/// `window.__requests` (see [`requests`]), with its `Idempotency-Key` and
/// body in `window.__sent` (see [`sent`]).
pub fn stub_backend(routes: Vec<Route>) {
    let table = js_sys::Array::new();
    for route in routes {
        let entry = js_sys::Object::new();
        for (key, value) in [
            ("method", JsValue::from_str(route.method)),
            ("path", JsValue::from_str(&route.path)),
            ("status", JsValue::from_f64(route.status.into())),
            ("body", JsValue::from_str(&route.body)),
            ("delay", JsValue::from_f64(route.delay_ms.into())),
        ] {
            js_sys::Reflect::set(&entry, &key.into(), &value).unwrap();
        }
        table.push(&entry);
    }
    let window = web_sys::window().unwrap();
    js_sys::Reflect::set(&window, &"__routes".into(), &table).unwrap();
    js_sys::Reflect::set(&window, &"__requests".into(), &js_sys::Array::new()).unwrap();
    js_sys::Reflect::set(&window, &"__sent".into(), &js_sys::Array::new()).unwrap();
    let fetch = js_sys::Function::new_with_args(
        "input, init",
        r#"
        const url = typeof input === 'string' ? input : input.url;
        const method = ((init && init.method) || (input && input.method) || 'GET').toUpperCase();
        (window.__requests = window.__requests || []).push(method + ' ' + url);
        const headers = new Headers((init && init.headers) || (typeof input === 'string' ? {} : input.headers));
        const sent = {method, url, key: headers.get('Idempotency-Key'), body: null};
        (window.__sent = window.__sent || []).push(sent);
        const respond = () => {
          const route = window.__routes.find(r => r.method === method && url.includes(r.path));
          if (!route) return Promise.resolve(new Response('{"error":{"code":"not_found","message":"no stub"}}', {status: 404}));
          const answer = () => new Response(route.status === 204 ? null : route.body, {status: route.status, headers: {'Content-Type': 'application/json'}});
          return route.delay ? new Promise(done => setTimeout(() => done(answer()), route.delay)) : Promise.resolve(answer());
        };
        if (typeof input === 'string') {
          sent.body = (init && init.body) || null;
          return respond();
        }
        if (method === 'GET') return respond();
        return input.clone().text().then(body => { sent.body = body; return respond(); });
        "#,
    );
    js_sys::Reflect::set(&window, &"fetch".into(), &fetch).unwrap();
}

/// The requests the page made so far, as "METHOD url".
pub fn requests() -> Vec<String> {
    let window = web_sys::window().unwrap();
    let list = js_sys::Reflect::get(&window, &"__requests".into()).unwrap();
    if list.is_undefined() {
        return Vec::new();
    }
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// One request as sent: its `Idempotency-Key` header and body, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub method: String,
    pub url: String,
    pub idempotency_key: Option<String>,
    pub body: Option<String>,
}

/// The requests the page made since the backend was stubbed, in order.
pub fn sent() -> Vec<Sent> {
    let window = web_sys::window().unwrap();
    let list = js_sys::Reflect::get(&window, &"__sent".into()).unwrap();
    if list.is_undefined() {
        return Vec::new();
    }
    let field = |entry: &JsValue, name: &str| {
        js_sys::Reflect::get(entry, &name.into())
            .unwrap()
            .as_string()
    };
    js_sys::Array::from(&list)
        .iter()
        .map(|entry| Sent {
            method: field(&entry, "method").unwrap(),
            url: field(&entry, "url").unwrap(),
            idempotency_key: field(&entry, "key"),
            body: field(&entry, "body"),
        })
        .collect()
}

/// Waits up to 2 s for a request "METHOD url" equal to `expected`.
pub async fn wait_for_request(expected: &str) {
    for _ in 0..100 {
        if requests().iter().any(|r| r == expected) {
            return;
        }
        sleep(20).await;
    }
    panic!("no request {expected}; the page made {:?}", requests());
}

pub fn config() -> Config {
    Config::parse(r#"{"api_base_url": "http://backend.test/api/v1", "request_timeout_ms": 2000}"#)
        .unwrap()
}

/// Mounts the summary of conversation 1 into a fresh container, removing
/// any left by an earlier test that failed before cleaning up (element ids
/// must stay unique on the page).
pub fn mount_summary(config: Config) -> Element {
    let leftovers = document().query_selector_all("[data-test-mount]").unwrap();
    for i in 0..leftovers.length() {
        leftovers
            .item(i)
            .unwrap()
            .unchecked_into::<Element>()
            .remove();
    }
    let container = document().create_element("div").unwrap();
    container.set_attribute("data-test-mount", "").unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone().unchecked_into(), move || {
        view! { <SummaryPage config conversation_id=1 /> }
    });
    // Torn down with the container at the end of the test.
    handle.forget();
    container
}

pub async fn sleep(ms: u32) {
    TimeoutFuture::new(ms).await;
}

/// Waits up to 3 s for `selector` to match inside `root`.
pub async fn find(root: &Element, selector: &str) -> Element {
    for _ in 0..150 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            return found;
        }
        sleep(20).await;
    }
    panic!("nothing matched {selector} in: {}", root.inner_html());
}

/// Waits up to 3 s for an element matching `selector` whose text contains
/// `expected`, and returns the first such element.
pub async fn find_text(root: &Element, selector: &str, expected: &str) -> Element {
    let matching = || {
        let all = root.query_selector_all(selector).unwrap();
        (0..all.length())
            .filter_map(|i| all.item(i))
            .map(|node| node.unchecked_into::<Element>())
            .find(|e| e.text_content().unwrap_or_default().contains(expected))
    };
    for _ in 0..150 {
        if let Some(found) = matching() {
            return found;
        }
        sleep(20).await;
    }
    let actual = root
        .query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default());
    panic!("no {selector} ever contained {expected:?}; the first had {actual:?}");
}

pub fn click(element: &Element) {
    element.unchecked_ref::<HtmlElement>().click();
}

pub fn key(element: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

pub fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap_or_default()
}

/// Types `value` into an input or text area as a person would: sets it
/// and fires `input`.
pub fn fill(element: &Element, value: &str) {
    js_sys::Reflect::set(element, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

/// The current value of an input or text area.
pub fn value(element: &Element) -> String {
    js_sys::Reflect::get(element, &"value".into())
        .unwrap()
        .as_string()
        .unwrap()
}

/// Presses `key` with Ctrl (`ctrl`) or with Cmd (`!ctrl`) held down.
pub fn key_with_modifier(element: &Element, key: &str, ctrl: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    if ctrl {
        init.set_ctrl_key(true);
    } else {
        init.set_meta_key(true);
    }
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

/// How many elements inside `root` match `selector`.
pub fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// The localStorage entry `key`, if there is one.
pub fn stored(key: &str) -> Option<String> {
    local_storage().get_item(key).unwrap()
}

/// Puts `value` in localStorage under `key`, as an earlier page left it.
pub fn store(key: &str, value: &str) {
    local_storage().set_item(key, value).unwrap();
}

/// The localStorage entries whose keys start with `prefix`, joined by
/// newlines; `None` if there are none.
pub fn stored_under(prefix: &str) -> Option<String> {
    let storage = local_storage();
    let values: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|key| key.starts_with(prefix))
        .filter_map(|key| storage.get_item(&key).unwrap())
        .collect();
    (!values.is_empty()).then(|| values.join("\n"))
}

/// Empties localStorage, so no test sees another's drafts.
pub fn clear_storage() {
    local_storage().clear().unwrap();
}

pub const NOW: Millis = 1_764_000_000_000;

pub fn contact() -> Contact {
    Contact {
        id: 1,
        first_name: Some("Maria".into()),
        last_name: "Campbell".into(),
        full_name: "Maria Campbell".into(),
        job_title: Some("Purchasing manager".into()),
        account_id: Some(3),
        company: Some("Contoso Pharmaceuticals".into()),
        email: Some("maria@contoso.example".into()),
        mobile_phone: Some("+44 20 7946 0958".into()),
        business_phone: None,
        city: Some("Leeds".into()),
        country: Some("United Kingdom".into()),
        active: true,
    }
}

/// A colleague: the owner of the case and author of the timeline's items.
pub fn alex() -> Actor {
    Actor {
        id: "alex.kim".into(),
        name: "Alex Kim".into(),
    }
}

/// The agent the page is signed in as.
pub fn me() -> Actor {
    Actor {
        id: "sam.lee".into(),
        name: "Sam Lee".into(),
    }
}

pub fn case() -> Case {
    Case {
        id: 11,
        ticket_number: "CAS-01011-K7Q2".into(),
        title: "Refund not received for order 48213".into(),
        description: None,
        priority: Priority::High,
        status: CaseStatus::InProgress,
        product: Some("Smart thermostat".into()),
        owner: alex(),
        created_by: alex(),
        customer: CustomerRef {
            kind: CustomerKind::Contact,
            id: 1,
        },
        customer_name: "Maria Campbell".into(),
        created_at: NOW - 86_400_000,
        modified_at: NOW,
    }
}

pub fn conversation() -> Conversation {
    Conversation {
        id: 1,
        title: "Refund question".into(),
        channel: Channel::Chat,
        status: ConversationStatus::Active,
        queue: Some("Billing".into()),
        skills: vec!["Billing".into(), "French".into()],
        started_at: NOW,
        wait_started_at: NOW - 125_000,
        accepted_at: Some(NOW),
        accepted_by: None,
        pre_chat: vec![
            PreChatAnswer {
                question: "Name".into(),
                answer: Some("Maria Campbell".into()),
                kind: AnswerKind::SingleLine,
            },
            PreChatAnswer {
                question: "What can we help you with?".into(),
                answer: Some("<img src=x onerror=\"window.__pwned=1\">".into()),
                kind: AnswerKind::MultiLine,
            },
            PreChatAnswer {
                question: "May we record this chat?".into(),
                answer: Some("true".into()),
                kind: AnswerKind::Consent,
            },
        ],
        self_service: vec![
            JourneyItem {
                type_code: JourneyKind::CUSTOM_ACTION_SAMPLE,
                title: "Started a return".into(),
                url: None,
                at: NOW - 60_000,
            },
            JourneyItem {
                type_code: JourneyKind::PAGE_VIEW,
                title: "Orders".into(),
                url: Some("javascript:window.__pwned=1".into()),
                at: NOW - 120_000,
            },
            JourneyItem {
                type_code: JourneyKind::PAGE_VIEW,
                title: "Refund policy".into(),
                url: Some("https://shop.example/refunds".into()),
                at: NOW - 180_000,
            },
            JourneyItem {
                type_code: 192_350_999,
                title: "Mystery event".into(),
                url: None,
                at: NOW - 240_000,
            },
        ],
        visitor: VisitorDetails {
            authenticated: true,
            browser: Some("Firefox 133".into()),
            os: None,
            location: Some("Leeds, United Kingdom".into()),
            language: Some("fr-CA".into()),
        },
        context: vec![ContextItem {
            name: "Order".into(),
            value: "48213".into(),
        }],
        links: Links {
            customer: Some(CustomerRef {
                kind: CustomerKind::Contact,
                id: 1,
            }),
            case_id: Some(11),
        },
        event_seq: 0,
    }
}

pub fn timeline_page() -> TimelinePage {
    let record = LinkedRecord {
        kind: RecordKind::Contact,
        id: 1,
        label: "Maria Campbell".into(),
    };
    TimelinePage {
        record: Some(record.clone()),
        records: vec![
            record,
            LinkedRecord {
                kind: RecordKind::Case,
                id: 11,
                label: "CAS-01011-K7Q2: Refund not received".into(),
            },
        ],
        items: vec![TimelineItem {
            id: 5,
            kind: TimelineKind::PhoneCall,
            title: "Called about the refund".into(),
            body: "Promised a call back.".into(),
            author: alex(),
            at: NOW - 3_600_000,
        }],
        next_cursor: None,
    }
}

/// Every panel of conversation 1 answering normally.
pub fn healthy_backend() -> Vec<Route> {
    vec![
        get(
            "/conversations/1/customer",
            &LinkedCustomer {
                customer: Some(Customer::Contact(contact())),
                changed: None,
            },
        ),
        get(
            "/conversations/1/case",
            &LinkedCase {
                case: Some(case()),
                changed: None,
            },
        ),
        get("/me", &me()),
        get(
            "/conversations/1/recent-cases",
            &RecentCases {
                customer: Some(case().customer),
                cases: vec![case()],
                has_more: false,
            },
        ),
        get("/conversations/1/timeline", &timeline_page()),
        get("/conversations/1", &conversation()),
    ]
}
