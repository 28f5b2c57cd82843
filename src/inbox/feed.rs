//! The inbox's list, kept current: the conversations waiting or active,
//! asked for again [`POLL_MS`] after each answer, so a new one appears
//! within about a second. The server answers with an `ETag`, which the
//! browser sends back as `If-None-Match`: an unchanged list is a 304 with
//! no body. After a failure the list shown stays, the error is shown
//! beside it, and the next attempt waits longer (`api::backoff_ms`).

use customer_summary_model::ConversationListItem;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiClient, ApiError};

/// How long after an answer the list is asked for again.
pub const POLL_MS: u32 = 800;

/// The open conversations as last answered, and the last failure if the
/// latest attempt failed. Polling stops when the page that started it goes.
#[derive(Clone, Copy)]
pub struct InboxFeed {
    list: RwSignal<Option<Vec<ConversationListItem>>>,
    error: RwSignal<Option<ApiError>>,
}

impl InboxFeed {
    /// Starts polling through `api`.
    pub fn start(api: ApiClient) -> Self {
        let feed = InboxFeed {
            list: RwSignal::new(None),
            error: RwSignal::new(None),
        };
        spawn_local(async move {
            let mut failures = 0;
            // Checked before each request too: the page may have gone
            // while this waited, and its list needs no more asking.
            while !feed.list.is_disposed() {
                let reply = api.open_conversations().await;
                let Some(failed) = feed.take(reply) else {
                    return; // the page is gone
                };
                failures = if failed { failures + 1 } else { 0 };
                let wait = match failures {
                    0 => POLL_MS,
                    n => crate::api::backoff_ms(n - 1),
                };
                TimeoutFuture::new(wait).await;
            }
        });
        feed
    }

    /// Asks for the list now (Retry), besides the polling.
    pub fn refresh(self, api: ApiClient) {
        spawn_local(async move {
            let _ = self.take(api.open_conversations().await);
        });
    }

    /// Keeps `reply`: the list when it changed, or the error. Says whether
    /// it failed; `None` once the page is gone.
    fn take(self, reply: Result<Vec<ConversationListItem>, ApiError>) -> Option<bool> {
        match reply {
            Ok(list) => {
                let changed = self
                    .list
                    .try_with_untracked(|old| old.as_ref() != Some(&list))?;
                if changed {
                    self.list.set(Some(list));
                }
                self.error.set(None);
                Some(false)
            }
            // `try_set` hands the value back when the signal is gone.
            Err(error) => self.error.try_set(Some(error)).is_none().then_some(true),
        }
    }

    /// The list, once it first loaded.
    pub fn list(self) -> ReadSignal<Option<Vec<ConversationListItem>>> {
        self.list.read_only()
    }

    /// Why the latest attempt failed, if it did.
    pub fn error(self) -> Option<ApiError> {
        self.error.get()
    }
}
