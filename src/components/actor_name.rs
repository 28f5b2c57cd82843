//! A person's name as this page calls them, and who last linked a record.

use customer_summary_model::{Actor, LinkChange};
use leptos::prelude::*;
use stylers::style_sheet;

use super::RelativeTime;
use crate::state::CurrentAgent;

/// "You" for the signed-in agent's own entries, else the actor's name, as
/// text isolated for direction (`<bdi>`): a right-to-left override in a
/// name never reorders the words around it.
#[component]
pub fn ActorName(
    /// Who did it.
    actor: Actor,
) -> impl IntoView {
    let agent = CurrentAgent::expect();
    let id = actor.id.clone();
    view! {
        <bdi data-actor=id>{move || agent.name_of(&actor)}</bdi>
    }
}

/// "Linked by Ben Carter · 5 minutes ago" under a linked record's card, so
/// an agent sees when a colleague chose it; nothing when the link's last
/// change is not known.
#[component]
pub fn LinkedBy(
    /// The last change to the link, if known.
    change: Option<LinkChange>,
    /// Id of the time's tooltip, unique on the page.
    id: &'static str,
) -> impl IntoView {
    let class_name = style_sheet!("src/components/actor_name.css");
    change.filter(|change| change.linked).map(|change| {
        view! { class = class_name,
            <p class="linked-by" data-testid="linked-by">
                "Linked by " <ActorName actor=change.by /> " · "
                <RelativeTime at=change.at id=id.to_owned() />
            </p>
        }
    })
}
