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
