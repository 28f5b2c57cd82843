//! Loading, failing and showing a panel's data, the same way in every panel.

use leptos::prelude::*;

use super::panel_frame::PanelName;
use super::{PanelError, Skeleton};
use crate::api::ApiError;

/// Shows a skeleton while `resource` loads, `view` of its value once it has
/// loaded, or the error with a Retry button (and, when the failure may pass,
/// an automatic retry with backoff). While it re-fetches, the previous
/// content stays in place.
///
/// The result is matched here rather than thrown to an `ErrorBoundary`:
/// with several panels suspending at once, leptos 0.8.23 delivered a
/// panel's error to another panel's boundary (seen in tests/web.rs).
#[component]
pub fn Loaded<T, V, F>(
    /// The panel's data.
    resource: LocalResource<Result<T, ApiError>>,
    /// Renders the loaded value.
    view: F,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let retry = Callback::new(move |()| resource.refetch());
    let panel = use_context::<PanelName>();
    // Automatic retries since the last success, for the backoff.
    let attempts = StoredValue::new(0u32);
    view! {
        <Transition fallback=Skeleton>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => {
                            attempts.set_value(0);
                            if let Some(PanelName(name)) = panel {
                                mark_loaded(name);
                            }
                            view(value).into_any()
                        }
                        Err(error) => {
                            let attempt = attempts.get_value();
                            attempts.set_value(attempt.saturating_add(1));
                            view! { <PanelError error retry attempt /> }.into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
}

/// Sets the performance mark `customer-summary:<panel>-loaded`, which the
/// benchmark reads to time the complete summary.
fn mark_loaded(panel: &str) {
    if let Some(performance) = window().performance() {
        // A mark can only fail for reserved names, which these are not.
        let _ = performance.mark(&format!("customer-summary:{panel}-loaded"));
    }
}
