//! The frame every panel sits in: a labelled section with a heading.

use leptos::context::Provider;
use leptos::prelude::*;
use stylers::style_sheet;

/// The panel a component is drawn in: its short name, for the performance
/// marks its content sets once loaded, and its title, for announcements.
#[derive(Clone, Copy, Debug)]
pub struct PanelName {
    pub name: &'static str,
    pub title: &'static str,
}

/// A titled panel. Its content loads on its own, so one panel failing never
/// blanks another.
#[component]
pub fn PanelFrame(
    /// The panel's heading, as the agent reads it.
    title: &'static str,
    /// Short stable name ("case"), used for the heading's id and `data-testid`.
    name: &'static str,
    children: Children,
) -> impl IntoView {
    let class_name = style_sheet!("src/components/panel_frame.css");
    let heading_id = move || format!("{name}-panel-title");
    // The heading takes focus (tabindex -1) when the content that had it
    // is replaced (components/loaded.rs).
    view! { class = class_name,
        <section
            class="panel-frame"
            id=format!("{name}-panel")
            data-testid=format!("{name}-panel")
            aria-labelledby=heading_id()
        >
            <h2 class="panel-frame__title" id=heading_id() tabindex="-1">
                {title}
            </h2>
            // A Provider, not provide_context: components share their
            // parent's owner, so a context provided here would be the last
            // panel's for every panel by the time a late child reads it.
            <Provider value=PanelName { name, title }>
                <div class="panel-frame__body">{children()}</div>
            </Provider>
        </section>
    }
}
