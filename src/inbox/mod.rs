//! The agent's inbox at `/`, in a browser tab: the conversations waiting in
//! the queue (longest wait first) and those in progress (latest accepted
//! first), kept current by [`feed`], a [`row`] each. Arrow keys, Home and
//! End move between the conversations, Enter opens one, Tab reaches its
//! Accept button. Embedded, there is no inbox: the console has its own.

mod feed;
mod row;

use customer_summary_model::{ConversationListItem, ConversationStatus, Millis};
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use stylers::style_sheet;

use crate::app::{page_api, SignedInAs};
use crate::components::Skeleton;
use crate::config::Config;
use crate::console::ConsoleLink;
use crate::dom;
use crate::state::{clock, CurrentAgent};
use feed::InboxFeed;
use row::{InboxRow, ROW_LINK};

/// The inbox page.
#[component]
pub fn InboxPage(
    /// The validated runtime configuration.
    config: Config,
    /// The console link, for who is signed in (standalone: no token).
    console: ConsoleLink,
) -> impl IntoView {
    let class_name = style_sheet!("src/inbox/inbox.css");
    dom::set_title("Inbox");
    let api = page_api(&config);
    api.clone().provide();
    let agent = CurrentAgent::provide(api.clone(), Some(console));
    let feed = InboxFeed::start(api.clone());
    let now = clock::every_second();
    let loaded = move || feed.list().with(Option::is_some);
    let rows = NodeRef::<html::Div>::new();
    let on_keydown = move |event: KeyboardEvent| {
        let moved = rows
            .get_untracked()
            .is_some_and(|rows| dom::move_focus_among(&rows, ROW_LINK, &event.key()));
        if moved {
            event.prevent_default();
        }
    };
    let problem = move || {
        let api = api.clone();
        feed.error().map(|error| {
            let what = if loaded() { "refreshed" } else { "loaded" };
            view! { class = class_name,
                <p class="inbox__error" role="alert" data-testid="inbox-error">
                    {format!("The inbox could not be {what}. {error}")}
                    <button type="button" class="button" on:click=move |_| feed.refresh(api.clone())>
                        "Retry"
                    </button>
                </p>
            }
        })
    };
    view! { class = class_name,
        <main class="inbox" data-testid="inbox">
            <div class="inbox__header">
                <h1 class="inbox__title" tabindex="-1" data-page-heading>"Inbox"</h1>
                <SignedInAs agent />
            </div>
            {problem}
            <Show when=loaded fallback=Skeleton>
                <div node_ref=rows on:keydown=on_keydown>
                    <InboxSection
                        title="Waiting"
                        key="waiting"
                        ids=section(feed, ConversationStatus::Waiting)
                        feed
                        now
                        empty="No conversations are waiting."
                    />
                    <InboxSection
                        title="Active"
                        key="active"
                        ids=section(feed, ConversationStatus::Active)
                        feed
                        now
                        empty="No conversations are in progress."
                    />
                </div>
            </Show>
        </main>
    }
}

/// One list of the inbox, with its heading and count.
#[component]
fn InboxSection(
    /// "Waiting" or "Active".
    title: &'static str,
    /// Its element ids' stem: "waiting" or "active".
    key: &'static str,
    /// Its conversations, in order.
    ids: Memo<Vec<i64>>,
    /// The list they come from.
    feed: InboxFeed,
    /// Now, for live waiting times.
    now: ReadSignal<Millis>,
    /// What it says when it has none.
    empty: &'static str,
) -> impl IntoView {
    let class_name = style_sheet!("src/inbox/inbox.css");
    // Three bindings: `view!` takes children before attributes.
    let (heading, labelled_by, test_id) = {
        let id = format!("inbox-{key}");
        (id.clone(), id.clone(), id)
    };
    let count = move || format!("({})", ids.with(Vec::len));
    let none = move || view! { class = class_name, <p class="inbox__empty">{empty}</p> };
    view! { class = class_name,
        <section class="inbox__section" aria-labelledby=labelled_by data-testid=test_id>
            <h2 class="inbox__section-title" id=heading>
                {title} " " <span class="inbox__count">{count}</span>
            </h2>
            <Show when=move || ids.with(|ids| !ids.is_empty()) fallback=none>
                <ul class="inbox__list" role="list">
                    <For each=move || ids.get() key=|id| *id let:id>
                        <InboxRow item=item(feed, id) now />
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// The ids of the conversations in `status`: waiting ones longest waiting
/// first, active ones latest accepted first.
fn section(feed: InboxFeed, status: ConversationStatus) -> Memo<Vec<i64>> {
    Memo::new(move |_| {
        feed.list().with(|list| {
            let mut ordered: Vec<(i64, i64)> = list
                .iter()
                .flatten()
                .filter(|item| item.status == status)
                .map(|item| match status {
                    ConversationStatus::Waiting => (item.wait_started_at, item.id),
                    _ => (-item.accepted_at.unwrap_or(0), item.id),
                })
                .collect();
            ordered.sort_unstable();
            ordered.into_iter().map(|(_, id)| id).collect()
        })
    })
}

/// Conversation `id` as the list last said, changing only when it does.
fn item(feed: InboxFeed, id: i64) -> Memo<Option<ConversationListItem>> {
    Memo::new(move |_| {
        feed.list()
            .with(|list| list.iter().flatten().find(|item| item.id == id).cloned())
    })
}
