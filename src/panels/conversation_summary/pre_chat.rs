//! The Pre-chat survey tab: each question and its answer, in the order asked.

use customer_summary_model::{AnswerKind, PreChatAnswer};
use leptos::prelude::*;
use stylers::style_sheet;

use crate::components::EmptyState;

/// The customer's answers to the pre-chat survey.
#[component]
pub fn PreChatTab(answers: Vec<PreChatAnswer>) -> impl IntoView {
    let class_name = style_sheet!("src/panels/conversation_summary/pre_chat.css");
    if answers.is_empty() {
        return view! { <EmptyState message="The customer was not asked a pre-chat survey." /> }
            .into_any();
    }
    let rows = answers
        .into_iter()
        .map(|answer| {
            let (text, missing) = answer_text(&answer);
            let shown = match answer.kind {
                AnswerKind::Option if !missing => {
                    let chips = option_values(&text)
                        .into_iter()
                        .map(|option| {
                            view! { class = class_name,
                                <li class="pre-chat__option">{option.to_owned()}</li>
                            }
                        })
                        .collect_view();
                    view! { class = class_name, <ul class="pre-chat__options">{chips}</ul> }
                        .into_any()
                }
                _ => text.into_any(),
            };
            view! { class = class_name,
                <div class="pre-chat__row">
                    <dt class="pre-chat__question">{answer.question}</dt>
                    <dd class="pre-chat__answer" class:pre-chat__answer--missing=missing>
                        {shown}
                    </dd>
                </div>
            }
        })
        .collect_view();
    view! { class = class_name, <dl class="pre-chat" data-testid="pre-chat">{rows}</dl> }.into_any()
}

/// The options chosen in an option-set answer (separated by `;`).
pub fn option_values(answer: &str) -> Vec<&str> {
    answer
        .split(';')
        .map(str::trim)
        .filter(|option| !option.is_empty())
        .collect()
}

/// What an answer reads, and whether it is missing.
pub fn answer_text(answer: &PreChatAnswer) -> (String, bool) {
    match (answer.kind, answer.answer.as_deref().map(str::trim)) {
        (_, None | Some("")) => ("Not answered".to_owned(), true),
        (AnswerKind::Consent, Some("true")) => ("Consent given".to_owned(), false),
        (AnswerKind::Consent, Some(_)) => ("Consent not given".to_owned(), false),
        (_, Some(_)) => (answer.answer.clone().unwrap_or_default(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(kind: AnswerKind, text: Option<&str>) -> PreChatAnswer {
        PreChatAnswer {
            question: "Q".into(),
            answer: text.map(str::to_owned),
            kind,
        }
    }

    #[test]
    fn answers_read_as_the_customer_gave_them() {
        assert_eq!(option_values("Billing; Refunds;;"), ["Billing", "Refunds"]);
        assert_eq!(
            answer_text(&answer(AnswerKind::Consent, Some("false"))),
            ("Consent not given".to_owned(), false)
        );
        assert_eq!(
            answer_text(&answer(AnswerKind::SingleLine, Some("  "))),
            ("Not answered".to_owned(), true)
        );
        assert_eq!(
            answer_text(&answer(AnswerKind::MultiLine, Some(" line one\nline two "))).0,
            " line one\nline two ",
            "kept exactly as typed"
        );
    }
}
