//! The app's addresses, with leptos_router: the inbox at `/`, a
//! conversation's summary at `/conversations/:id`, and a not-found page at
//! any other path. The older `/?conversation=N` is rewritten in place to
//! `/conversations/N` before the router first reads the address, so it
//! adds no history entry and no extra render. Embedded, the console
//! decides the conversation: no inbox, every route shows the one its
//! context names, and nothing here navigates, so the app never adds an
//! entry to the console's Back button. A route change moves focus to the
//! new page's heading; each page sets the document title.

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::hooks::{use_location, use_params_map};
use leptos_router::path;
use wasm_bindgen::JsValue;

use crate::app::PageMessage;
use crate::config::{conversation_from_query, Config, QueryError};
use crate::console::ConsoleLink;
use crate::dom;
use crate::inbox::InboxPage;
use crate::summaries::Summaries;

/// Where a conversation's summary is.
pub fn conversation_path(id: i64) -> String {
    format!("/conversations/{id}")
}

/// The routes of the app, once `config.json` is loaded.
#[component]
pub fn AppRoutes(
    /// The validated runtime configuration.
    config: Config,
) -> impl IntoView {
    let console = ConsoleLink::start(config.console_origins.clone());
    let embedded = console.is_embedded();
    if !embedded {
        rewrite_query_address();
    }
    let summary = {
        let config = config.clone();
        move || view! { <SummaryRoute config=config.clone() console embedded /> }
    };
    let home = {
        let config = config.clone();
        move || view! { <HomeRoute config=config.clone() console embedded /> }
    };
    view! {
        <Router>
            <FlatRoutes fallback=|| view! { <NotFoundPage /> }>
                <Route path=path!("/") view=home />
                <Route path=path!("/conversations/:id") view=summary />
            </FlatRoutes>
            <FocusOnRouteChange />
        </Router>
    }
}

/// `/?conversation=N` becomes `/conversations/N`, replacing the entry.
fn rewrite_query_address() {
    let location = window().location();
    if location.pathname().as_deref() != Ok("/") {
        return;
    }
    if let Ok(id) = conversation_from_query(&location.search().unwrap_or_default()) {
        if let Ok(history) = window().history() {
            // Only fails for another origin's URL, which this is not.
            let _ =
                history.replace_state_with_url(&JsValue::NULL, "", Some(&conversation_path(id)));
        }
    }
}

/// `/`: the inbox; embedded, the console's conversation; a message for
/// an address whose `?conversation=` is not an id. Follows the query
/// string, which a navigation to `/` may change without changing route.
#[component]
fn HomeRoute(config: Config, console: ConsoleLink, embedded: bool) -> impl IntoView {
    let location = use_location();
    move || match (embedded, conversation_from_query(&location.search.get())) {
        (true, _) => view! { <SummaryRoute config=config.clone() console embedded /> }.into_any(),
        (false, Err(QueryError::Invalid(value))) => view! {
            <PageMessage
                title="No conversation"
                message=QueryError::Invalid(value).to_string()
                back_to_inbox=true
            />
        }
        .into_any(),
        (false, _) => view! { <InboxPage config=config.clone() console /> }.into_any(),
    }
}

/// The summary of the conversation the console's context names
/// (embedded: once it came, as it follows `ready` at once, with the token
/// the requests need), or the address's, switching in place when another
/// is named (a new context; Back, Forward or a link).
#[component]
fn SummaryRoute(config: Config, console: ConsoleLink, embedded: bool) -> impl IntoView {
    let params = use_params_map();
    let wanted = Memo::new(move |_| match embedded {
        true => console.conversation.get(),
        false => params.with(|params| {
            params
                .get_str("id")
                .and_then(|id| id.parse::<i64>().ok())
                .filter(|id| *id > 0)
        }),
    });
    let missing = move || match embedded {
        true => view! {
            <PageMessage
                title="Waiting for the agent console"
                message="The console sends the conversation to show.".to_owned()
                unhurried=true
            />
        }
        .into_any(),
        false => view! { <NotFoundPage /> }.into_any(),
    };
    view! {
        <Show when=move || wanted.with(Option::is_some) fallback=missing>
            <Summaries config=config.clone() console wanted=wanted.into() />
        </Show>
    }
}

/// Any address the app does not know.
#[component]
fn NotFoundPage() -> impl IntoView {
    dom::set_title("Page not found");
    view! {
        <PageMessage
            title="Page not found"
            message="There is nothing at this address.".to_owned()
            back_to_inbox=true
        />
    }
}

/// Moves focus to the new page's heading after each route change (not on
/// the first page), as a full page load would put the reader at its top.
#[component]
fn FocusOnRouteChange() -> impl IntoView {
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        |_, previous, _| {
            if previous.is_some() {
                // After the new route's view is drawn.
                request_animation_frame(dom::focus_page_heading);
            }
        },
        false,
    );
}
