//! The quick note: a title and a text, saved to the shown record with Save
//! or Ctrl+Enter (Cmd+Enter on a Mac).

use leptos::html;
use leptos::prelude::*;
use stylers::style_sheet;

use super::notes::Notes;

/// Writes a note on the record whose timeline is shown. Problems are shown
/// next to their field and nothing typed is lost: the draft is kept in
/// localStorage while typing.
#[component]
pub fn QuickNote() -> impl IntoView {
    let class_name = class_name();
    let notes = Notes::expect();
    let title_input = NodeRef::<html::Input>::new();
    let text_input = NodeRef::<html::Textarea>::new();
    let title_error = notes.error("title");
    let text_error = notes.error("text");
    let save = move || {
        if let Err(field) = notes.save() {
            // Focus only fails on detached elements; nothing to do then.
            let _ = if field == "title" {
                title_input.get().map(|input| input.focus())
            } else {
                text_input.get().map(|input| input.focus())
            };
        }
    };
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
            event.prevent_default();
            save();
        }
    };
    view! { class = class_name,
        <form
            class="quick-note"
            aria-labelledby="quick-note-heading"
            novalidate=true
            on:submit=move |event| {
                event.prevent_default();
                save();
            }
        >
            <h3 class="quick-note__heading" id="quick-note-heading">"Quick note"</h3>
            <div class="quick-note__field">
                <label class="quick-note__label" for="quick-note-title">"Title (optional)"</label>
                <input
                    class="quick-note__input"
                    id="quick-note-title"
                    type="text"
                    autocomplete="off"
                    node_ref=title_input
                    aria-invalid=move || title_error.with(Option::is_some).to_string()
                    aria-describedby="quick-note-title-error"
                    prop:value=move || notes.title()
                    on:input=move |event| notes.set_title(event_target_value(&event))
                />
                <FieldError id="quick-note-title-error" error=title_error />
            </div>
            <div class="quick-note__field">
                <label class="quick-note__label" for="quick-note-text">"Note"</label>
                <textarea
                    class="quick-note__input quick-note__input--text"
                    id="quick-note-text"
                    rows="3"
                    node_ref=text_input
                    aria-invalid=move || text_error.with(Option::is_some).to_string()
                    aria-describedby="quick-note-text-error quick-note-hint"
                    prop:value=move || notes.text()
                    on:input=move |event| notes.set_text(event_target_value(&event))
                    on:keydown=on_keydown
                ></textarea>
                <FieldError id="quick-note-text-error" error=text_error />
            </div>
            <div class="quick-note__actions">
                <button type="submit" class="quick-note__save">"Save"</button>
                <span class="quick-note__hint" id="quick-note-hint">"Ctrl+Enter also saves."</span>
            </div>
        </form>
    }
}

/// A field's problem, right under it; the field points to it with
/// `aria-describedby`.
#[component]
fn FieldError(
    /// The element id the field refers to.
    id: &'static str,
    /// The problem, if any.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let class_name = class_name();
    view! { class = class_name,
        <p class="quick-note__error" id=id role="alert" hidden=move || error.with(Option::is_none)>
            {move || error.get()}
        </p>
    }
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/panels/timeline/quick_note.css");
    class_name
}
