//! Bodies of the intake API (`/intake/…`), which channels call with their
//! channel key: a chat widget, an IVR, an SMS or social gateway, a bot.
//! A channel opens a conversation with what it already knows, adds the
//! portal's self-service trail as it happens, and updates the visitor's
//! details and context variables until the conversation closes.
//!
//! The limits are the product's (Omnichannel's pre-chat survey, context
//! variables and `msdyn_visitorjourney`); a body over one is refused whole
//! with a 400 naming the first field at fault, such as `pre_chat[3].answer`,
//! so nothing of it is stored.

use serde::{Deserialize, Serialize};

use crate::forms::{optional_line, push, too_long};
use crate::{
    is_web_url, AnswerKind, Channel, ConversationStatus, FieldErrors, JourneyItem, JourneyKind,
    PreChatAnswer, VisitorDetails, LINE_LIMIT,
};

/// The most pre-chat questions a conversation has.
pub const PRE_CHAT_QUESTIONS: usize = 10;
/// The longest pre-chat question, in characters.
pub const QUESTION_CHARS: usize = 512;
/// The longest pre-chat answer, in characters.
pub const ANSWER_CHARS: usize = 4_000;
/// The most context variables a conversation has.
pub const CONTEXT_VARIABLES: usize = 100;
/// The longest context variable name, in characters.
pub const CONTEXT_NAME_CHARS: usize = 100;
/// The longest context variable value, in characters.
pub const CONTEXT_VALUE_CHARS: usize = 4_000;
/// The longest self-service title (`msdyn_displaytitle`), in characters.
pub const JOURNEY_TITLE_CHARS: usize = 600;
/// The longest self-service URL (`msdyn_url`), in characters.
pub const JOURNEY_URL_CHARS: usize = 1_000;
/// The most self-service actions one request adds.
pub const JOURNEY_BATCH: usize = 100;
/// The most self-service actions a conversation keeps: every page showing
/// it loads them all.
pub const JOURNEY_ITEMS: usize = 1_000;
/// The most skills a conversation is routed by.
pub const SKILLS: usize = 20;
/// The largest intake request body, in bytes.
pub const INTAKE_BODY_BYTES: usize = 256 * 1024;

/// A conversation a channel opens; it waits in its queue from now. Every limit
/// is the product's; a body over one is refused whole, 400 `bad_parameter`
/// naming the first field at fault (such as `pre_chat[3].answer`), and an
/// unknown field is 400 `bad_request` naming it. Pre-chat questions named
/// `Name`, `Email`, `Phone` and `CaseNumber` recognise the customer when an
/// agent accepts. Self-service `type_code`s: 192350000, 192350001, 192350002,
/// 192350100 or 192350003 (any other is 400); a `url` is an http(s) URL of at
/// most 1,000 characters or null; a title at most 600 characters. A consent
/// question's answer is `"true"` or `"false"`. A visitor's `language` is a BCP
/// 47 tag; browser, OS and location at most 200 characters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewConversation {
    pub channel: Channel,
    /// What the agent's list shows; the channel's name when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub queue: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub skills: Vec<String>,
    /// The pre-chat survey's questions in the order asked. Questions named
    /// `Name`, `Email`, `Phone` and `CaseNumber` recognise the customer
    /// when an agent accepts.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub pre_chat: Vec<PreChatAnswer>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub self_service: Vec<JourneyItem>,
    #[serde(default)]
    pub visitor: VisitorDetails,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub context: Vec<ContextVariable>,
}

/// A context variable as a channel sets it (Omnichannel's `{value,
/// isDisplayable}`). `name`: 1–100 characters, unique in a request; `value`: at
/// most 4,000 characters, case kept. Only displayable variables reach agents
/// (`Conversation.context`, the Additional details tab).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContextVariable {
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub value: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(default = false))]
    pub displayable: bool,
}

