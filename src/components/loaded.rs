//! Loading, failing and showing a panel's data, the same way in every panel.

use leptos::prelude::*;

use super::panel_frame::PanelName;
use super::{PanelError, Skeleton};
use crate::api::ApiError;
use crate::dom::focus_by_id;
use crate::state::PanelProgress;

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
    let progress = use_context::<PanelProgress>();
    // Automatic retries since the last success, for the backoff.
    let attempts = StoredValue::new(0u32);
    view! {
        <Transition fallback=Skeleton>
            {move || {
                let view = view.clone();
                // Read while the content shown still is the old one.
                let had_focus = panel.is_some_and(|panel| holds_focus(panel.name));
                Suspend::new(async move {
                    let result = resource.await;
                    if let (Some(progress), Some(panel)) = (progress, panel) {
                        progress.settled(panel.name);
                    }
                    match result {
                        Ok(value) => {
                            attempts.set_value(0);
                            if let Some(PanelName { name, .. }) = panel {
                                mark_loaded(name);
                                if had_focus {
                                    request_animation_frame(move || keep_focus_in(name));
                                }
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

/// Whether keyboard focus is inside panel `name`.
fn holds_focus(name: &str) -> bool {
    let section = document().get_element_by_id(&format!("{name}-panel"));
    let active = document().active_element();
    section.is_some_and(|section| section.contains(active.as_ref().map(AsRef::as_ref)))
}

/// Focuses panel `name`'s heading if focus fell back to the page's body.
fn keep_focus_in(name: &str) {
    let lost = document()
        .active_element()
        .is_none_or(|active| document().body().is_some_and(|body| *body == active));
    if lost {
        focus_by_id(&format!("{name}-panel-title"));
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
