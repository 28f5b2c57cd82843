//! The conversation an agent accepted and what the customer told or did
//! before it: pre-chat answers, self-service journey, visitor details and
//! context variables.

use serde::{Deserialize, Serialize};

use crate::{Actor, CustomerRef, Millis};

/// The engagement channel the customer came through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Chat,
    Voice,
    Sms,
    Email,
    Social,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Chat,
        Channel::Voice,
        Channel::Sms,
        Channel::Email,
        Channel::Social,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Channel::Chat => "Live chat",
            Channel::Voice => "Voice call",
            Channel::Sms => "SMS",
            Channel::Email => "Email",
            Channel::Social => "Social messaging",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Chat => "chat",
            Channel::Voice => "voice",
            Channel::Sms => "sms",
            Channel::Email => "email",
            Channel::Social => "social",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Where the conversation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// In the queue, not yet accepted: the waiting time still runs.
    Waiting,
    Active,
    Closed,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Waiting => "waiting",
            ConversationStatus::Active => "active",
            ConversationStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "waiting" => Some(ConversationStatus::Waiting),
            "active" => Some(ConversationStatus::Active),
            "closed" => Some(ConversationStatus::Closed),
            _ => None,
        }
    }
}

/// Everything the Conversation summary panel shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    pub id: i64,
    pub title: String,
    pub channel: Channel,
    pub status: ConversationStatus,
    pub queue: Option<String>,
    pub skills: Vec<String>,
    pub started_at: Millis,
    /// When the customer started waiting in the queue.
    pub wait_started_at: Millis,
    /// `null` while the conversation waits.
    pub accepted_at: Option<Millis>,
    /// The agent who accepted it through `POST …/accept`; `null` while it
    /// waits, and for conversations accepted before agents were recorded.
    #[serde(default)]
    pub accepted_by: Option<Actor>,
    /// In the order the questions were asked.
    pub pre_chat: Vec<PreChatAnswer>,
    /// Portal activity, newest first.
    pub self_service: Vec<JourneyItem>,
    pub visitor: VisitorDetails,
    /// Only the context variables marked displayable.
    pub context: Vec<ContextItem>,
    pub links: Links,
    /// The number of the last event of this conversation's log that this
    /// reply reflects: its live stream starts after it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub event_seq: i64,
}

impl Conversation {
    /// Waiting time in whole seconds at `now`: fixed once accepted, live
    /// while the conversation still waits.
    pub fn waiting_seconds(&self, now: Millis) -> i64 {
        waiting_seconds(self.wait_started_at, self.accepted_at, now)
    }
}

/// Whole seconds waited from `wait_started_at`: until `accepted_at`, or
/// until `now` while the conversation still waits.
pub fn waiting_seconds(wait_started_at: Millis, accepted_at: Option<Millis>, now: Millis) -> i64 {
    let end = accepted_at.unwrap_or(now);
    ((end - wait_started_at) / 1000).max(0)
}

/// The records linked to a conversation (at most one customer, one case).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Links {
    pub customer: Option<CustomerRef>,
    pub case_id: Option<i64>,
}

/// How the question was answered; a `consent` answer is `"true"` or `"false"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    SingleLine,
    MultiLine,
    /// One of a fixed set of options.
    Option,
    /// A yes/no consent checkbox; the answer is `"true"` or `"false"`.
    Consent,
}

impl AnswerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerKind::SingleLine => "single_line",
            AnswerKind::MultiLine => "multi_line",
            AnswerKind::Option => "option",
            AnswerKind::Consent => "consent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "single_line" => Some(AnswerKind::SingleLine),
            "multi_line" => Some(AnswerKind::MultiLine),
            "option" => Some(AnswerKind::Option),
            "consent" => Some(AnswerKind::Consent),
            _ => None,
        }
    }
}

/// A pre-chat survey question and the customer's answer (`null` when
/// unanswered).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreChatAnswer {
    #[cfg_attr(feature = "openapi", schema(max_length = 512))]
    pub question: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub answer: Option<String>,
    pub kind: AnswerKind,
}

