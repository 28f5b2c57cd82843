//! A note saved but not yet stored, at the top of the timeline: "Saving…";
//! or why the last attempt failed, with Retry (it is also retried by
//! itself); or, when the server refused it for good, the reason with Edit
//! and Discard, and it is never sent again as it is.

use customer_summary_model::{Actor, TimelineItem, TimelineKind};
use leptos::prelude::*;

use super::entries::{class_name, TimelineEntry};
use super::notes::{Notes, PendingNote};
use crate::dom::focus_by_id;

/// One pending note and how saving it is going.
#[component]
pub fn PendingNoteEntry(
    /// The note, as the agent wrote it.
    note: PendingNote,
) -> impl IntoView {
    let class_name = class_name();
    let notes = Notes::expect();
    let item = TimelineItem {
        id: 0,
        kind: TimelineKind::Note,
        title: note.note.title.unwrap_or_default(),
        body: note.note.text,
        // Taken on notes always have an author (`Notes::adopt`).
        author: note.author.clone().unwrap_or_else(|| Actor {
            id: String::new(),
            name: "You".into(),
        }),
        at: note.at,
    };
    let key = StoredValue::new(note.key);
    let status = move || {
        let failure = key.with_value(|key| notes.failure(key));
        let refused = key.with_value(|key| notes.is_refused(key));
        match failure {
            None => view! { class = class_name,
                <p class="timeline-entry__status" role="status">"Saving…"</p>
            }
            .into_any(),
            Some(message) if refused => view! { class = class_name,
                <NotSaved message=format!("Not saved: the server refused it. {message}")>
                    <EditAgain key />
                    <button
                        type="button"
                        class="button timeline-entry__retry"
                        on:click=move |_| key.with_value(|key| notes.discard(key))
                    >
                        "Discard"
                    </button>
                </NotSaved>
            }
            .into_any(),
            Some(message) => view! { class = class_name,
                <NotSaved message=format!("Not saved. {message}")>
                    <button
                        type="button"
                        class="button timeline-entry__retry"
                        on:click=move |_| key.with_value(|key| notes.retry(key))
                    >
                        "Retry"
                    </button>
                </NotSaved>
            }
            .into_any(),
        }
    };
    view! {
        <TimelineEntry item>
            {status}
        </TimelineEntry>
    }
}

/// Why a note is not saved, said as an alert, and what can be done.
#[component]
fn NotSaved(
    /// The reason, in words.
    message: String,
    /// The actions offered.
    children: Children,
) -> impl IntoView {
    let class_name = class_name();
    view! { class = class_name,
        <div class="timeline-entry__failure" role="alert">
            <p class="timeline-entry__failure-text">{message}</p>
            {children()}
        </div>
    }
}

/// Puts a refused note back into the quick note, when that is empty (a
/// draft being typed is never overwritten; the button says why it waits).
#[component]
fn EditAgain(
    /// The refused note's key.
    key: StoredValue<String>,
) -> impl IntoView {
    let class_name = class_name();
    let notes = Notes::expect();
    let blocked = move || !notes.form_is_empty();
    view! { class = class_name,
        <button
            type="button"
            class="button timeline-entry__retry"
            aria-disabled=move || blocked().to_string()
            title=move || blocked().then_some("Save or clear the quick note first")
            on:click=move |_| {
                if key.with_value(|key| notes.edit_again(key)) {
                    focus_by_id("quick-note-text");
                }
            }
        >
            "Edit"
        </button>
    }
}
