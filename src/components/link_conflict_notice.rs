//! What a panel says when the agent's change to its link was refused over
//! someone else's newer one (`state::LinkConflict`): who changed it, and
//! the choice between applying the agent's change on purpose and keeping
//! the other.

use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::LinkSlot;
use crate::state::LinkedRecords;

/// The refused change to `link`, if there is one, above the panel's
/// content (which shows the link as it is now). It stays while the panel
/// loads again, until the agent chooses.
#[component]
pub fn LinkConflictNotice(
    /// The link the panel shows. (Not `slot`, which the view macro
    /// reserves.)
    link: LinkSlot,
) -> impl IntoView {
    let class_name = style_sheet!("src/components/link_conflict_notice.css");
    let linked = LinkedRecords::expect();
    move || {
        linked.conflict(link).map(|conflict| {
            view! { class = class_name,
                <div class="link-conflict" role="alert" data-testid="link-conflict">
                    <p class="link-conflict__message">{conflict.message}"."</p>
                    {conflict.failure.map(|failure| view! { class = class_name,
                        <p class="link-conflict__failure">{failure}</p>
                    })}
                    <button
                        type="button"
                        class="button button--primary"
                        on:click=move |_| linked.apply_anyway(link)
                    >
                        {conflict.apply_label}
                    </button>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| linked.keep_theirs(link)
                    >
                        "Keep theirs"
                    </button>
                </div>
            }
        })
    }
}
