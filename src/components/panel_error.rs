//! What a panel shows when its data could not be loaded.

use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::ApiError;

/// The failure, in words, with a Retry button. Lives inside the panel that
/// failed; the other panels keep working.
#[component]
pub fn PanelError(
    /// Why the panel's data could not be loaded.
    error: ApiError,
    /// Loads the panel's data again.
    retry: Callback<()>,
) -> impl IntoView {
    let class_name = style_sheet!("src/components/panel_error.css");
    view! { class = class_name,
        <div class="panel-error" role="alert" data-testid="panel-error">
            <p class="panel-error__message">{error.to_string()}</p>
            <button class="panel-error__retry" type="button" on:click=move |_| retry.run(())>
                "Retry"
            </button>
        </div>
    }
}
