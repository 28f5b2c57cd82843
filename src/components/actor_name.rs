//! A person's name as this page calls them.

use customer_summary_model::Actor;
use leptos::prelude::*;

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
