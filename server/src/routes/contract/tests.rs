//! Every limit the contract states is the one the code enforces: the
//! utoipa attributes take only literals, so each literal is checked here
//! against the constant it copies, and a limit stated without a check
//! here fails too.

use std::collections::BTreeMap;

use customer_summary_model::{
    ACTOR_TEXT_CHARS, ANSWER_CHARS, CONTEXT_NAME_CHARS, CONTEXT_VALUE_CHARS, CONTEXT_VARIABLES,
    JOURNEY_BATCH, JOURNEY_TITLE_CHARS, JOURNEY_URL_CHARS, LINE_LIMIT, NOTE_TEXT_LIMIT,
    PRE_CHAT_QUESTIONS, QUESTION_CHARS, SKILLS,
};
use serde_json::Value;

use crate::routes::body::KEY_LIMIT;
use crate::routes::records::RECENT_CASES;
use crate::rules::page::Limit;
use crate::rules::parse::MAX_QUERY_CHARS;
use crate::rules::{search, timeline};

/// The keywords that state a limit or a default.
const KEYWORDS: [&str; 6] = [
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "maximum",
    "default",
];

/// Every number the contract states under [`KEYWORDS`], named
/// `Schema.property keyword` or `path parameter keyword`; the same
/// parameter of two methods on one path must say the same.
fn stated_limits() -> BTreeMap<String, u64> {
    let document: Value = serde_json::from_str(super::super::api_contract()).expect("JSON");
    let mut stated = BTreeMap::new();
    let mut state = |name: String, schema: &Value| {
        for keyword in KEYWORDS {
            if let Some(number) = schema.get(keyword).and_then(Value::as_u64) {
                let key = format!("{name} {keyword}");
                let before = stated.insert(key.clone(), number);
                assert!(before.is_none_or(|b| b == number), "{key} differs");
            }
        }
    };
    for (name, schema) in document["components"]["schemas"]
        .as_object()
        .expect("schemas")
    {
        let properties = schema["properties"].as_object().into_iter().flatten();
        for (property, schema) in properties {
            state(format!("{name}.{property}"), schema);
        }
    }
    for (path, item) in document["paths"].as_object().expect("paths") {
        let parameters = item
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(_, op)| op["parameters"].as_array().into_iter().flatten());
        for parameter in parameters {
            let name = parameter["name"].as_str().expect("named");
            state(format!("{path} {name}"), &parameter["schema"]);
        }
    }
    stated
}

#[test]
fn the_contracts_limits_are_the_codes() {
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    let mut expect = |limit: usize, names: &[&str]| {
        for name in names {
            expected.insert((*name).to_owned(), limit);
        }
    };
    expect(
        LINE_LIMIT,
        &[
            "NewContact.first_name maxLength",
            "NewContact.last_name maxLength",
            "NewContact.email maxLength",
            "NewContact.job_title maxLength",
            "NewContact.city maxLength",
            "NewContact.country maxLength",
            "NewAccount.name maxLength",
            "NewAccount.account_number maxLength",
            "NewAccount.email maxLength",
            "NewAccount.city maxLength",
            "NewAccount.country maxLength",
            "NewCase.title maxLength",
            "NewNote.title maxLength",
            "NewConversation.title maxLength",
            "NewConversation.queue maxLength",
            "VisitorDetails.browser maxLength",
            "VisitorDetails.os maxLength",
            "VisitorDetails.location maxLength",
        ],
    );
    expect(
        ACTOR_TEXT_CHARS,
        &["Actor.id maxLength", "Actor.name maxLength"],
    );
    expect(
        NOTE_TEXT_LIMIT,
        &["NewNote.text maxLength", "NewCase.description maxLength"],
    );
    expect(PRE_CHAT_QUESTIONS, &["NewConversation.pre_chat maxItems"]);
    expect(QUESTION_CHARS, &["PreChatAnswer.question maxLength"]);
    expect(ANSWER_CHARS, &["PreChatAnswer.answer maxLength"]);
    expect(SKILLS, &["NewConversation.skills maxItems"]);
    expect(
        JOURNEY_BATCH,
        &[
            "NewConversation.self_service maxItems",
            "SelfServiceBatch.items maxItems",
        ],
    );
    expect(1, &["SelfServiceBatch.items minItems"]);
    expect(JOURNEY_TITLE_CHARS, &["JourneyItem.title maxLength"]);
    expect(JOURNEY_URL_CHARS, &["JourneyItem.url maxLength"]);
    expect(
        CONTEXT_VARIABLES,
        &[
            "NewConversation.context maxItems",
            "IntakeUpdate.context maxItems",
        ],
    );
    expect(CONTEXT_NAME_CHARS, &["ContextVariable.name maxLength"]);
    expect(CONTEXT_VALUE_CHARS, &["ContextVariable.value maxLength"]);
    for path in [
        "/conversations/{id}/contacts",
        "/conversations/{id}/accounts",
        "/conversations/{id}/cases",
        "/records/{kind}/{id}/notes",
        "/intake/conversations",
        "/intake/conversations/{id}/self-service",
    ] {
        expected.insert(format!("{path} Idempotency-Key maxLength"), KEY_LIMIT);
        expected.insert(format!("{path} Idempotency-Key minLength"), 1);
    }
    for path in ["/customers", "/cases"] {
        expected.insert(format!("{path} q minLength"), search::MIN_QUERY);
        expected.insert(format!("{path} q maxLength"), MAX_QUERY_CHARS);
        expected.insert(format!("{path} limit maximum"), search::LIMIT);
        expected.insert(format!("{path} limit default"), search::LIMIT);
    }
    for path in [
        "/conversations/{id}/timeline",
        "/records/{kind}/{id}/timeline",
    ] {
        expected.insert(format!("{path} q maxLength"), MAX_QUERY_CHARS);
        expected.insert(format!("{path} limit maximum"), Limit::MAX);
        expected.insert(format!("{path} limit default"), timeline::PAGE);
    }
    for path in [
        "/conversations/{id}/recent-cases",
        "/customers/{kind}/{id}/recent-cases",
    ] {
        expected.insert(format!("{path} limit maximum"), Limit::MAX);
        expected.insert(format!("{path} limit default"), RECENT_CASES);
    }
    let expected: BTreeMap<String, u64> = expected
        .into_iter()
        .map(|(name, limit)| (name, limit as u64))
        .collect();
    assert_eq!(stated_limits(), expected);
}