/// 1 to 100 self-service actions, held to the limits of
/// `NewConversation.self_service`. A conversation keeps at most 1,000: a batch
/// that would make more is 400 naming `items`, and nothing of it is stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SelfServiceBatch {
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub items: Vec<JourneyItem>,
}

/// The visitor's details, replaced whole, and context variables set by name (a
/// new name is added after the others); at least one of the two (an empty
/// update is 400 naming `body`). A conversation holds at most 100 context
/// variables: an update that would make more is 400 naming `context`, and
/// nothing of it is stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IntakeUpdate {
    #[serde(default)]
    pub visitor: Option<VisitorDetails>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub context: Vec<ContextVariable>,
}

/// What an intake request answers: the conversation and where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeReceipt {
    pub id: i64,
    pub status: ConversationStatus,
}

/// What adding self-service actions answers: how many were added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfServiceAdded {
    pub id: i64,
    pub added: usize,
}

impl NewConversation {
    /// The title stored: the one sent, else the channel's name.
    pub fn title(&self) -> &str {
        self.title
            .as_deref()
            .filter(|title| !title.trim().is_empty())
            .unwrap_or(self.channel.label())
    }

    /// Everything over a limit, field by field (empty when valid).
    pub fn validate(&self) -> FieldErrors {
        let mut errors = Vec::new();
        optional_line(&mut errors, "title", &self.title);
        optional_line(&mut errors, "queue", &self.queue);
        if self.skills.len() > SKILLS {
            push(&mut errors, "skills", format!("At most {SKILLS} skills."));
        }
        for (index, skill) in self.skills.iter().enumerate() {
            let field = format!("skills[{index}]");
            if skill.trim().is_empty() {
                push(&mut errors, &field, "A skill needs a name.");
            }
            too_long(&mut errors, &field, Some(skill), LINE_LIMIT);
        }
        pre_chat(&mut errors, &self.pre_chat);
        journey(&mut errors, "self_service", &self.self_service);
        visitor(&mut errors, "visitor", &self.visitor);
        context(&mut errors, &self.context);
        errors
    }
}

impl SelfServiceBatch {
    /// Everything over a limit, field by field; a batch has one action at
    /// least.
    pub fn validate(&self) -> FieldErrors {
        let mut errors = Vec::new();
        if self.items.is_empty() {
            push(
                &mut errors,
                "items",
                "Send at least one self-service action.",
            );
        }
        journey(&mut errors, "items", &self.items);
        errors
    }
}

impl IntakeUpdate {
    /// Everything over a limit, field by field; an update changes
    /// something.
    pub fn validate(&self) -> FieldErrors {
        let mut errors = Vec::new();
        if self.visitor.is_none() && self.context.is_empty() {
            push(
                &mut errors,
                "body",
                "Send the visitor's details, context variables, or both.",
            );
        }
        if let Some(details) = &self.visitor {
            visitor(&mut errors, "visitor", details);
        }
        context(&mut errors, &self.context);
        errors
    }
}

fn pre_chat(errors: &mut FieldErrors, answers: &[PreChatAnswer]) {
    if answers.len() > PRE_CHAT_QUESTIONS {
        push(
            errors,
            "pre_chat",
            format!(
                "At most {PRE_CHAT_QUESTIONS} pre-chat questions; got {}.",
                answers.len()
            ),
        );
    }
    for (index, answer) in answers.iter().enumerate() {
        let question = format!("pre_chat[{index}].question");
        if answer.question.trim().is_empty() {
            push(errors, &question, "A pre-chat answer needs its question.");
        }
        too_long(errors, &question, Some(&answer.question), QUESTION_CHARS);
        let field = format!("pre_chat[{index}].answer");
        too_long(errors, &field, answer.answer.as_deref(), ANSWER_CHARS);
        let consent = answer.answer.as_deref().unwrap_or("false");
        if answer.kind == AnswerKind::Consent && !matches!(consent, "true" | "false") {
            push(
                errors,
                &field,
                "A consent is answered \"true\" or \"false\".",
            );
        }
    }
}

