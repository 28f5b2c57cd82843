//! Who else has the conversation, or its customer, open right now
//! (`LiveUpdates::viewers`), so two agents do not work one customer
//! without knowing it.

use customer_summary_model::Viewer;
use leptos::prelude::*;
use stylers::style_sheet;

use crate::state::LiveUpdates;

/// "Also viewing: Ben Carter", and the agents on another conversation
/// with the same customer; nothing when nobody else is. A polite live
/// region, so a screen reader hears who arrives.
#[component]
pub fn AlsoViewing() -> impl IntoView {
    let class_name = style_sheet!("src/components/also_viewing.css");
    let live = LiveUpdates::expect();
    let line = move |here: bool, label: &'static str| {
        let names: Vec<String> = live
            .viewers()
            .into_iter()
            .filter(|viewer: &Viewer| viewer.here == here)
            .map(|viewer| viewer.agent.name)
            .collect();
        (!names.is_empty()).then(|| {
            let count = names.len();
            view! { class = class_name,
                <span class="also-viewing__group">
                    {label}
                    {names
                        .into_iter()
                        .enumerate()
                        .map(|(i, name)| view! { class = class_name,
                            {(i > 0).then_some(if i + 1 == count { " and " } else { ", " })}
                            <bdi class="also-viewing__name">{name}</bdi>
                        })
                        .collect_view()}
                    ". "
                </span>
            }
        })
    };
    view! { class = class_name,
        <p class="also-viewing" role="status" data-testid="also-viewing">
            {move || line(true, "Also viewing: ")}
            {move || line(false, "This customer in another conversation: ")}
        </p>
    }
}
