//! The app: loads `config.json` and hands over to the routes; the summary
//! page, which provides one conversation's shared contexts and lays out
//! the five panels for a narrow iframe (one column) or a wide tab (two or
//! three columns); and the page-level messages.

use std::time::Duration;

use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::ApiClient;
use crate::components::AlsoViewing;
use crate::config::Config;
use crate::console::ConsoleLink;
use crate::panels::{
    CasePanel, ConversationSummaryPanel, CustomerPanel, RecentCasesPanel, TimelinePanel,
};
use crate::routes::AppRoutes;
use crate::state::{
    ActiveConversation, Announcements, CurrentAgent, LinkedRecords, LiveUpdates, PanelProgress,
};
use crate::{dom, format};

/// The whole app, as mounted by `main`.
#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(Config::load);
    view! {
        <Suspense fallback=|| view! { <PageMessage title="Loading…" message=String::new() /> }>
            {move || Suspend::new(async move {
                match config.await {
                    Ok(config) => view! { <AppRoutes config /> }.into_any(),
                    Err(error) => view! {
                        <PageMessage title="This page is not configured" message=error.to_string() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// How many panels [`SummaryPage`] lays out.
const PANELS: usize = 5;

/// The five panels of one conversation, with their shared contexts.
#[component]
pub fn SummaryPage(
    /// The validated runtime configuration.
    config: Config,
    /// The conversation to summarise.
    conversation_id: i64,
    /// Runs once all five panels have first shown their data or error.
    #[prop(optional)]
    on_settled: Option<Callback<()>>,
) -> impl IntoView {
    let class_name = class_name();
    let console = use_context::<ConsoleLink>();
    let standalone = !console.is_some_and(|console| console.is_embedded());
    page_api(&config).provide();
    config.provide();
    // Who is signed in outlives a conversation: the page around may know.
    let agent = use_context::<CurrentAgent>()
        .unwrap_or_else(|| CurrentAgent::provide(ApiClient::expect(), console));
    let conversation = ActiveConversation::provide(conversation_id);
    let linked = LinkedRecords::provide();
    LiveUpdates::provide(conversation_id, ApiClient::expect(), linked, agent);
    let announcements = Announcements::provide();
    PanelProgress::provide(PANELS, on_settled);
    // After this render, so while the panels' first requests are out.
    set_timeout(format::prepare, Duration::ZERO);
    if let Some(console) = console {
        Effect::watch(
            move || linked.links(),
            move |&links, _, _| {
                if let Some(links) = links {
                    console.links_changed(conversation_id, links);
                }
            },
            false,
        );
    }
    let not_found = move || {
        dom::set_title("Conversation not found");
        view! {
            <PageMessage
                title="Conversation not found"
                message=format!(
                    "There is no conversation {conversation_id}. It may have been closed or the link is wrong."
                )
                back_to_inbox=standalone
            />
        }
    };
    view! { class = class_name,
        <div class="visually-hidden" role="status" aria-atomic="false" data-testid="announcements">
            <For each=move || announcements.recent() key=|(number, _)| *number let:announcement>
                <p>{announcement.1}</p>
            </For>
        </div>
        <Show when=move || !conversation.is_not_found() fallback=not_found>
            <main class="summary">
                <h1 class="visually-hidden" tabindex="-1" data-page-heading>"Customer summary"</h1>
                <div class="summary__bar">
                    {standalone.then(|| view! { class = class_name,
                        <a class="summary__inbox" href="/">"Inbox"</a>
                    })}
                    <AlsoViewing />
                    <SignedInAs agent />
                </div>
                <div class="summary__customer"><CustomerPanel /></div>
                <div class="summary__conversation"><ConversationSummaryPanel /></div>
                <div class="summary__case"><CasePanel /></div>
                <div class="summary__recent"><RecentCasesPanel /></div>
                <div class="summary__timeline"><TimelinePanel /></div>
            </main>
        </Show>
    }
}

/// The API client of a page with `config`, with the token of the console
/// around, if any.
pub(crate) fn page_api(config: &Config) -> ApiClient {
    let api = ApiClient::new(&config.api_base_url, config.request_timeout_ms);
    match use_context::<ConsoleLink>() {
        Some(console) => api.with_console(console),
        None => api,
    }
}

/// Who the page is signed in as, so an agent knows whose "You" it is; or
/// why the server could not say, with Retry.
#[component]
pub(crate) fn SignedInAs(
    /// The signed-in agent.
    agent: CurrentAgent,
) -> impl IntoView {
    let class_name = class_name();
    move || match (agent.get(), agent.error()) {
        (Some(me), None) => view! { class = class_name,
            <p class="summary__agent" data-testid="signed-in-as">
                "Signed in as " <bdi class="summary__agent-name">{me.name}</bdi>
            </p>
        }
        .into_any(),
        (_, Some(error)) => view! { class = class_name,
            <p class="summary__agent summary__agent--error" role="alert" data-testid="signed-in-as">
                {format!("Could not tell who is signed in. {error} ")}
                <button type="button" class="button" on:click=move |_| agent.retry()>
                    "Retry"
                </button>
            </p>
        }
        .into_any(),
        (None, None) => view! { class = class_name,
            <p class="summary__agent" data-testid="signed-in-as">"Signing in…"</p>
        }
        .into_any(),
    }
}

/// A whole-page message, for when there is no summary to show.
#[component]
pub(crate) fn PageMessage(
    /// What happened, in a few words.
    title: &'static str,
    /// What it means and what to do.
    message: String,
    /// Shown only after a second: for a wait that is usually over sooner,
    /// so that it does not flash by.
    #[prop(optional)]
    unhurried: bool,
    /// Offers the way back to the inbox (standalone: there is one).
    #[prop(optional)]
    back_to_inbox: bool,
) -> impl IntoView {
    let class_name = class_name();
    let back = back_to_inbox.then(|| {
        view! { class = class_name,
            <p class="page-message__text">
                <a class="page-message__link" href="/">"Go to the inbox"</a>
            </p>
        }
    });
    view! { class = class_name,
        <main class="page-message" class:page-message--unhurried=unhurried data-testid="page-message">
            <h1 class="page-message__title" tabindex="-1" data-page-heading>{title}</h1>
            <p class="page-message__text">{message}</p>
            {back}
        </main>
    }
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/app.css");
    class_name
}
