//! Conversation details: channel, live waiting time, skills, queue, start.

use std::time::Duration;

use customer_summary_model::{Channel, Conversation};
use leptos::prelude::*;
use stylers::style_sheet;

use crate::components::{Field, FieldList, Icon, IconName};
use crate::format;

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
    let waiting = conversation;
    view! { class = class_name,
        <FieldList>
            <Field label="Engagement channel">
                <span class="details__channel" data-testid="channel">
                    <Icon name=channel_icon(channel) />
                    {channel.label()}
                </span>
            </Field>
            <Field label="Waiting time">
                <WaitingTime conversation=waiting />
            </Field>
            <Field label="Skills">{skills}</Field>
            <Field label="Queue" value=queue />
            <Field label="Start time" value=Some(started) />
        </FieldList>
    }
}

/// The time the customer waited: live, second by second, while the
/// conversation still waits; fixed once an agent accepted it.
#[component]
fn WaitingTime(conversation: Conversation) -> impl IntoView {
    let now = RwSignal::new(format::now());
    if conversation.accepted_at.is_none() {
        let tick = set_interval_with_handle(move || now.set(format::now()), Duration::from_secs(1));
        if let Ok(tick) = tick {
            on_cleanup(move || tick.clear());
        }
    }
    let waiting = conversation.accepted_at.is_none();
    view! {
        <span data-testid="waiting-time" data-live=waiting.to_string()>
            {move || format::duration(conversation.waiting_seconds(now.get()))}
            {waiting.then_some(" (still waiting)")}
        </span>
    }
}

/// The icon of an engagement channel.
pub fn channel_icon(channel: Channel) -> IconName {
    match channel {
        Channel::Chat => IconName::Chat,
        Channel::Voice => IconName::Phone,
        Channel::Sms => IconName::Sms,
        Channel::Email => IconName::Email,
        Channel::Social => IconName::Social,
    }
}
