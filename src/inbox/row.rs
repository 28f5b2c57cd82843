//! One conversation in the inbox: its title (the link that opens its
//! summary), channel, the recognised customer, the waiting time (live while
//! it waits) and who accepted it; Accept while it waits, which opens the
//! summary once the server agrees, or says why not in the row.

use customer_summary_model::{waiting_seconds, ConversationListItem, ConversationStatus, Millis};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use stylers::style_sheet;

use crate::api::{ApiClient, ApiError};
use crate::components::{ActorName, Icon};
use crate::format;
use crate::routes::conversation_path;

/// The marker of the row links that arrow keys move between.
pub const ROW_LINK: &str = "[data-inbox-open]";

/// A row of the inbox.
#[component]
pub fn InboxRow(
    /// The conversation as the list last said (`None` as it leaves).
    item: Memo<Option<ConversationListItem>>,
    /// Now, for the live waiting time.
    now: ReadSignal<Millis>,
) -> impl IntoView {
    let class_name = style_sheet!("src/inbox/row.css");
    let api = ApiClient::expect();
    let navigate = use_navigate();
    let accepting = RwSignal::new(false);
    let refused = RwSignal::new(None::<ApiError>);
    let accept = move |id: i64| {
        if accepting.get_untracked() {
            return;
        }
        accepting.set(true);
        refused.set(None);
        let (api, navigate) = (api.clone(), navigate.clone());
        spawn_local(async move {
            match api.accept(id).await {
                Ok(_) => navigate(&conversation_path(id), NavigateOptions::default()),
                Err(error) => {
                    refused.try_set(Some(error));
                    accepting.try_set(false);
                }
            }
        });
    };
    move || {
        let accept = accept.clone();
        item.get().map(|item| {
            let id = item.id;
            let waiting = item.status == ConversationStatus::Waiting;
            let (wait_started_at, accepted_at) = (item.wait_started_at, item.accepted_at);
            let time = move || {
                let waited = format::duration(waiting_seconds(wait_started_at, accepted_at, now.get()));
                match waiting {
                    true => format!("Waiting {waited}"),
                    false => format!("Waited {waited}"),
                }
            };
            let customer = match item.customer {
                Some(name) => view! { class = class_name, <bdi class="inbox-row__customer">{name}</bdi> }.into_any(),
                None => view! { class = class_name,
                    <span class="inbox-row__customer inbox-row__customer--none">"Not recognised"</span>
                }
                .into_any(),
            };
            let action = match (waiting, item.accepted_by) {
                (true, _) => {
                    let title = item.title.clone();
                    view! { class = class_name,
                        <button
                            type="button"
                            class="button inbox-row__accept"
                            aria-disabled=move || accepting.get().to_string()
                            on:click=move |_| accept(id)
                        >
                            {move || if accepting.get() { "Accepting…" } else { "Accept" }}
                            <span class="visually-hidden">{format!(": {title}")}</span>
                        </button>
                    }
                    .into_any()
                }
                (false, Some(agent)) => view! { class = class_name,
                    <span class="inbox-row__by">"Accepted by " <ActorName actor=agent /></span>
                }
                .into_any(),
                (false, None) => view! { class = class_name, <span class="inbox-row__by">"Accepted"</span> }.into_any(),
            };
            view! { class = class_name,
                <li class="inbox-row" data-testid="inbox-row" data-conversation=id>
                    <a class="inbox-row__open" href=conversation_path(id) data-inbox-open>
                        <bdi>{item.title}</bdi>
                    </a>
                    <span class="inbox-row__channel">
                        <Icon name=item.channel.into() />
                        {item.channel.label()}
                    </span>
                    {customer}
                    <span class="inbox-row__time" data-testid="inbox-waiting">{time}</span>
                    {action}
                    {move || refused.get().map(|error| view! { class = class_name,
                        <p class="inbox-row__error" role="alert">{error.to_string()}</p>
                    })}
                </li>
            }
        })
    }
}
