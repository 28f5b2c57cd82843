//! What the timeline shows: the Linked records selector, the type filter and
//! the search box.

use std::time::Duration;

use customer_summary_model::{RecordKind, TimelineKind};
use leptos::prelude::*;
use stylers::style_sheet;

use super::entries::timeline_icon;
use super::LinkedChoice;
use crate::api::LinkSlot;
use crate::components::Icon;

/// How long typing must pause before the search is sent.
const SEARCH_DELAY: Duration = Duration::from_millis(250);

/// The Linked records field: lists only the records linked right now.
#[component]
pub fn RecordSelector(
    /// The record shown and the records linked, as last loaded.
    #[prop(into)]
    linked: Signal<Option<LinkedChoice>>,
    /// The record the agent picked; `None` until they pick one.
    selected: RwSignal<Option<LinkSlot>>,
) -> impl IntoView {
    let class_name = class_name();
    let options = move || {
        linked.with(|linked| {
            linked
                .iter()
                .flat_map(|linked| {
                    linked.all.iter().map(|record| {
                        let is_current = *record == linked.current;
                        view! { class = class_name,
                            <option value=record.kind.as_str() prop:selected=is_current>
                                {format!("{}: {}", record.kind.label(), record.label)}
                            </option>
                        }
                    })
                })
                .collect_view()
        })
    };
    let on_change = move |event| {
        if let Some(kind) = RecordKind::parse(&event_target_value(&event)) {
            selected.set(Some(LinkSlot::of(kind)));
        }
    };
    view! { class = class_name,
        <div class="timeline-filters__selector">
            <label class="timeline-filters__label" for="timeline-record">"Linked records"</label>
            <select class="timeline-filters__select" id="timeline-record" on:change=on_change>
                {options}
            </select>
        </div>
    }
}

/// One toggle button per kind of entry; none pressed shows every kind.
#[component]
pub fn TypeFilter(
    /// The kinds shown, in the order of [`TimelineKind::ALL`].
    types: RwSignal<Vec<TimelineKind>>,
) -> impl IntoView {
    let class_name = class_name();
    let toggle = move |kind: TimelineKind| {
        let shown = types.get_untracked();
        types.set(
            TimelineKind::ALL
                .into_iter()
                .filter(|k| shown.contains(k) != (*k == kind))
                .collect(),
        );
    };
    let buttons = TimelineKind::ALL
        .into_iter()
        .map(|kind| {
            let pressed = move || types.with(|types| types.contains(&kind));
            view! { class = class_name,
                <button
                    type="button"
                    class="timeline-filters__type"
                    class:timeline-filters__type--on=pressed
                    aria-pressed=move || pressed().to_string()
                    on:click=move |_| toggle(kind)
                >
                    <Icon name=timeline_icon(kind) />
                    {kind.label()}
                </button>
            }
        })
        .collect_view();
    view! { class = class_name,
        <div class="timeline-filters__types" role="group" aria-labelledby="timeline-types-label">
            <span class="timeline-filters__label" id="timeline-types-label">
                "Show only"
            </span>
            {buttons}
        </div>
    }
}

/// Searches the titles and bodies of the shown record's timeline on the
/// server, once typing pauses (or at once on Enter).
#[component]
pub fn TimelineSearch(
    /// The text searched for; changes only after typing pauses.
    text: RwSignal<String>,
) -> impl IntoView {
    let class_name = class_name();
    let typed = RwSignal::new(text.get_untracked());
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(timer) = timer.try_get_value().flatten() {
            timer.clear();
        }
    };
    let apply = move || {
        cancel();
        let wanted = typed.get_untracked().trim().to_owned();
        if text.get_untracked() != wanted {
            text.set(wanted);
        }
    };
    let on_input = move |event| {
        typed.set(event_target_value(&event));
        cancel();
        timer.set_value(set_timeout_with_handle(apply, SEARCH_DELAY).ok());
    };
    on_cleanup(cancel);
    view! { class = class_name,
        <form
            class="timeline-filters__search"
            role="search"
            on:submit=move |event| {
                event.prevent_default();
                apply();
            }
        >
            <label class="timeline-filters__label" for="timeline-search">"Search timeline"</label>
            <input
                class="timeline-filters__search-input"
                id="timeline-search"
                type="search"
                autocomplete="off"
                prop:value=move || typed.get()
                on:input=on_input
            />
        </form>
    }
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/panels/timeline/filters.css");
    class_name
}
