//! The sentence a panel or tab shows when it has nothing to show.

use leptos::prelude::*;
use stylers::style_sheet;

/// Says plainly that there is nothing here, and why when we know.
#[component]
pub fn EmptyState(
    /// The sentence to show.
    #[prop(into)]
    message: String,
) -> impl IntoView {
    let class_name = style_sheet!("src/components/empty_state.css");
    view! { class = class_name, <p class="empty-state" data-testid="empty-state">{message}</p> }
}
