//! The switch from one conversation's summary to the next without a flash
//! (a new context from the console, or Back and Forward between two):
//! the next page is built hidden beside the one shown and takes its place
//! once all its panels have settled, or after [`SKELETONS_AFTER_MS`] with
//! skeletons where data is still on its way. The previous conversation is
//! never shown beside the next one's: each page is whole. Who is signed in
//! is asked here, once per token, not once per page.

use std::time::Duration;

use leptos::prelude::*;

use crate::app::{page_api, SummaryPage};
use crate::config::Config;
use crate::console::ConsoleLink;
use crate::dom;
use crate::state::CurrentAgent;

/// How long the page shown stays while the next one loads; after that the
/// next one shows, with skeletons for what has not arrived.
pub const SKELETONS_AFTER_MS: u64 = 100;

/// The summary of the conversation `wanted` names, switching as above.
#[component]
pub fn Summaries(
    /// The validated runtime configuration.
    config: Config,
    /// The console, which hands over the token, when embedded.
    console: ConsoleLink,
    /// The conversation to show: the console's, or the address's.
    wanted: Signal<Option<i64>>,
) -> impl IntoView {
    CurrentAgent::provide(page_api(&config), Some(console));
    let wanted = move || wanted.get();
    // Two places for a page: the one in front is shown, the other holds
    // the next conversation's while it loads. A page never moves between
    // them, so showing the next one builds nothing again.
    let places = [RwSignal::new(untrack(wanted)), RwSignal::new(None)];
    let front = RwSignal::new(0);
    let show = move |place: usize, id: i64| {
        let current = places[place].try_get_untracked().flatten() == Some(id);
        if current && front.get_untracked() != place {
            // Focus in the page going away would fall to the body.
            let had_focus = focus_is_in(1 - place);
            front.set(place);
            places[1 - place].set(None);
            if had_focus {
                // Once the swap is drawn.
                request_animation_frame(dom::focus_page_heading);
            }
        }
    };
    Effect::new(move |_| {
        let Some(id) = wanted() else { return };
        let back = 1 - front.get_untracked();
        if places[1 - back].get_untracked() == Some(id) {
            places[back].set(None); // the one shown (again)
            return;
        }
        places[back].set(Some(id));
        set_timeout(
            move || show(back, id),
            Duration::from_millis(SKELETONS_AFTER_MS),
        );
    });
    let page = move |place: usize| {
        let config = config.clone();
        move || {
            places[place].get().map(|id| {
                view! {
                    <div
                        data-testid="summary-page"
                        data-place=place
                        hidden=move || front.get() != place
                    >
                        <SummaryPage
                            config=config.clone()
                            conversation_id=id
                            on_settled=Callback::new(move |()| show(place, id))
                        />
                    </div>
                }
            })
        }
    };
    view! { {page(0)} {page(1)} }
}

/// Whether keyboard focus is inside the page in `place`.
fn focus_is_in(place: usize) -> bool {
    let selector = format!("[data-place=\"{place}\"]");
    let page = document().query_selector(&selector).ok().flatten();
    let focused = document().active_element();
    matches!((page, focused), (Some(page), Some(focused)) if page.contains(Some(focused.as_ref())))
}