/// What a self-service `type_code` means (Dataverse `msdyn_visitorjourney`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JourneyKind {
    PageVisited,
    PhraseSearched,
    KnowledgeArticleViewed,
    CustomAction,
    /// A code this version does not know; shown, never dropped.
    Other,
}

impl JourneyKind {
    pub const PAGE_VIEW: i64 = 192_350_000;
    pub const SEARCH: i64 = 192_350_001;
    pub const KB_ARTICLE: i64 = 192_350_002;
    /// The entity reference's code for a custom action.
    pub const CUSTOM_ACTION: i64 = 192_350_100;
    /// The `setContextProvider` sample's code for a custom action.
    pub const CUSTOM_ACTION_SAMPLE: i64 = 192_350_003;

    pub fn from_code(code: i64) -> Self {
        match code {
            Self::PAGE_VIEW => JourneyKind::PageVisited,
            Self::SEARCH => JourneyKind::PhraseSearched,
            Self::KB_ARTICLE => JourneyKind::KnowledgeArticleViewed,
            Self::CUSTOM_ACTION | Self::CUSTOM_ACTION_SAMPLE => JourneyKind::CustomAction,
            _ => JourneyKind::Other,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            JourneyKind::PageVisited => "Page visited",
            JourneyKind::PhraseSearched => "Phrase searched",
            JourneyKind::KnowledgeArticleViewed => "Knowledge article viewed",
            JourneyKind::CustomAction => "Custom action",
            JourneyKind::Other => "Other",
        }
    }
}

/// A self-service step (Dataverse msdyn_visitorjourney). `type_code`: 192350000
/// page visited, 192350001 phrase searched, 192350002 knowledge article viewed,
/// 192350100 and 192350003 custom action; other codes may occur and must be
/// shown, not dropped. `url` is untrusted: render it as a link only when it is
/// http(s).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JourneyItem {
    pub type_code: i64,
    #[cfg_attr(feature = "openapi", schema(max_length = 600))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub url: Option<String>,
    pub at: Millis,
}

impl JourneyItem {
    pub fn kind(&self) -> JourneyKind {
        JourneyKind::from_code(self.type_code)
    }

    /// The URL, only when it is safe to render as a link (http or https).
    pub fn link(&self) -> Option<&str> {
        self.url.as_deref().filter(|url| is_web_url(url))
    }
}

/// Whether `url` is an absolute http(s) URL, the only kind rendered as a link.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && url.len() > 8
}

/// What is known about the visitor's session.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorDetails {
    /// Whether the customer signed in to the portal before chatting.
    pub authenticated: bool,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub browser: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub os: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub location: Option<String>,
    /// BCP-47 language tag, such as `fr-CA`.
    pub language: Option<String>,
}

/// A displayable context variable set by the portal or the console.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContextItem {
    pub name: String,
    pub value: String,
}

/// A line of `GET /conversations`: the agents' inbox, consoles and the
/// demo index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationListItem {
    pub id: i64,
    pub title: String,
    pub channel: Channel,
    pub status: ConversationStatus,
    /// The queue the channel put it in; `null` when it named none.
    #[serde(default)]
    pub queue: Option<String>,
    pub started_at: Millis,
    /// When the customer started waiting in the queue.
    #[serde(default)]
    pub wait_started_at: Millis,
    /// `null` while the conversation waits.
    #[serde(default)]
    pub accepted_at: Option<Millis>,
    /// The agent who accepted it through `POST …/accept`; `null` while it
    /// waits, and for conversations accepted before agents were recorded.
    #[serde(default)]
    pub accepted_by: Option<Actor>,
    /// The display name of the linked customer (a contact's full name, an
    /// account's name); `null` when none is linked.
    #[serde(default)]
    pub customer: Option<String>,
}

