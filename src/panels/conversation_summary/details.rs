//! Conversation details: channel, status (who accepted it), live waiting
//! time, skills, queue, start. The status and the waiting time follow the
//! conversation's live stream: accepted elsewhere, the time stops here.

use customer_summary_model::{waiting_seconds, Conversation, ConversationStatus, Millis};
use leptos::prelude::*;
use stylers::style_sheet;

use crate::components::{ActorName, Field, FieldList, Icon};
use crate::format;
use crate::state::{clock, LiveUpdates, StatusNow};

/// The conversation's details as label/value rows.
#[component]
pub fn ConversationDetails(conversation: Conversation) -> impl IntoView {
    let class_name = style_sheet!("src/panels/conversation_summary/details.css");
    let channel = conversation.channel;
    let skills = if conversation.skills.is_empty() {
        view! { class = class_name, <span class="details__none">"None"</span> }.into_any()
    } else {
        let chips = conversation
            .skills
            .iter()
            .map(|skill| view! { class = class_name, <li class="details__skill">{skill.clone()}</li> })
            .collect_view();
        view! { class = class_name, <ul class="details__skills" aria-label="Skills">{chips}</ul> }
            .into_any()
    };
    let queue = conversation.queue.clone();
    let started = format::date_time(conversation.started_at);
    let live = LiveUpdates::expect();
    let loaded = StatusNow {
        status: conversation.status,
        accepted_at: conversation.accepted_at,
        accepted_by: conversation.accepted_by,
    };
    // As loaded, until the stream says it changed.
    let status = Signal::derive(move || live.status().unwrap_or_else(|| loaded.clone()));
    let wait_started_at = conversation.wait_started_at;
    view! { class = class_name,
        <FieldList>
            <Field label="Engagement channel">
                <span class="details__channel" data-testid="channel">
                    <Icon name=channel.into() />
                    {channel.label()}
                </span>
            </Field>
            <Field label="Status">
                <span data-testid="conversation-status">{move || status_text(status.get())}</span>
            </Field>
            <Field label="Waiting time">
                <WaitingTime wait_started_at status />
            </Field>
            <Field label="Skills">{skills}</Field>
            <Field label="Queue" value=queue />
            <Field label="Start time" value=Some(started) />
        </FieldList>
    }
}

/// "Waiting", "Active · accepted by Ben Carter", or "Closed".
fn status_text(now: StatusNow) -> impl IntoView {
    let label = match now.status {
        ConversationStatus::Waiting => "Waiting",
        ConversationStatus::Active => "Active",
        ConversationStatus::Closed => "Closed",
    };
    let by = now
        .accepted_by
        .map(|agent| view! { " · accepted by " <ActorName actor=agent /> });
    view! { {label} {by} }
}

/// The time the customer waited: live, second by second, while the
/// conversation still waits; fixed once an agent accepted it. One closed
/// before anyone accepted it says so.
#[component]
fn WaitingTime(wait_started_at: Millis, status: Signal<StatusNow>) -> impl IntoView {
    let now = clock::every_second();
    let waiting = move || status.with(|current| current.status == ConversationStatus::Waiting);
    let text = move || {
        let current = status.get();
        match (current.status, current.accepted_at) {
            (ConversationStatus::Closed, None) => "Closed before it was accepted".to_owned(),
            (_, accepted_at) => {
                let waited = waiting_seconds(wait_started_at, accepted_at, now.get());
                let still = if waiting() { " (still waiting)" } else { "" };
                format!("{}{still}", format::duration(waited))
            }
        }
    };
    view! {
        <span data-testid="waiting-time" data-live=move || waiting().to_string()>
            {text}
        </span>
    }
}
