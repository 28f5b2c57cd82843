//! The page: loads `config.json`, takes the conversation from the agent
//! console or the query string, provides the shared contexts and lays out
//! the five panels for a narrow iframe (one column) or a wide tab (two or
//! three columns).

use std::time::Duration;

use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::ApiClient;
use crate::components::AlsoViewing;
use crate::config::{conversation_from_query, Config};
use crate::console::ConsoleLink;
use crate::format;
use crate::panels::{
    CasePanel, ConversationSummaryPanel, CustomerPanel, RecentCasesPanel, TimelinePanel,
};
use crate::state::{
    ActiveConversation, Announcements, CurrentAgent, LinkedRecords, LiveUpdates, PanelProgress,
};
use crate::summaries::Summaries;

/// The whole app, as mounted by `main`.
#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(Config::load);
    view! {
        <Suspense fallback=|| view! { <PageMessage title="Loading…" message=String::new() /> }>
            {move || Suspend::new(async move {
                match config.await {
                    Ok(config) => view! { <ConversationRoute config /> }.into_any(),
                    Err(error) => view! {
                        <PageMessage title="This page is not configured" message=error.to_string() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// Picks the conversation: embedded, the one the agent console sends (with
/// the token its requests need), else the one in the query string; a new
/// one from the console replaces the page (see `summaries`).
#[component]
fn ConversationRoute(config: Config) -> impl IntoView {
    let console = ConsoleLink::start(config.console_origins.clone());
    let search = window().location().search().unwrap_or_default();
    let from_query = conversation_from_query(&search);
    // Embedded, only the console's context names the conversation: the
    // iframe's address may name one too, but its requests would go out
    // without the console's token. The context follows `ready` at once.
    let embedded = console.is_embedded();
    let query_id = from_query.clone().ok().filter(|_| !embedded);
    let has_conversation = move || console.conversation.with(Option::is_some) || query_id.is_some();
    let message = move || match from_query.as_ref().err() {
        Some(error) if !embedded => view! {
            <PageMessage title="No conversation" message=error.to_string() />
        }
        .into_any(),
        // Embedded: the console's context is on its way.
        _ => view! {
            <PageMessage
                title="Waiting for the agent console"
                message="The console sends the conversation to show.".to_owned()
                unhurried=true
            />
        }
        .into_any(),
    };
    view! {
        <Show when=has_conversation fallback=message>
            <Summaries config=config.clone() console query_id />
        </Show>
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
        view! {
            <PageMessage
                title="Conversation not found"
                message=format!(
                    "There is no conversation {conversation_id}. It may have been closed or the link is wrong."
                )
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
                <h1 class="visually-hidden">"Customer summary"</h1>
                <div class="summary__bar">
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
fn SignedInAs(
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
fn PageMessage(
    /// What happened, in a few words.
    title: &'static str,
    /// What it means and what to do.
    message: String,
    /// Shown only after a second: for a wait that is usually over sooner,
    /// so that it does not flash by.
    #[prop(optional)]
    unhurried: bool,
) -> impl IntoView {
    let class_name = class_name();
    view! { class = class_name,
        <main class="page-message" class:page-message--unhurried=unhurried data-testid="page-message">
            <h1 class="page-message__title">{title}</h1>
            <p class="page-message__text">{message}</p>
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
