//! Small DOM helpers the components share.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves keyboard focus to the element with `id`, if it is on the page.
pub fn focus_by_id(id: &str) {
    let element = document()
        .get_element_by_id(id)
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        // Focus only fails on detached elements; nothing to do then.
        let _ = element.focus();
    }
}

/// Sets the document's title, which names the browser tab.
pub fn set_title(title: &str) {
    document().set_title(title);
}

/// Moves keyboard focus to the heading of the page shown: the first
/// `[data-page-heading]` not inside a hidden element (a summary loading
/// beside the one shown is hidden).
pub fn focus_page_heading() {
    let Ok(headings) = document().query_selector_all("[data-page-heading]") else {
        return;
    };
    let shown = (0..headings.length())
        .filter_map(|index| headings.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|heading| matches!(heading.closest("[hidden]"), Ok(None)));
    if let Some(heading) = shown {
        let _ = heading.focus();
    }
}

/// For arrow-key movement among `selector`'s elements inside `container`:
/// focuses the next (ArrowDown), previous (ArrowUp), first (Home) or last
/// (End) one from the focused one, and says whether `key` was such a move.
pub fn move_focus_among(container: &web_sys::Element, selector: &str, key: &str) -> bool {
    let Ok(nodes) = container.query_selector_all(selector) else {
        return false;
    };
    let items: Vec<web_sys::HtmlElement> = (0..nodes.length())
        .filter_map(|index| nodes.item(index))
        .filter_map(|node| node.dyn_into().ok())
        .collect();
    let focused = document().active_element();
    let current = items
        .iter()
        .position(|item| focused.as_ref() == Some(item.unchecked_ref()));
    let last = items.len().saturating_sub(1);
    let target = match (key, current) {
        ("ArrowDown", Some(index)) => (index + 1).min(last),
        ("ArrowUp", Some(index)) => index.saturating_sub(1),
        ("ArrowDown" | "Home", None) | ("Home", Some(_)) => 0,
        ("ArrowUp" | "End", None) | ("End", Some(_)) => last,
        _ => return false,
    };
    if let Some(item) = items.get(target) {
        let _ = item.focus();
    }
    true
}
