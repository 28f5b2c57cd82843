//! Forms that never lose what was typed: field-level errors (from the
//! shared validation rules before sending, or from the server's 400 after),
//! a form-level failure with the draft kept, and one save at a time.

use std::future::Future;

use customer_summary_model::{FieldError, FieldErrors};
use leptos::prelude::*;
use leptos::task::spawn_local;
use stylers::style_sheet;

use crate::api::ApiError;
use crate::dom::focus_by_id;

/// The state of one form: its errors, its failure and whether it is saving.
#[derive(Clone, Copy, Debug)]
pub struct FormState {
    /// Prefix of the form's field ids, unique on the page.
    pub id: &'static str,
    errors: RwSignal<FieldErrors>,
    failure: RwSignal<Option<String>>,
    saving: RwSignal<bool>,
}

impl FormState {
    pub fn new(id: &'static str) -> Self {
        FormState {
            id,
            errors: RwSignal::new(Vec::new()),
            failure: RwSignal::new(None),
            saving: RwSignal::new(false),
        }
    }

    pub fn field_id(&self, field: &str) -> String {
        format!("{}-{field}", self.id)
    }

    /// The message for `field`, if it has one.
    pub fn error(&self, field: &'static str) -> Signal<Option<String>> {
        field_error(self.errors, field)
    }

    pub fn is_saving(&self) -> bool {
        self.saving.get()
    }

    /// Sends the form unless `problems` (from validation) says otherwise.
    /// A 400 naming a field lands next to that field; any other failure is
    /// shown for the whole form. The typed values are never touched.
    pub fn submit<T, Fut>(
        &self,
        problems: FieldErrors,
        send: Fut,
        on_saved: impl FnOnce(T) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        if self.saving.get_untracked() {
            return;
        }
        self.failure.set(None);
        if !problems.is_empty() {
            self.focus(&problems[0].field);
            self.errors.set(problems);
            return;
        }
        self.errors.set(Vec::new());
        self.saving.set(true);
        let form = *self;
        spawn_local(async move {
            match send.await {
                Ok(saved) => on_saved(saved),
                Err(ApiError::Invalid {
                    message,
                    field: Some(field),
                }) => {
                    form.focus(&field);
                    form.errors.set(vec![FieldError { field, message }]);
                }
                Err(error) => form.failure.set(Some(error.to_string())),
            }
            form.saving.set(false);
        });
    }

    fn focus(&self, field: &str) {
        focus_by_id(&self.field_id(field));
    }
}

/// The message for `field` among `errors`, if it has one, as a signal.
pub fn field_error(errors: RwSignal<FieldErrors>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    })
}

/// A field of a [`FormState`] form: its typed text, and its error matched
/// by the field's name.
#[component]
pub fn TextField(
    /// The form the field belongs to.
    form: FormState,
    /// The field's name in the request body; errors are matched by it.
    field: &'static str,
    /// The visible label.
    label: &'static str,
    /// The typed text.
    value: RwSignal<String>,
    /// Marks the field as required.
    #[prop(optional)]
    required: bool,
    /// The input's type (`text`, `email`, `tel`).
    #[prop(default = "text")]
    input_type: &'static str,
    /// Renders a multi-line text area instead of an input.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    view! {
        <LabelledInput
            id=form.field_id(field)
            label
            value=value.into()
            on_input=Callback::new(move |text| value.set(text))
            error=form.error(field)
            required
            input_type
            multiline
        />
    }
}

