//! Label and value rows, as a description list.

use leptos::prelude::*;
use stylers::style_sheet;

/// A description list of [`Field`]s.
#[component]
pub fn FieldList(children: Children) -> impl IntoView {
    let class_name = class_name();
    view! { class = class_name, <dl class="field-list">{children()}</dl> }
}

/// One label and its value; a missing value reads "Not provided". Rich
/// values (chips, icons, live text) come as children instead of `value`.
#[component]
pub fn Field(
    /// What the value is.
    label: &'static str,
    /// The value, shown as text; `None` or blank shows "Not provided".
    #[prop(optional_no_strip)]
    value: Option<String>,
    /// Shown instead of `value` when given.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let class_name = class_name();
    let value = value.filter(|v| !v.trim().is_empty());
    let missing = value.is_none() && children.is_none();
    let content = match children {
        Some(children) => children().into_any(),
        // Isolated for direction: values come from customers and other systems.
        None => match value {
            Some(value) => view! { <bdi>{value}</bdi> }.into_any(),
            None => "Not provided".into_any(),
        },
    };
    view! { class = class_name,
        <div class="field-list__row">
            <dt class="field-list__label">{label}</dt>
            <dd class="field-list__value" class:field-list__value--missing=missing>
                {content}
            </dd>
        </div>
    }
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/components/field.css");
    class_name
}
