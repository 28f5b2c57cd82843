//! The Timeline panel: activities and notes of the record picked in the
//! Linked records selector, newest first, a page at a time.

use customer_summary_model::{LinkedRecord, TimelineItem, TimelineKind, TimelinePage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use stylers::style_sheet;

use crate::api::{ApiClient, LinkSlot};
use crate::components::{EmptyState, Icon, IconName, Loaded, PanelFrame};
use crate::config::Config;
use crate::format;
use crate::state::{ActiveConversation, LinkedRecords};

/// The timeline of the customer or the case linked to the conversation.
#[component]
pub fn TimelinePanel() -> impl IntoView {
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    let page_size = Config::expect().timeline_page_size;
    // `None` lets the server pick: the customer when linked, else the case.
    let selected = RwSignal::new(None::<LinkSlot>);
    let first_page = LocalResource::new(move || {
        linked.track();
        let api = api.clone();
        let record = selected.get();
        async move { api.timeline(conversation.id, record, page_size, None).await }
    });
    view! {
        <PanelFrame title="Timeline" name="timeline">
            <Loaded
                resource=first_page
                view=move |page| view! { <Timeline page selected /> }
            />
        </PanelFrame>
    }
}

/// The selector, the items loaded so far and "Load more".
#[component]
fn Timeline(page: TimelinePage, selected: RwSignal<Option<LinkSlot>>) -> impl IntoView {
    let class_name = class_name();
    let Some(record) = page.record else {
        return view! {
            <EmptyState message="Link a customer or a case to see its timeline." />
        }
        .into_any();
    };
    let items = RwSignal::new(page.items);
    let cursor = RwSignal::new(page.next_cursor);
    let rows = move || {
        let now = format::now();
        items.with(|items| {
            items
                .iter()
                .map(|item| view! { <TimelineEntry item=item.clone() now /> })
                .collect_view()
        })
    };
    let empty = move || items.with(Vec::is_empty);
    view! { class = class_name,
        <RecordSelector records=page.records current=record.clone() selected />
        <Show
            when=move || !empty()
            fallback=|| view! { <EmptyState message="Nothing has happened on this record yet." /> }
        >
            <ol class="timeline" data-testid="timeline-items" aria-label="Activities and notes, newest first">
                {rows}
            </ol>
        </Show>
        <LoadMore record items cursor />
    }
    .into_any()
}

/// The Linked records field: lists only the kinds linked right now.
#[component]
fn RecordSelector(
    records: Vec<LinkedRecord>,
    current: LinkedRecord,
    selected: RwSignal<Option<LinkSlot>>,
) -> impl IntoView {
    let class_name = class_name();
    let options = records
        .into_iter()
        .map(|record| {
            let is_current = record == current;
            view! { class = class_name,
                <option value=record.kind.as_str() selected=is_current>
                    {format!("{}: {}", record.kind.label(), record.label)}
                </option>
            }
        })
        .collect_view();
    let on_change = move |event| {
        let value = event_target_value(&event);
        if let Some(kind) = customer_summary_model::RecordKind::parse(&value) {
            selected.set(Some(LinkSlot::of(kind)));
        }
    };
    view! { class = class_name,
        <div class="timeline__selector">
            <label class="timeline__selector-label" for="timeline-record">"Linked records"</label>
            <select class="timeline__select" id="timeline-record" on:change=on_change>
                {options}
            </select>
        </div>
    }
}

/// Fetches the next page and appends it; says so when that fails.
#[component]
fn LoadMore(
    record: LinkedRecord,
    items: RwSignal<Vec<TimelineItem>>,
    cursor: RwSignal<Option<String>>,
) -> impl IntoView {
    let class_name = class_name();
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let page_size = Config::expect().timeline_page_size;
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let slot = LinkSlot::of(record.kind);
    let load_more = move |_| {
        let Some(after) = cursor.get_untracked() else {
            return;
        };
        let api = api.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api
                .timeline(conversation.id, Some(slot), page_size, Some(&after))
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
            <p class="timeline__error" role="alert">{message}</p>
        })}
        <Show when=move || cursor.with(Option::is_some)>
            <button
                type="button"
                class="timeline__more"
                disabled=move || busy.get()
                on:click=load_more.clone()
            >
                {move || if busy.get() { "Loading…" } else { "Load more" }}
            </button>
        </Show>
    }
}

/// One activity or note.
#[component]
fn TimelineEntry(item: TimelineItem, now: i64) -> impl IntoView {
    let class_name = class_name();
    let absolute = format::date_time(item.at);
    view! { class = class_name,
        <li class="timeline__item" data-testid="timeline-item" data-kind=item.kind.as_str()>
            <span class="timeline__kind">
                <Icon name=timeline_icon(item.kind) />
                {item.kind.label()}
            </span>
            <span class="timeline__title">{item.title}</span>
            <p class="timeline__body">{item.body}</p>
            <span class="timeline__meta">
                {item.author}" · "
                <time title=absolute>{format::relative(item.at, now)}</time>
            </span>
        </li>
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

/// The scoped class of this module's stylesheet, collected once.
// stylers collects CSS only from `let` statements, hence the binding.
#[allow(clippy::let_and_return)]
fn class_name() -> &'static str {
    let class_name = style_sheet!("src/panels/timeline.css");
    class_name
}
