//! The Additional details tab: the displayable context variables, with long
//! values collapsed behind an expand control.

use customer_summary_model::ContextItem;
use leptos::prelude::*;
use stylers::style_sheet;

use crate::components::ExpandableText;

/// Values longer than this many characters start collapsed.
const COLLAPSE_AFTER: usize = 160;

/// Context variables set by the portal or the console.
#[component]
pub fn AdditionalDetailsTab(items: Vec<ContextItem>) -> impl IntoView {
    let class_name = class_name();
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            view! { class = class_name,
                <div class="additional__row" data-testid="context-item">
                    <dt class="additional__name">{item.name}</dt>
                    <dd class="additional__value"><ExpandableText preview=collapsed_preview(&item.value) text=item.value id=format!("context-value-{index}") /></dd>
                </div>
            }
        })
        .collect_view();
    view! { class = class_name, <dl class="additional">{rows}</dl> }
}

/// The start of a long value followed by an ellipsis, or `None` when the
/// value is short enough to show whole.
pub fn collapsed_preview(value: &str) -> Option<String> {
    let cut = value.char_indices().nth(COLLAPSE_AFTER)?.0;
    Some(format!("{}…", &value[..cut]))
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/panels/conversation_summary/additional.css");
    class_name
}

#[cfg(test)]
mod tests {
    use super::collapsed_preview;

    #[test]
    fn long_values_collapse_on_a_character_boundary() {
        assert_eq!(collapsed_preview("short"), None);
        let long = "é".repeat(4000);
        let preview = collapsed_preview(&long).unwrap();
        assert_eq!(preview.chars().count(), 161);
        assert!(preview.ends_with('…'));
    }
}
