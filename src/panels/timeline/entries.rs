//! The entries of one record's timeline: notes not yet confirmed, notes
//! saved since the page loaded, then the pages loaded so far, newest first,
//! with "Load more".

use customer_summary_model::{TimelineItem, TimelineKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use stylers::style_sheet;

use super::notes::{NoteRecord, Notes};
use super::pending_note::PendingNoteEntry;
use super::LoadedTimeline;
use crate::api::{ApiClient, TimelineFilter};
use crate::components::{ActorName, EmptyState, ExpandableText, Icon, IconName, RelativeTime};
use crate::config::Config;
use crate::state::ActiveConversation;

/// A body longer than this many characters is cut to a snippet.
const SNIPPET_CHARS: usize = 280;
/// A body of more lines than this is cut to a snippet.
const SNIPPET_LINES: usize = 6;

/// The list of a loaded timeline, or why there is nothing to list.
#[component]
pub fn TimelineEntries(
    /// The first page and the filter it was fetched with.
    loaded: LoadedTimeline,
) -> impl IntoView {
    let class_name = class_name();
    let LoadedTimeline { filter, page } = loaded;
    let Some(record) = page.record.as_ref().map(NoteRecord::from) else {
        return view! {
            <EmptyState message="Link a customer or a case to see its timeline." />
        }
        .into_any();
    };
    let notes = Notes::expect();
    let items = RwSignal::new(page.items);
    let cursor = RwSignal::new(page.next_cursor);
    let pending = move || notes.pending_for(record);
    // These closures also follow the notes, which change when another
    // record is picked: by then this list may be on its way out, its
    // `items` already disposed (`try_with`), while the next one is drawn.
    let saved = {
        let filter = filter.clone();
        move || {
            let mut saved = notes.saved_for(record);
            // Regression: a note this tab is still sending showed twice
            // once another tab's copy, sent with the same key, came back
            // on the live stream.
            let sending = pending();
            saved.retain(|item| {
                filter.matches(item)
                    && !sending.iter().any(|note| note.may_be(item))
                    && items
                        .try_with(|items| items.iter().all(|i| i.id != item.id))
                        .unwrap_or(true)
            });
            saved
        }
    };
    let is_empty = {
        let saved = saved.clone();
        move || {
            items.try_with(Vec::is_empty).unwrap_or(true)
                && pending().is_empty()
                && saved().is_empty()
        }
    };
    let empty_message = if filter.is_narrowed() {
        "Nothing on this record matches the filters."
    } else {
        "Nothing has happened on this record yet."
    };
    view! { class = class_name,
        <Show
            when=move || !is_empty()
            fallback=move || view! { <EmptyState message=empty_message /> }
        >
            <ol
                class="timeline-entries"
                data-testid="timeline-items"
                aria-label="Activities and notes, newest first"
            >
                <For each=pending key=|note| note.key.clone() let:note>
                    <PendingNoteEntry note />
                </For>
                <For each=saved.clone() key=|item| item.id let:item>
                    <TimelineEntry item />
                </For>
                <For each=move || items.get() key=|item| item.id let:item>
                    <TimelineEntry item />
                </For>
            </ol>
        </Show>
        <LoadMore filter items cursor />
    }
    .into_any()
}

/// One activity or note: its type, title, body (a snippet that expands when
/// long), author and time. Every string is shown as text.
#[component]
pub fn TimelineEntry(
    /// The activity or note.
    item: TimelineItem,
    /// Shown under the entry: how saving it is going.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let class_name = class_name();
    // Notes not yet stored have no id; the moment they were saved (to the
    // millisecond) tells them apart.
    let anchor = if item.id > 0 {
        format!("timeline-item-{}", item.id)
    } else {
        format!("timeline-note-{}", item.at)
    };
    let pending = children.is_some();
    view! { class = class_name,
        <li
            class="timeline-entry"
            class:timeline-entry--pending=pending
            data-testid="timeline-item"
            data-kind=item.kind.as_str()
        >
            <span class="timeline-entry__kind">
                <Icon name=timeline_icon(item.kind) />
                {item.kind.label()}
            </span>
            {item.shown_title().map(|title| view! { class = class_name,
                <span class="timeline-entry__title" dir="auto">{title.to_owned()}</span>
            })}
            <ExpandableText
                preview=snippet(&item.body).map(|short| format!("{short}…"))
                text=item.body
                id=format!("{anchor}-body")
            />
            <span class="timeline-entry__meta">
                <ActorName actor=item.author />
                " · "
                <RelativeTime at=item.at id=format!("{anchor}-time") />
            </span>
            {children.map(|children| children())}
        </li>
    }
}

/// Fetches the next page of the same filter and appends it; says so when
/// that fails.
#[component]
fn LoadMore(
    /// The filter of the first page, with its record.
    filter: TimelineFilter,
    /// The entries loaded so far.
    items: RwSignal<Vec<TimelineItem>>,
    /// Where the next page starts; `None` on the last page.
    cursor: RwSignal<Option<String>>,
) -> impl IntoView {
    let class_name = class_name();
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let page_size = Config::expect().timeline_page_size;
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let load_more = move |_| {
        let Some(after) = cursor.get_untracked().filter(|_| !busy.get_untracked()) else {
            return;
        };
        let api = api.clone();
        let filter = filter.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api
                .timeline(conversation.id, &filter, page_size, Some(&after))
                .await
            {
                Ok(page) => {
                    items.update(|items| items.extend(page.items));
                    cursor.set(page.next_cursor);
                }
                Err(failure) => error.set(Some(failure.to_string())),
            }
            busy.set(false);
        });
    };
    view! { class = class_name,
        {move || error.get().map(|message| view! { class = class_name,
            <p class="timeline-entries__error" role="alert">{message}</p>
        })}
        <Show when=move || cursor.with(Option::is_some)>
            <button
                type="button"
                class="button timeline-entries__more"
                // Not `disabled`, which would drop keyboard focus.
                aria-disabled=move || busy.get().to_string()
                on:click=load_more.clone()
            >
                {move || if busy.get() { "Loading…" } else { "Load more" }}
            </button>
        </Show>
    }
}

