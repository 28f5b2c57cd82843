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
/// `status` and `body`.
pub struct Route {
    pub method: &'static str,
    pub path: String,
    pub status: u16,
    pub body: String,
}

pub fn get(path: &str, body: &impl Serialize) -> Route {
    Route {
        method: "GET",
        path: path.to_owned(),
        status: 200,
        body: serde_json::to_string(body).unwrap(),
    }
}

pub fn raw(method: &'static str, path: &str, status: u16, body: &str) -> Route {
    Route {
        method,
        path: path.to_owned(),
        status,
        body: body.to_owned(),
    }
}

/// Replaces `window.fetch` with answers from `routes` (first match wins;
/// anything else is a 404) and records every request in `window.__requests`.
pub fn stub_backend(routes: Vec<Route>) {
    let table = js_sys::Array::new();
    for route in routes {
        let entry = js_sys::Object::new();
        for (key, value) in [
            ("method", JsValue::from_str(route.method)),
            ("path", JsValue::from_str(&route.path)),
            ("status", JsValue::from_f64(route.status.into())),
            ("body", JsValue::from_str(&route.body)),
        ] {
            js_sys::Reflect::set(&entry, &key.into(), &value).unwrap();
        }
        table.push(&entry);
    }
    let window = web_sys::window().unwrap();
    js_sys::Reflect::set(&window, &"__routes".into(), &table).unwrap();
    let fetch = js_sys::Function::new_with_args(
        "input, init",
        r#"
        const url = typeof input === 'string' ? input : input.url;
        const method = ((init && init.method) || (input && input.method) || 'GET').toUpperCase();
        (window.__requests = window.__requests || []).push(method + ' ' + url);
        const route = window.__routes.find(r => r.method === method && url.includes(r.path));
        if (!route) return Promise.resolve(new Response('{"error":{"code":"not_found","message":"no stub"}}', {status: 404}));
        const body = route.status === 204 ? null : route.body;
        return Promise.resolve(new Response(body, {status: route.status, headers: {'Content-Type': 'application/json'}}));
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

pub fn config() -> Config {
    Config::parse(r#"{"api_base_url": "http://backend.test/api/v1", "request_timeout_ms": 2000}"#)
        .unwrap()
}

/// Mounts the summary of conversation 1 into a fresh container.
pub fn mount_summary(config: Config) -> Element {
    let container = document().create_element("div").unwrap();
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

/// Waits up to 3 s for the text of `selector` to contain `expected`.
pub async fn find_text(root: &Element, selector: &str, expected: &str) -> Element {
    for _ in 0..150 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            if found.text_content().unwrap_or_default().contains(expected) {
                return found;
            }
        }
        sleep(20).await;
    }
    let actual = root
        .query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default());
    panic!("{selector} never contained {expected:?}; it had {actual:?}");
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

pub fn case() -> Case {
    Case {
        id: 11,
        ticket_number: "CAS-01011-K7Q2".into(),
        title: "Refund not received for order 48213".into(),
        description: None,
        priority: Priority::High,
        status: CaseStatus::InProgress,
        product: Some("Smart thermostat".into()),
        owner: "Alex Kim".into(),
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
            author: "Alex Kim".into(),
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
            },
        ),
        get("/conversations/1/case", &LinkedCase { case: Some(case()) }),
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
