//! A moment shown relative to now ("5 minutes ago"), with the date and time
//! in the agent's locale on hover and on keyboard focus.

use customer_summary_model::Millis;
use leptos::prelude::*;
use stylers::style_sheet;

use crate::format;

/// When something happened, relative to when it is drawn.
#[component]
pub fn RelativeTime(
    /// The moment.
    at: Millis,
    /// Id of the tooltip, unique on the page.
    id: String,
) -> impl IntoView {
    let class_name = style_sheet!("src/components/relative_time.css");
    let iso = String::from(js_sys::Date::new(&(at as f64).into()).to_iso_string());
    let now = format::now();
    // A clock behind the server's must not date a note just saved "in 2 seconds".
    let relative = format::relative(at.min(now), now);
    let described_by = id.clone();
    view! { class = class_name,
        <span class="relative-time">
            <time class="relative-time__time" datetime=iso tabindex="0" aria-describedby=described_by>
                {relative}
            </time>
            <span class="relative-time__absolute" role="tooltip" id=id>
                {format::date_time(at)}
            </span>
        </span>
    }
}
