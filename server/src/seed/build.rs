//! The small builders the demo conversations are made of.

use customer_summary_model::{
    AnswerKind, Channel, ContextItem, Conversation, ConversationStatus, CustomerKind, CustomerRef,
    JourneyItem, Links, Millis, PreChatAnswer, VisitorDetails,
};

use crate::store::SeedConversation;

/// A conversation with the given header and nothing else yet.
pub(super) fn base(
    id: i64,
    title: &str,
    channel: Channel,
    status: ConversationStatus,
    queue: &str,
) -> Conversation {
    Conversation {
        id,
        title: title.to_owned(),
        channel,
        status,
        queue: Some(queue.to_owned()),
        skills: Vec::new(),
        started_at: 0,
        wait_started_at: 0,
        accepted_at: None,
        accepted_by: None,
        pre_chat: Vec::new(),
        self_service: Vec::new(),
        visitor: VisitorDetails::default(),
        context: Vec::new(),
        links: Links::default(),
        event_seq: 0,
    }
}

pub(super) fn without_hidden_context(conversation: Conversation) -> SeedConversation {
    SeedConversation {
        conversation,
        hidden_context: Vec::new(),
    }
}

pub(super) fn contact_ref(id: i64) -> CustomerRef {
    CustomerRef {
        kind: CustomerKind::Contact,
        id,
    }
}

pub(super) fn answer(question: &str, answer: Option<&str>, kind: AnswerKind) -> PreChatAnswer {
    PreChatAnswer {
        question: question.to_owned(),
        answer: answer.map(str::to_owned),
        kind,
    }
}

pub(super) fn journey(type_code: i64, title: &str, url: Option<&str>, at: Millis) -> JourneyItem {
    JourneyItem {
        type_code,
        title: title.to_owned(),
        url: url.map(str::to_owned),
        at,
    }
}

pub(super) fn context(name: &str, value: &str) -> ContextItem {
    ContextItem {
        name: name.to_owned(),
        value: value.to_owned(),
    }
}

pub(super) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}
