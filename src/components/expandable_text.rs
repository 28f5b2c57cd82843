//! Long text shown as a preview with "Show more" / "Show less".

use leptos::prelude::*;
use stylers::style_sheet;

/// `text` whole when `preview` is `None`; otherwise `preview` with a button
/// that expands to the whole text and collapses it again.
#[component]
pub fn ExpandableText(
    /// The text, exactly as stored; shown as text, never as HTML.
    text: String,
    /// What to show while collapsed; `None` when the text is short.
    preview: Option<String>,
    /// Id of the text element, unique on the page.
    id: String,
) -> impl IntoView {
    let class_name = style_sheet!("src/components/expandable_text.css");
    let Some(preview) = preview else {
        return view! { class = class_name,
            <p class="expandable-text" id=id dir="auto">{text}</p>
        }
        .into_any();
    };
    let expanded = RwSignal::new(false);
    let controls = id.clone();
    view! { class = class_name,
        <p class="expandable-text" id=id dir="auto">
            {move || if expanded.get() { text.clone() } else { preview.clone() }}
        </p>
        <button
            type="button"
            class="button button--link expandable-text__toggle"
            aria-expanded=move || expanded.get().to_string()
            aria-controls=controls
            on:click=move |_| expanded.update(|open| *open = !*open)
        >
            {move || if expanded.get() { "Show less" } else { "Show more" }}
        </button>
    }
    .into_any()
}