impl ConversationListItem {
    /// Waiting time in whole seconds at `now`, as
    /// [`Conversation::waiting_seconds`].
    pub fn waiting_seconds(&self, now: Millis) -> i64 {
        waiting_seconds(self.wait_started_at, self.accepted_at, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_custom_action_codes_mean_custom_action_and_unknown_is_other() {
        assert_eq!(
            JourneyKind::from_code(192_350_100),
            JourneyKind::CustomAction
        );
        assert_eq!(
            JourneyKind::from_code(192_350_003),
            JourneyKind::CustomAction
        );
        assert_eq!(JourneyKind::from_code(42), JourneyKind::Other);
        assert_eq!(
            JourneyKind::from_code(192_350_002).label(),
            "Knowledge article viewed"
        );
    }

    #[test]
    fn only_http_and_https_urls_become_links() {
        let item = |url: &str| JourneyItem {
            type_code: JourneyKind::PAGE_VIEW,
            title: "t".into(),
            url: Some(url.into()),
            at: 0,
        };
        assert_eq!(
            item("https://shop.example/a").link(),
            Some("https://shop.example/a")
        );
        assert_eq!(
            item("HTTP://shop.example").link(),
            Some("HTTP://shop.example")
        );
        assert_eq!(item("javascript:alert(1)").link(), None);
        assert_eq!(item("data:text/html,<b>").link(), None);
        assert_eq!(item("https://").link(), None);
    }

    #[test]
    fn waiting_time_runs_while_waiting_and_freezes_once_accepted() {
        let mut conversation = Conversation {
            id: 1,
            title: String::new(),
            channel: Channel::Chat,
            status: ConversationStatus::Waiting,
            queue: None,
            skills: vec![],
            started_at: 0,
            wait_started_at: 10_000,
            accepted_at: None,
            accepted_by: None,
            pre_chat: vec![],
            self_service: vec![],
            visitor: VisitorDetails::default(),
            context: vec![],
            links: Links::default(),
            event_seq: 0,
        };
        assert_eq!(conversation.waiting_seconds(75_000), 65);
        conversation.accepted_at = Some(40_000);
        assert_eq!(conversation.waiting_seconds(75_000), 30);
    }

    #[test]
    fn a_list_item_from_an_older_server_reads_without_the_inbox_fields() {
        let item: ConversationListItem = serde_json::from_str(
            r#"{"id":7,"title":"Hi","channel":"sms","status":"waiting","started_at":5}"#,
        )
        .expect("an older list item");
        assert_eq!(item.queue, None);
        assert_eq!(item.wait_started_at, 0);
        assert_eq!(item.accepted_by, None);
        assert_eq!(item.customer, None);
    }
}

/// `linked`: exactly one active customer matched and was linked (with their
/// case when certain). `several`: more than one matched, nothing linked ("One
/// or more records found. Select a record or create new"). `no_match`: nothing
/// matched ("No records found. Search for an existing customer record or create
/// a new one to link to this conversation"). `already_linked`: a customer was
/// linked before recognition ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecognitionOutcome {
    /// Exactly one active customer matched and was linked.
    Linked,
    /// More than one active record matched; nothing was linked.
    Several,
    /// Nothing matched.
    NoMatch,
    /// A customer was already linked, so nothing was looked up.
    AlreadyLinked,
}

impl RecognitionOutcome {
    /// The product's message for the agent, when there is one.
    pub fn message(self) -> Option<&'static str> {
        match self {
            RecognitionOutcome::Several => {
                Some("One or more records found. Select a record or create new")
            }
            RecognitionOutcome::NoMatch => Some(
                "No records found. Search for an existing customer record or create a new one to link to this conversation",
            ),
            RecognitionOutcome::Linked | RecognitionOutcome::AlreadyLinked => None,
        }
    }
}

/// `POST /conversations/{id}/recognition`: the outcome of matching the
/// pre-chat answers. Matching runs once per conversation; later calls
/// return the first outcome and never link again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recognition {
    pub outcome: RecognitionOutcome,
    /// Whether this call linked records (so panels must re-fetch).
    pub linked_now: bool,
    pub links: Links,
}
