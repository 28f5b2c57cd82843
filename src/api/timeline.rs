//! The timeline of a record linked to the conversation, and quick notes
//! added to it.

use customer_summary_model::{NewNote, RecordKind, TimelineItem, TimelineKind, TimelinePage};
use gloo_net::http::Method;

use super::{ApiClient, ApiError, Credentials, LinkSlot, WriteHeaders};

/// Which part of a timeline to fetch. "Load more" repeats the filter of the
/// page it continues.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    /// The linked record; `None` lets the server pick (the customer when one
    /// is linked, else the case).
    pub record: Option<LinkSlot>,
    /// Only these kinds; empty means every kind.
    pub types: Vec<TimelineKind>,
    /// Text to find in titles and bodies, ignoring case; blank finds all.
    pub text: String,
}

impl TimelineFilter {
    /// Whether anything narrows the timeline down.
    pub fn is_narrowed(&self) -> bool {
        !self.types.is_empty() || !self.text.trim().is_empty()
    }

    /// Whether `item` passes the type and text filters: the server's rule
    /// (text compared ignoring ASCII case), applied to notes saved after the
    /// page was loaded.
    pub fn matches(&self, item: &TimelineItem) -> bool {
        let text = self.text.trim().to_ascii_lowercase();
        (self.types.is_empty() || self.types.contains(&item.kind))
            && (text.is_empty()
                || item.title.to_ascii_lowercase().contains(&text)
                || item.body.to_ascii_lowercase().contains(&text))
    }
}

impl ApiClient {
    /// A page of a linked record's timeline, newest first; `cursor` is the
    /// previous page's `next_cursor`.
    pub async fn timeline(
        &self,
        conversation: i64,
        filter: &TimelineFilter,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<TimelinePage, ApiError> {
        self.get(&timeline_path(conversation, filter, limit, cursor))
            .await
    }

    /// Adds a quick note to a record as the agent `token` signs in, and
    /// only as them. Retries with the same `idempotency_key` store it once.
    pub async fn add_note(
        &self,
        kind: RecordKind,
        id: i64,
        note: &NewNote,
        idempotency_key: &str,
        token: Option<&str>,
    ) -> Result<TimelineItem, ApiError> {
        let path = format!("/records/{}/{id}/notes", kind.as_str());
        let credentials = Credentials::Pinned(token);
        self.send_as(
            Method::POST,
            &path,
            Some(note),
            WriteHeaders::once(idempotency_key),
            credentials,
        )
        .await
    }
}

/// The timeline URL path; parameters that are not used are left out.
fn timeline_path(
    conversation: i64,
    filter: &TimelineFilter,
    limit: u32,
    cursor: Option<&str>,
) -> String {
    let mut path = format!("/conversations/{conversation}/timeline?limit={limit}");
    if let Some(record) = filter.record {
        path.push_str("&record=");
        path.push_str(record.as_str());
    }
    if !filter.types.is_empty() {
        let kinds: Vec<&str> = filter.types.iter().map(|kind| kind.as_str()).collect();
        // Kind names are plain ASCII words: the comma list needs no escaping.
        path.push_str("&types=");
        path.push_str(&kinds.join(","));
    }
    let text = filter.text.trim();
    if !text.is_empty() {
        path.push_str("&q=");
        path.push_str(&String::from(js_sys::encode_uri_component(text)));
    }
    if let Some(cursor) = cursor {
        path.push_str("&cursor=");
        path.push_str(&String::from(js_sys::encode_uri_component(cursor)));
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_matches_by_kind_and_by_text_ignoring_case() {
        let note = TimelineItem {
            id: 1,
            kind: TimelineKind::Note,
            title: "Refund".into(),
            body: "Sent to the OLD card.".into(),
            author: customer_summary_model::Actor {
                id: "alex.kim".into(),
                name: "Alex Kim".into(),
            },
            at: 0,
        };
        let filter = |types: Vec<TimelineKind>, text: &str| TimelineFilter {
            record: None,
            types,
            text: text.into(),
        };
        assert!(filter(vec![], "").matches(&note));
        assert!(filter(vec![TimelineKind::Email, TimelineKind::Note], " old card ").matches(&note));
        assert!(filter(vec![], "refund").matches(&note));
        assert!(!filter(vec![TimelineKind::Email], "").matches(&note));
        assert!(!filter(vec![], "new card").matches(&note));
        assert!(!filter(vec![], "").is_narrowed());
        assert!(filter(vec![], "x").is_narrowed());
    }
}
