//! Line icons drawn inline as SVG, so no icon font or image is fetched.

use customer_summary_model::Channel;
use leptos::prelude::*;

/// The icons the page uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconName {
    Chat,
    Phone,
    Sms,
    Email,
    Social,
    Page,
    Search,
    Article,
    Action,
    Unknown,
    Note,
    Task,
    Calendar,
}

impl IconName {
    fn path(self) -> &'static str {
        match self {
            IconName::Chat => "M4 5h16v11H9l-5 4z",
            IconName::Phone => "M6 3l3 1 1 4-2 1a11 11 0 0 0 7 7l1-2 4 1 1 3-2 3C10 21 3 14 3 5z",
            IconName::Sms => "M4 5h16v11H9l-5 4z M8 10.5h.01 M12 10.5h.01 M16 10.5h.01",
            IconName::Email => "M3 6h18v12H3z M3 6l9 7 9-7",
            IconName::Social => "M4 12a3 3 0 1 0 6 0a3 3 0 1 0-6 0 M14 6a3 3 0 1 0 6 0a3 3 0 1 0-6 0 M14 18a3 3 0 1 0 6 0a3 3 0 1 0-6 0 M9.6 10.6l4.8-3.2 M9.6 13.4l4.8 3.2",
            IconName::Page => "M6 3h9l4 4v14H6z M15 3v4h4",
            IconName::Search => "M4 10a6 6 0 1 0 12 0a6 6 0 1 0-12 0 M14.5 14.5l5.5 5.5",
            IconName::Article => "M4 4h6a2 2 0 0 1 2 2v14a2 2 0 0 0-2-2H4z M20 4h-6a2 2 0 0 0-2 2v14a2 2 0 0 1 2-2h6z",
            IconName::Action => "M13 3L5 14h6l-1 7 8-11h-6z",
            IconName::Unknown => "M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0 M12 17h.01 M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.7",
            IconName::Note => "M5 3h14v18H5z M9 8h6 M9 12h6 M9 16h4",
            IconName::Task => "M4 4h16v16H4z M8 12l3 3 5-6",
            IconName::Calendar => "M4 6h16v14H4z M4 10h16 M8 3v4 M16 3v4",
        }
    }
}

impl From<Channel> for IconName {
    /// The icon of an engagement channel.
    fn from(channel: Channel) -> Self {
        match channel {
            Channel::Chat => IconName::Chat,
            Channel::Voice => IconName::Phone,
            Channel::Sms => IconName::Sms,
            Channel::Email => IconName::Email,
            Channel::Social => IconName::Social,
        }
    }
}

/// A decorative icon; the text beside it carries the meaning.
#[component]
pub fn Icon(name: IconName) -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            width="18"
            height="18"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            <path d=name.path()></path>
        </svg>
    }
}