fn journey(errors: &mut FieldErrors, list: &str, items: &[JourneyItem]) {
    if items.len() > JOURNEY_BATCH {
        push(
            errors,
            list,
            format!("At most {JOURNEY_BATCH} self-service actions at once; send the rest in another request."),
        );
    }
    for (index, item) in items.iter().enumerate() {
        if item.kind() == JourneyKind::Other {
            push(
                errors,
                &format!("{list}[{index}].type_code"),
                format!(
                    "Unknown self-service type {}: use {} (page visited), {} (phrase searched), \
                     {} (knowledge article viewed) or {} (custom action; {} too).",
                    item.type_code,
                    JourneyKind::PAGE_VIEW,
                    JourneyKind::SEARCH,
                    JourneyKind::KB_ARTICLE,
                    JourneyKind::CUSTOM_ACTION,
                    JourneyKind::CUSTOM_ACTION_SAMPLE,
                ),
            );
        }
        let title = format!("{list}[{index}].title");
        if item.title.trim().is_empty() {
            push(errors, &title, "A self-service action needs a title.");
        }
        too_long(errors, &title, Some(&item.title), JOURNEY_TITLE_CHARS);
        if let Some(url) = &item.url {
            let field = format!("{list}[{index}].url");
            if !is_web_url(url) {
                push(
                    errors,
                    &field,
                    "Only http and https URLs are stored as links; send the page's full URL or none.",
                );
            }
            too_long(errors, &field, Some(url), JOURNEY_URL_CHARS);
        }
        if item.at < 0 {
            push(
                errors,
                &format!("{list}[{index}].at"),
                "A time is milliseconds since 1970 (UTC).",
            );
        }
    }
}

fn visitor(errors: &mut FieldErrors, field: &str, details: &VisitorDetails) {
    for (name, value) in [
        ("browser", &details.browser),
        ("os", &details.os),
        ("location", &details.location),
    ] {
        optional_line(errors, &format!("{field}.{name}"), value);
    }
    if let Some(language) = &details.language {
        if !is_language_tag(language) {
            push(
                errors,
                &format!("{field}.language"),
                "A language is a BCP 47 tag such as fr-CA.",
            );
        }
    }
}

