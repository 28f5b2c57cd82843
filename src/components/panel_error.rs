//! What a panel shows when its data could not be loaded.

use std::time::Duration;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use stylers::style_sheet;

use super::panel_frame::PanelName;
use crate::api::ApiError;
use crate::state::Announcements;

/// The failure, in words, with a Retry button. Lives inside the panel that
/// failed; the other panels keep working. When the failure may pass (the
/// server unreachable, slow or failing), the panel also retries by itself,
/// waiting longer after each failed attempt, and says when: on screen, and
/// once through the page's polite announcements.
#[component]
pub fn PanelError(
    /// Why the panel's data could not be loaded.
    error: ApiError,
    /// Loads the panel's data again.
    retry: Callback<()>,
    /// How many automatic retries already failed in a row.
    attempt: u32,
) -> impl IntoView {
    let class_name = style_sheet!("src/components/panel_error.css");
    let seconds_left = RwSignal::new(None::<u32>);
    if error.is_transient() {
        let wait = error.retry_in_ms(attempt);
        seconds_left.set(Some(wait.div_ceil(1000)));
        let panel = use_context::<PanelName>().map_or("A panel", |panel| panel.title);
        Announcements::expect().polite(format!(
            "{panel}: {error} Trying again in {} s.",
            wait.div_ceil(1000)
        ));
        let countdown = set_interval_with_handle(
            move || seconds_left.update(|s| *s = s.map(|s| s.saturating_sub(1).max(1))),
            Duration::from_secs(1),
        );
        // `alive` is disposed with this view when it goes away (the data
        // loaded, or Retry was pressed): the pending retry must not fire then.
        let alive = StoredValue::new(());
        on_cleanup(move || {
            if let Ok(countdown) = countdown {
                countdown.clear();
            }
        });
        spawn_local(async move {
            TimeoutFuture::new(wait).await;
            if alive.try_get_value().is_some() {
                retry.run(());
            }
        });
    }
    view! { class = class_name,
        <div class="panel-error" data-testid="panel-error">
            <p class="panel-error__message" role="alert">{error.to_string()}</p>
            // Not live: a countdown read out every second helps nobody; the
            // announcement above said when once.
            {move || seconds_left.get().map(|s| view! { class = class_name,
                <p class="panel-error__retrying">{format!("Trying again in {s} s.")}</p>
            })}
            <button class="button panel-error__retry" type="button" on:click=move |_| retry.run(())>
                "Retry"
            </button>
        </div>
    }
}
