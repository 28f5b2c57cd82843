//! The Timeline panel: activities and notes of the record picked in the
//! Linked records selector, newest first, a page at a time, filtered by
//! type and searched on the server; and the quick note.
//!
//! The controls sit outside the loaded list, so re-fetching the list never
//! takes the focus away from the search box or the note being typed.

mod entries;
mod filters;
mod notes;
mod pending_note;
mod quick_note;

use customer_summary_model::{LinkedRecord, TimelineKind, TimelinePage};
use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::{started, ApiClient, ApiError, LinkSlot, TimelineFilter};
use crate::components::{Loaded, PanelFrame};
use crate::config::Config;
use crate::state::{ActiveConversation, CurrentAgent, LinkedRecords, LiveUpdates};
use entries::TimelineEntries;
use filters::{RecordSelector, TimelineSearch, TypeFilter};
use notes::{NoteRecord, Notes};
use quick_note::QuickNote;

/// A first page of a timeline and the filter it was fetched with, its
/// record made explicit for "Load more".
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedTimeline {
    pub filter: TimelineFilter,
    pub page: TimelinePage,
}

/// The record whose timeline is shown, and every record linked.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkedChoice {
    pub current: LinkedRecord,
    pub all: Vec<LinkedRecord>,
}

/// The timeline of the customer or the case linked to the conversation.
#[component]
pub fn TimelinePanel() -> impl IntoView {
    let class_name = style_sheet!("src/panels/timeline/mod.css");
    let api = ApiClient::expect();
    let conversation = ActiveConversation::expect();
    let linked = LinkedRecords::expect();
    let page_size = Config::expect().timeline_page_size;
    let notes = Notes::provide(conversation.id, api.clone(), CurrentAgent::expect());
    // `None` lets the server pick: the customer when linked, else the case.
    let selected = RwSignal::new(None::<LinkSlot>);
    let types = RwSignal::new(Vec::<TimelineKind>::new());
    let text = RwSignal::new(String::new());
    // The controls follow the loaded page. They are set from the fetcher
    // rather than by reading the resource, which would hold the whole page
    // in the app's Suspense on every re-fetch; a failed fetch keeps them.
    let choice = RwSignal::new(None::<LinkedChoice>);
    let first_page = LocalResource::new(move || {
        linked.track(LinkSlot::Customer);
        linked.track(LinkSlot::Case);
        let api = api.clone();
        let filter = TimelineFilter {
            record: selected.get(),
            types: types.get(),
            text: text.get(),
        };
        started(async move {
            let loaded = load(api, conversation.id, filter, page_size).await?;
            let shown = loaded.page.record.clone().map(|current| LinkedChoice {
                current,
                all: loaded.page.records.clone(),
            });
            if choice.with_untracked(|choice| *choice != shown) {
                choice.set(shown);
            }
            Ok(loaded)
        })
    });
    let current = Memo::new(move |_| {
        choice.with(|choice| choice.as_ref().map(|c| NoteRecord::from(&c.current)))
    });
    Effect::new(move || {
        if let Some(record) = current.get() {
            notes.open(record);
        }
    });
    let live = LiveUpdates::expect();
    Effect::new(move || {
        for (kind, id, item) in live.take_notes() {
            notes.add_saved(NoteRecord { kind, id }, item);
        }
    });
    view! { class = class_name,
        <PanelFrame title="Timeline" name="timeline">
            <Show when=move || current.with(Option::is_some)>
                <div class="timeline-panel__controls">
                    <RecordSelector linked=choice selected />
                    <QuickNote />
                    <TypeFilter types />
                    <TimelineSearch text />
                </div>
            </Show>
            <Loaded resource=first_page view=|loaded| view! { <TimelineEntries loaded /> } />
        </PanelFrame>
    }
}

/// The first page of `filter`'s timeline. When the picked record was
/// unlinked in another panel the server refuses it; the timeline then shows
/// the record the server picks.
async fn load(
    api: ApiClient,
    conversation: i64,
    mut filter: TimelineFilter,
    limit: u32,
) -> Result<LoadedTimeline, ApiError> {
    let page = match api.timeline(conversation, &filter, limit, None).await {
        Err(ApiError::Invalid {
            field: Some(field), ..
        }) if field == "record" && filter.record.is_some() => {
            filter.record = None;
            api.timeline(conversation, &filter, limit, None).await?
        }
        result => result?,
    };
    filter.record = page.record.as_ref().map(|record| LinkSlot::of(record.kind));
    Ok(LoadedTimeline { filter, page })
}
