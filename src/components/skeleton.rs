//! The placeholder a panel shows while its data loads.

use leptos::prelude::*;
use stylers::style_sheet;

/// Grey shimmering lines with a status for screen readers.
#[component]
pub fn Skeleton() -> impl IntoView {
    let class_name = style_sheet!("src/components/skeleton.css");
    view! { class = class_name,
        <div class="skeleton" data-testid="skeleton">
            <span class="visually-hidden" role="status">
                "Loading…"
            </span>
            <div class="skeleton__line" aria-hidden="true"></div>
            <div class="skeleton__line skeleton__line--short" aria-hidden="true"></div>
            <div class="skeleton__line" aria-hidden="true"></div>
        </div>
    }
}
