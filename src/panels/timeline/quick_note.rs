//! The quick note: a title and a text, saved to the shown record with Save
//! or Ctrl+Enter (Cmd+Enter on a Mac).

use leptos::prelude::*;
use stylers::style_sheet;

use super::notes::Notes;
use crate::components::LabelledInput;
use crate::dom::focus_by_id;

/// Writes a note on the record whose timeline is shown. Problems are shown
/// next to their field and nothing typed is lost: the draft is kept in
/// localStorage while typing, and when the browser cannot keep it the
/// form says so.
#[component]
pub fn QuickNote() -> impl IntoView {
    let class_name = class_name();
    let notes = Notes::expect();
    let save = move || {
        if let Err(field) = notes.save() {
            focus_by_id(&format!("quick-note-{field}"));
        }
    };
    let on_keydown = Callback::new(move |event: web_sys::KeyboardEvent| {
        if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
            event.prevent_default();
            save();
        }
    });
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
            <LabelledInput
                id="quick-note-title".to_owned()
                label="Title (optional)"
                value=Signal::derive(move || notes.title())
                on_input=Callback::new(move |title| notes.set_title(title))
                error=notes.error("title")
                on_keydown
            />
            <LabelledInput
                id="quick-note-text".to_owned()
                label="Note"
                value=Signal::derive(move || notes.text())
                on_input=Callback::new(move |text| notes.set_text(text))
                error=notes.error("text")
                multiline=true
                on_keydown
                hint_id="quick-note-hint"
            />
            {move || (!notes.are_kept()).then(|| view! { class = class_name,
                <p class="quick-note__warning" role="status" data-testid="notes-not-kept">
                    "This browser is not keeping notes (its storage is full or turned off): "
                    "a draft or an unsaved note lasts only until this page closes. "
                    "Unsaved notes are still sent once the server can be reached."
                </p>
            })}
            <div class="quick-note__actions">
                <button type="submit" class="button button--primary quick-note__save">"Save"</button>
                <span class="quick-note__hint" id="quick-note-hint">"Ctrl+Enter also saves."</span>
            </div>
        </form>
    }
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/panels/timeline/quick_note.css");
    class_name
}