/// The icon of a timeline entry's kind.
pub fn timeline_icon(kind: TimelineKind) -> IconName {
    match kind {
        TimelineKind::Note => IconName::Note,
        TimelineKind::Email => IconName::Email,
        TimelineKind::PhoneCall => IconName::Phone,
        TimelineKind::Task => IconName::Task,
        TimelineKind::Appointment => IconName::Calendar,
        TimelineKind::Conversation => IconName::Chat,
    }
}

/// The start of a long body, cut after [`SNIPPET_LINES`] lines or
/// [`SNIPPET_CHARS`] characters; `None` when the body is short enough to
/// show whole.
fn snippet(body: &str) -> Option<&str> {
    let line_end = body
        .match_indices('\n')
        .nth(SNIPPET_LINES - 1)
        .map(|(at, _)| at);
    let char_end = body.char_indices().nth(SNIPPET_CHARS).map(|(at, _)| at);
    let end = match (line_end, char_end) {
        (Some(line), Some(char)) => line.min(char),
        (end, None) | (None, end) => end?,
    };
    (!body[end..].trim().is_empty()).then(|| body[..end].trim_end())
}

/// The scoped class of the entries' stylesheet (pending notes use it too),
/// collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
pub(super) fn class_name() -> &'static str {
    let class_name = style_sheet!("src/panels/timeline/entries.css");
    class_name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_bodies_are_shown_whole() {
        assert_eq!(snippet("Promised a call back."), None);
        assert_eq!(snippet(&"é".repeat(SNIPPET_CHARS)), None);
        let email = "Hello,\n\nThe thermostat stopped again.\n\nThanks,\nZoë\n";
        assert_eq!(snippet(email), None, "six lines and a trailing newline");
    }

    #[test]
    fn long_bodies_are_cut_at_a_line_or_a_character_limit() {
        let long = "🎉".repeat(SNIPPET_CHARS + 1);
        assert_eq!(
            snippet(&long).map(|s| s.chars().count()),
            Some(SNIPPET_CHARS)
        );
        assert_eq!(snippet("a\nb\nc\nd\ne\nf\ng"), Some("a\nb\nc\nd\ne\nf"));
    }
}
