//! Tabs with the WAI-ARIA tabs pattern: a tablist of tabs that select on
//! click and on arrow keys, Home and End (automatic activation, roving
//! tab index), each controlling one tab panel.

use leptos::prelude::*;
use stylers::style_sheet;

use crate::dom::focus_by_id;

/// One tab: a key unique within its tab list, and the label people read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tab {
    pub key: &'static str,
    pub label: &'static str,
}

/// The row of tabs. `selected` holds the selected tab's key; it outlives the
/// tab list, so the choice survives the panel re-rendering.
#[component]
pub fn TabList(
    /// What the tabs are about, for screen readers.
    label: &'static str,
    /// Prefix of the tab and panel element ids, unique on the page.
    id_prefix: &'static str,
    /// The tabs, in order.
    tabs: Vec<Tab>,
    /// The selected tab's key.
    selected: RwSignal<&'static str>,
) -> impl IntoView {
    let class_name = class_name();
    let keys: Vec<&'static str> = tabs.iter().map(|tab| tab.key).collect();
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        let Some(current) = keys.iter().position(|key| *key == selected.get_untracked()) else {
            return;
        };
        let Some(next) = next_tab(&event.key(), current, keys.len()) else {
            return;
        };
        event.prevent_default();
        selected.set(keys[next]);
        focus_by_id(&tab_id(id_prefix, keys[next]));
    };
    let buttons = tabs
        .into_iter()
        .map(|tab| {
            let is_selected = move || selected.get() == tab.key;
            view! { class = class_name,
                <button
                    type="button"
                    role="tab"
                    class="tabs__tab"
                    id=tab_id(id_prefix, tab.key)
                    aria-controls=panel_id(id_prefix, tab.key)
                    aria-selected=move || is_selected().to_string()
                    tabindex=move || if is_selected() { "0" } else { "-1" }
                    on:click=move |_| selected.set(tab.key)
                >
                    {tab.label}
                </button>
            }
        })
        .collect_view();
    view! { class = class_name,
        <div class="tabs" role="tablist" aria-label=label on:keydown=on_keydown>
            {buttons}
        </div>
    }
}

/// The content of one tab; hidden unless its tab is selected.
#[component]
pub fn TabPanel(
    /// Same prefix as the tab list's.
    id_prefix: &'static str,
    /// The key of the tab that shows this panel.
    tab: &'static str,
    /// The selected tab's key.
    selected: RwSignal<&'static str>,
    children: Children,
) -> impl IntoView {
    let class_name = class_name();
    view! { class = class_name,
        <div
            role="tabpanel"
            class="tabs__panel"
            id=panel_id(id_prefix, tab)
            aria-labelledby=tab_id(id_prefix, tab)
            tabindex="0"
            hidden=move || selected.get() != tab
        >
            {children()}
        </div>
    }
}

/// Where a key press moves the selection, if anywhere.
pub fn next_tab(key: &str, current: usize, count: usize) -> Option<usize> {
    match key {
        "ArrowRight" => Some((current + 1) % count),
        "ArrowLeft" => Some((current + count - 1) % count),
        "Home" => Some(0),
        "End" => Some(count - 1),
        _ => None,
    }
}

fn tab_id(prefix: &str, key: &str) -> String {
    format!("{prefix}-tab-{key}")
}

fn panel_id(prefix: &str, key: &str) -> String {
    format!("{prefix}-panel-{key}")
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/components/tabs.css");
    class_name
}

#[cfg(test)]
mod tests {
    use super::next_tab;

    #[test]
    fn arrows_wrap_and_home_end_jump() {
        assert_eq!(next_tab("ArrowRight", 2, 3), Some(0));
        assert_eq!(next_tab("ArrowLeft", 0, 3), Some(2));
        assert_eq!(next_tab("Home", 2, 3), Some(0));
        assert_eq!(next_tab("End", 0, 3), Some(2));
        assert_eq!(next_tab("Enter", 0, 3), None);
    }
}
