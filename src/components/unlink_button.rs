//! The Close control that unlinks the customer or the case.

use leptos::prelude::*;
use leptos::task::spawn_local;
use stylers::style_sheet;

use crate::api::{ApiClient, LinkRequest, LinkSlot};
use crate::state::{ActiveConversation, LinkedRecords};

/// Unlinks one of the conversation's records: persisted first, then every
/// panel that follows the links is told. A failure is said next to it.
#[component]
pub fn UnlinkButton(
    /// Which link to remove.
    link: LinkSlot,
    /// Its accessible name, starting with the visible "Close", e.g.
    /// "Close: unlink Maria Campbell".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let class_name = style_sheet!("src/components/unlink_button.css");
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let unlink = move |_| {
        if busy.get_untracked() {
            return;
        }
        let api = api.clone();
        busy.set(true);
        error.set(None);
        let unlink = LinkRequest::Unlink(link);
        spawn_local(async move {
            let label = "Unlink anyway".to_owned();
            let unlinked = linked.change(api, conversation.id, unlink, label);
            if let Err(failure) = unlinked.await {
                _ = error.try_set(Some(failure.to_string()));
            }
            _ = busy.try_set(false);
        });
    };
    view! { class = class_name,
        <button
            type="button"
            class="button unlink-button"
            aria-label=label.clone()
            title=label
            // Not `disabled`, which would drop keyboard focus.
            aria-disabled=move || busy.get().to_string()
            on:click=unlink
        >
            "Close"
        </button>
        {move || error.get().map(|message| view! { class = class_name,
            <p class="unlink-button__error" role="alert">{message}</p>
        })}
    }
}
