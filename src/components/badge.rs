//! Case priority and status as badges: text and colour, never colour alone.

use customer_summary_model::{CaseStatus, Priority};
use leptos::prelude::*;
use stylers::style_sheet;

/// A case's priority.
#[component]
pub fn PriorityBadge(priority: Priority) -> impl IntoView {
    let class_name = class_name();
    let tone = match priority {
        Priority::High => "badge--danger",
        Priority::Normal => "badge--neutral",
        Priority::Low => "badge--calm",
    };
    view! { class = class_name,
        <span class=format!("badge {tone}")>{priority.label()}" priority"</span>
    }
}

/// A case's status.
#[component]
pub fn StatusBadge(status: CaseStatus) -> impl IntoView {
    let class_name = class_name();
    let tone = match status {
        CaseStatus::InProgress | CaseStatus::Researching => "badge--info",
        CaseStatus::OnHold | CaseStatus::WaitingForDetails => "badge--warning",
        CaseStatus::Resolved => "badge--success",
        CaseStatus::Cancelled => "badge--neutral",
    };
    view! { class = class_name, <span class=format!("badge {tone}")>{status.label()}</span> }
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/components/badge.css");
    class_name
}