/// Letters, digits and hyphens in subtags of 1 to 8, starting with a
/// language of letters: the shape of a BCP 47 tag.
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or_default();
    (2..=8).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && subtags.all(|subtag| {
            (1..=8).contains(&subtag.len()) && subtag.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

fn context(errors: &mut FieldErrors, variables: &[ContextVariable]) {
    if variables.len() > CONTEXT_VARIABLES {
        push(
            errors,
            "context",
            format!(
                "At most {CONTEXT_VARIABLES} context variables; got {}.",
                variables.len()
            ),
        );
    }
    for (index, variable) in variables.iter().enumerate() {
        let name = format!("context[{index}].name");
        if variable.name.trim().is_empty() {
            push(errors, &name, "A context variable needs a name.");
        } else if variables[..index]
            .iter()
            .any(|earlier| earlier.name == variable.name)
        {
            push(
                errors,
                &name,
                format!("{:?} is set twice in this request.", variable.name),
            );
        }
        too_long(errors, &name, Some(&variable.name), CONTEXT_NAME_CHARS);
        let value = format!("context[{index}].value");
        too_long(errors, &value, Some(&variable.value), CONTEXT_VALUE_CHARS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat() -> NewConversation {
        NewConversation {
            channel: Channel::Chat,
            title: None,
            queue: Some("Billing".into()),
            skills: vec!["English".into()],
            pre_chat: vec![PreChatAnswer {
                question: "Name".into(),
                answer: Some("Aisha Khan".into()),
                kind: AnswerKind::SingleLine,
            }],
            self_service: vec![JourneyItem {
                type_code: JourneyKind::CUSTOM_ACTION_SAMPLE,
                title: "Started a return".into(),
                url: Some("https://shop.example/returns".into()),
                at: 1,
            }],
            visitor: VisitorDetails {
                language: Some("fr-CA".into()),
                ..VisitorDetails::default()
            },
            context: vec![ContextVariable {
                name: "Cart".into(),
                value: "3 items".into(),
                displayable: true,
            }],
        }
    }

    fn first_field(errors: &FieldErrors) -> Option<&str> {
        errors.first().map(|error| error.field.as_str())
    }

    #[test]
    fn a_chat_within_every_limit_is_valid_and_titled_by_its_channel() {
        let chat = chat();
        assert_eq!(chat.validate(), vec![]);
        assert_eq!(chat.title(), "Live chat");
    }

    #[test]
    fn each_limit_names_its_field() {
        let question = |text: String| PreChatAnswer {
            question: text,
            answer: None,
            kind: AnswerKind::SingleLine,
        };
        let mut eleven = chat();
        eleven.pre_chat = (0..11).map(|i| question(format!("Q{i}"))).collect();
        assert_eq!(first_field(&eleven.validate()), Some("pre_chat"));

        let mut long_question = chat();
        long_question.pre_chat = vec![question("q".repeat(QUESTION_CHARS + 1))];
        assert_eq!(
            first_field(&long_question.validate()),
            Some("pre_chat[0].question")
        );

        let variable = |name: String, value: String| ContextVariable {
            name,
            value,
            displayable: false,
        };
        let mut many = chat();
        many.context = (0..=CONTEXT_VARIABLES)
            .map(|i| variable(format!("v{i}"), String::new()))
            .collect();
        assert_eq!(first_field(&many.validate()), Some("context"));

        let mut long_value = chat();
        long_value.context = vec![variable("v".into(), "x".repeat(CONTEXT_VALUE_CHARS + 1))];
        assert_eq!(
            first_field(&long_value.validate()),
            Some("context[0].value")
        );

        let mut twice = chat();
        twice.context = vec![
            variable("v".into(), "1".into()),
            variable("v".into(), "2".into()),
        ];
        assert_eq!(first_field(&twice.validate()), Some("context[1].name"));

        let mut unknown = chat();
        unknown.self_service[0].type_code = 42;
        assert_eq!(
            first_field(&unknown.validate()),
            Some("self_service[0].type_code")
        );

        let mut script = chat();
        script.self_service[0].url = Some("javascript:alert(1)".into());
        assert_eq!(first_field(&script.validate()), Some("self_service[0].url"));
    }

    #[test]
    fn both_custom_action_codes_and_the_three_others_are_accepted() {
        for code in [
            JourneyKind::PAGE_VIEW,
            JourneyKind::SEARCH,
            JourneyKind::KB_ARTICLE,
            JourneyKind::CUSTOM_ACTION,
            JourneyKind::CUSTOM_ACTION_SAMPLE,
        ] {
            let mut chat = chat();
            chat.self_service[0].type_code = code;
            assert_eq!(chat.validate(), vec![], "{code}");
        }
    }

    #[test]
    fn an_update_needs_something_to_update_and_a_tag_shaped_language() {
        assert_eq!(
            first_field(&IntakeUpdate::default().validate()),
            Some("body")
        );
        let update = |language: &str| IntakeUpdate {
            visitor: Some(VisitorDetails {
                language: Some(language.into()),
                ..VisitorDetails::default()
            }),
            context: vec![],
        };
        assert_eq!(update("zh-Hant-TW").validate(), vec![]);
        assert_eq!(
            first_field(&update("<b>fr</b>").validate()),
            Some("visitor.language")
        );
    }

    #[test]
    fn unknown_fields_are_refused_rather_than_dropped() {
        let typo = r#"{"channel":"chat","prechat":[]}"#;
        let error = serde_json::from_str::<NewConversation>(typo).expect_err("refused");
        assert!(error.to_string().contains("prechat"), "{error}");
    }
}