/// A labelled input or text area with its error beneath it, pointed to by
/// `aria-describedby`; what the agent typed is never replaced.
#[component]
pub fn LabelledInput(
    /// The input's id, unique on the page; its error's id adds `-error`.
    id: String,
    /// The visible label.
    label: &'static str,
    /// The text shown.
    value: Signal<String>,
    /// Receives every edit.
    on_input: Callback<String>,
    /// The field's problem, if any.
    error: Signal<Option<String>>,
    /// Marks the field as required.
    #[prop(optional)]
    required: bool,
    /// The input's type (`text`, `email`, `tel`).
    #[prop(default = "text")]
    input_type: &'static str,
    /// Renders a multi-line text area instead of an input.
    #[prop(optional)]
    multiline: bool,
    /// Key presses in the field, for shortcuts such as Ctrl+Enter.
    #[prop(optional)]
    on_keydown: Option<Callback<web_sys::KeyboardEvent>>,
    /// The id of a hint the field is also described by.
    #[prop(optional)]
    hint_id: Option<&'static str>,
) -> impl IntoView {
    let class_name = class_name();
    let error_id = format!("{id}-error");
    let invalid = move || error.with(Option::is_some).to_string();
    let described_by = {
        let error_id = error_id.clone();
        move || {
            let ids: Vec<&str> = error
                .with(Option::is_some)
                .then_some(error_id.as_str())
                .into_iter()
                .chain(hint_id)
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let on_input = move |event| on_input.run(event_target_value(&event));
    let on_keydown = move |event| {
        if let Some(on_keydown) = on_keydown {
            on_keydown.run(event);
        }
    };
    let input = if multiline {
        view! { class = class_name,
            <textarea
                class="input form-field__input--multiline"
                id=id.clone()
                rows="4"
                dir="auto"
                required=required
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=on_input
                on:keydown=on_keydown
            ></textarea>
        }
        .into_any()
    } else {
        view! { class = class_name,
            <input
                class="input"
                id=id.clone()
                type=input_type
                dir="auto"
                autocomplete="off"
                required=required
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=on_input
                on:keydown=on_keydown
            />
        }
        .into_any()
    };
    view! { class = class_name,
        <div class="form-field">
            <label class="form-field__label" for=id>
                {label}
                {required.then_some(" (required)")}
            </label>
            {input}
            <p class="form-field__error" id=error_id role="alert" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </div>
    }
}

/// The form-level failure, if any: what went wrong, and that the draft is
/// still here to save again.
#[component]
pub fn FormFailure(form: FormState) -> impl IntoView {
    let class_name = class_name();
    move || {
        form.failure.get().map(|message| {
            view! { class = class_name,
                <p class="form-field__failure" role="alert">
                    {message}
                    " Nothing you typed was lost; save again to retry."
                </p>
            }
        })
    }
}

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/components/form.css");
    class_name
}

/// A form's frame: its heading, its fields, the form-level failure, and
/// Save and Cancel. Enter in a field submits; while saving, Save says so
/// and a second submit does nothing (`FormState::submit`). It is marked
/// `aria-disabled`, not `disabled`: a disabled button drops keyboard focus
/// to the page's body.
#[component]
pub fn FormShell(
    /// The form's heading.
    title: &'static str,
    /// The form's state.
    form: FormState,
    /// Validates and sends.
    on_save: Callback<()>,
    /// Closes the form.
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let class_name = class_name();
    let heading_id = format!("{}-heading", form.id);
    let labelled_by = heading_id.clone();
    view! { class = class_name,
        <form
            class="form-shell"
            aria-labelledby=labelled_by
            novalidate=true
            on:submit=move |event| {
                event.prevent_default();
                on_save.run(());
            }
        >
            <h3 class="form-shell__title" id=heading_id>
                {title}
            </h3>
            {children()}
            <FormFailure form />
            <div class="form-shell__actions">
                <button
                    type="submit"
                    class="button button--primary form-shell__save"
                    aria-disabled=move || form.is_saving().to_string()
                >
                    {move || if form.is_saving() { "Saving…" } else { "Save" }}
                </button>
                <button type="button" class="button form-shell__cancel" on:click=move |_| on_close.run(())>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

/// A typed value as an optional field: blank is `None`, anything else is
/// kept exactly as typed.
pub fn optional(value: RwSignal<String>) -> Option<String> {
    let text = value.get_untracked();
    (!text.trim().is_empty()).then_some(text)
}
