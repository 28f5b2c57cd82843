//! What a panel says above its content about its link when another
//! agent's change met the agent's own: a change of theirs refused over the
//! other one (`state::LinkConflict`), with the choice between applying it
//! on purpose and keeping the other; or a change made elsewhere while they
//! were writing, held until they ask to see it (`state::held_changes`).

use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::LinkSlot;
use crate::components::ActorName;
use crate::state::LinkedRecords;

/// The notices about `link`, if any. They stay while the panel loads
/// again, until the agent chooses.
#[component]
pub fn LinkNotices(
    /// The link the panel shows. (Not `slot`, which the view macro
    /// reserves.)
    link: LinkSlot,
) -> impl IntoView {
    let class_name = style_sheet!("src/components/link_notices.css");
    let linked = LinkedRecords::expect();
    let conflict = move || {
        linked.conflict(link).map(|conflict| {
            view! { class = class_name,
                <div class="link-notice" role="alert" data-testid="link-conflict">
                    <p class="link-notice__message">{conflict.message}"."</p>
                    {conflict.failure.map(|failure| view! { class = class_name,
                        <p class="link-notice__failure">{failure}</p>
                    })}
                    <button
                        type="button"
                        class="button button--primary"
                        on:click=move |_| linked.apply_anyway(link)
                    >
                        {conflict.apply_label}
                    </button>
                    <button type="button" class="button" on:click=move |_| linked.keep_theirs(link)>
                        "Keep theirs"
                    </button>
                </div>
            }
        })
    };
    let held = move || {
        linked.held_change(link).map(|by| {
            view! { class = class_name,
                <div class="link-notice" role="status" data-testid="held-change">
                    <p class="link-notice__message">
                        <ActorName actor=by />
                        {format!(" changed this conversation's {} while you were writing.", link.as_str())}
                    </p>
                    <button type="button" class="button" on:click=move |_| linked.show_held(link)>
                        "Show it"
                    </button>
                </div>
            }
        })
    };
    view! { {conflict} {held} }
}
