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
            view! { class = class_name,
                <div class="pre-chat__row">
                    <dt class="pre-chat__question">{answer.question}</dt>
                    <dd class="pre-chat__answer" class:pre-chat__answer--missing=missing>
                        {text}
                    </dd>
                </div>
            }
        })
        .collect_view();
    view! { class = class_name, <dl class="pre-chat" data-testid="pre-chat">{rows}</dl> }.into_any()
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
