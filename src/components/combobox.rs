//! Search as you type, with the WAI-ARIA combobox pattern: a text box that
//! controls a listbox of results; arrows move through them, Enter picks,
//! Escape closes.
//!
//! Each keystroke cancels the previous search, debounce wait and request
//! alike, so a stale response can never replace a newer one; queries of
//! fewer than two characters never reach the server.

use std::future::Future;

use futures::future::{AbortHandle, Abortable};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use stylers::style_sheet;

use crate::api::ApiError;

/// Quiet time after the last keystroke before searching.
const DEBOUNCE_MS: u32 = 250;
/// The shortest query sent to the server.
pub const MIN_QUERY_CHARS: usize = 2;

/// Where a search stands.
#[derive(Clone, Debug, PartialEq)]
enum Search<T> {
    Idle,
    Searching,
    Found(Vec<T>),
    Failed(String),
}

/// A search box whose results can be picked with the mouse or keyboard.
#[component]
pub fn SearchCombobox<T, S, Fut, R, V>(
    /// The visible label of the search box.
    label: &'static str,
    /// Prefix of the element ids, unique on the page.
    id: &'static str,
    /// Example of what can be searched.
    placeholder: &'static str,
    /// Searches for a trimmed query of at least two characters.
    search: S,
    /// Renders one result.
    render: R,
    /// Receives the picked result.
    on_pick: Callback<T>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    S: Fn(String) -> Fut + 'static,
    Fut: Future<Output = Result<Vec<T>, ApiError>> + 'static,
    R: Fn(&T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let class_name = style_sheet!("src/components/combobox.css");
    let query = RwSignal::new(String::new());
    let state = RwSignal::new(Search::<T>::Idle);
    let active = RwSignal::new(None::<usize>);
    let open = RwSignal::new(false);
    let in_flight = StoredValue::new(None::<AbortHandle>);
    let input_id = format!("{id}-input");
    let listbox_id = format!("{id}-listbox");
    let option_id = move |index: usize| format!("{id}-option-{index}");

    let pick = move |item: T| {
        open.set(false);
        active.set(None);
        on_pick.run(item);
    };
    let on_input = move |event| {
        let text = event_target_value(&event);
        query.set(text.clone());
        if let Some(previous) = in_flight.get_value() {
            previous.abort();
        }
        let text = text.trim().to_owned();
        active.set(None);
        if text.chars().count() < MIN_QUERY_CHARS {
            state.set(Search::Idle);
            open.set(false);
            return;
        }
        state.set(Search::Searching);
        open.set(true);
        let (handle, registration) = AbortHandle::new_pair();
        in_flight.set_value(Some(handle));
        let request = search(text);
        spawn_local(async move {
            let debounced = async move {
                TimeoutFuture::new(DEBOUNCE_MS).await;
                request.await
            };
            if let Ok(result) = Abortable::new(debounced, registration).await {
                state.set(match result {
                    Ok(items) => Search::Found(items),
                    Err(error) => Search::Failed(error.to_string()),
                });
            }
        });
    };
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        let count = state.with_untracked(|s| match s {
            Search::Found(items) => items.len(),
            _ => 0,
        });
        match event.key().as_str() {
            "ArrowDown" | "ArrowUp" if count > 0 => {
                event.prevent_default();
                open.set(true);
                let down = event.key() == "ArrowDown";
                active.update(|a| *a = Some(step(*a, count, down)));
            }
            "Enter" => {
                let chosen = active.get_untracked().and_then(|index| {
                    state.with_untracked(|s| match s {
                        Search::Found(items) => items.get(index).cloned(),
                        _ => None,
                    })
                });
                if let Some(item) = chosen {
                    event.prevent_default();
                    pick(item);
                }
            }
            "Escape" => {
                if open.get_untracked() {
                    open.set(false);
                    active.set(None);
                } else {
                    query.set(String::new());
                    state.set(Search::Idle);
                }
            }
            _ => {}
        }
    };
    let results = move || {
        let render = render.clone();
        state.with(|s| match s {
            Search::Found(items) if items.is_empty() => None,
            Search::Found(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        let chosen = item.clone();
                        view! { class = class_name,
                            <li
                                class="combobox__option"
                                role="option"
                                id=option_id(index)
                                aria-selected=move || (active.get() == Some(index)).to_string()
                                on:mousedown=|event| event.prevent_default()
                                on:click=move |_| pick(chosen.clone())
                            >
                                {render(item)}
                            </li>
                        }
                    })
                    .collect_view(),
            ),
            _ => None,
        })
    };
    let status = move || {
        state.with(|s| match s {
            Search::Idle => String::new(),
            Search::Searching => "Searching…".to_owned(),
            Search::Found(items) if items.is_empty() => "No matching records.".to_owned(),
            Search::Found(items) => match items.len() {
                1 => "1 result. Use the arrow keys to choose, Enter to link.".to_owned(),
                n => format!("{n} results. Use the arrow keys to choose, Enter to link."),
            },
            Search::Failed(message) => format!("Search failed: {message}"),
        })
    };
    let expanded = move || {
        open.get() && state.with(|s| matches!(s, Search::Found(items) if !items.is_empty()))
    };
    view! { class = class_name,
        <div class="combobox">
            <label class="combobox__label" for=input_id.clone()>
                {label}
            </label>
            <input
                class="input combobox__input"
                id=input_id
                type="text"
                role="combobox"
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                aria-autocomplete="list"
                aria-controls=listbox_id.clone()
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || active.get().filter(|_| expanded()).map(option_id)
                prop:value=move || query.get()
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| open.set(false)
            />
            <ul class="combobox__listbox" id=listbox_id role="listbox" aria-label=label hidden=move || !expanded()>
                {results}
            </ul>
            <p class="combobox__status" role="status" data-testid="search-status">
                {status}
            </p>
        </div>
    }
}

/// The next active option for an arrow key, wrapping at both ends.
pub fn step(active: Option<usize>, count: usize, down: bool) -> usize {
    match (active, down) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(index), true) => (index + 1) % count,
        (Some(index), false) => (index + count - 1) % count,
    }
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn arrows_start_at_either_end_and_wrap() {
        assert_eq!(step(None, 3, true), 0);
        assert_eq!(step(None, 3, false), 2);
        assert_eq!(step(Some(2), 3, true), 0);
        assert_eq!(step(Some(0), 3, false), 2);
    }
}
