//! A conversation's live event stream (`GET /conversations/{id}/events`,
//! docs/events.md), read with `fetch` so that it carries the
//! Authorization header, which the browser's `EventSource` cannot send:
//! [`EventReader`] splits it into events.

use customer_summary_model::LiveEvent;
use gloo_net::http::{Method, RequestBuilder};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{json_text, sent, AbortOnDrop, ApiClient, ApiError};

/// An open event stream; dropping it closes the connection.
pub struct EventReader {
    reader: web_sys::ReadableStreamDefaultReader,
    buffer: Vec<u8>,
    _abort: AbortOnDrop,
}

impl ApiClient {
    /// Opens conversation `id`'s stream after its event number `after`,
    /// sent with `token`. The request's timeout covers its headers only.
    pub async fn open_events(
        &self,
        id: i64,
        after: i64,
        token: Option<&str>,
    ) -> Result<EventReader, ApiError> {
        let abort = AbortOnDrop::new();
        let mut builder = RequestBuilder::new(&self.url(&format!("/conversations/{id}/events")))
            .method(Method::GET)
            .header("Accept", "text/event-stream")
            .header("Last-Event-ID", &after.to_string())
            .abort_signal(abort.signal().as_ref());
        if let Some(token) = token {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        let request = builder
            .build()
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let response = self.respond(sent(request)).await?;
        if !response.ok() {
            json_text(response).await?;
            return Err(ApiError::Decode("an error without its status".into()));
        }
        let body = response
            .body()
            .ok_or_else(|| ApiError::Decode("an event stream without a body".into()))?;
        Ok(EventReader {
            reader: body.get_reader().unchecked_into(),
            buffer: Vec::new(),
            _abort: abort,
        })
    }
}

impl EventReader {
    /// The next event and its number; `Ok(None)` once the server ended the
    /// stream. Events of types this page does not know are skipped.
    pub async fn next(&mut self) -> Result<Option<(i64, LiveEvent)>, ApiError> {
        loop {
            if let Some(end) = self.buffer.windows(2).position(|pair| pair == b"\n\n") {
                let block: Vec<u8> = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse(&String::from_utf8_lossy(&block)) {
                    return Ok(Some(event));
                }
                continue;
            }
            let chunk = JsFuture::from(self.reader.read())
                .await
                .map_err(|_| ApiError::Network("the event stream was cut".into()))?;
            let done = js_sys::Reflect::get(&chunk, &"done".into())
                .ok()
                .and_then(|done| done.as_bool())
                .unwrap_or(true);
            if done {
                return Ok(None);
            }
            let value = js_sys::Reflect::get(&chunk, &"value".into())
                .map_err(|_| ApiError::Decode("an event stream chunk".into()))?;
            let bytes: js_sys::Uint8Array = value.unchecked_into();
            self.buffer.extend(bytes.to_vec());
        }
    }
}

/// The event of one message (`event:`, `id:` and `data:` lines), decoded
/// by its name; `None` for a comment, or an event without a number or of
/// an unknown type.
fn parse(block: &str) -> Option<(i64, LiveEvent)> {
    let (mut name, mut id, mut data) = (None, None, String::new());
    for line in block.lines() {
        if let Some(value) = line.strip_prefix("event:") {
            name = Some(value.trim());
        } else if let Some(value) = line.strip_prefix("id:") {
            id = value.trim().parse().ok();
        } else if let Some(value) = line.strip_prefix("data:") {
            data.push_str(value.strip_prefix(' ').unwrap_or(value));
        }
    }
    Some((id?, decode(name?, &data)?))
}

/// The event named `name` whose JSON is `data`, decoded as its own struct;
/// `None` for a name this version does not know (a newer server's), or
/// data that is not that event.
fn decode(name: &str, data: &str) -> Option<LiveEvent> {
    Some(match name {
        LiveEvent::LINKS_CHANGED => LiveEvent::LinksChanged(serde_json::from_str(data).ok()?),
        LiveEvent::NOTE_ADDED => LiveEvent::NoteAdded(serde_json::from_str(data).ok()?),
        LiveEvent::STATUS_CHANGED => LiveEvent::StatusChanged(serde_json::from_str(data).ok()?),
        LiveEvent::CONVERSATION_UPDATED => {
            LiveEvent::ConversationUpdated(serde_json::from_str(data).ok()?)
        }
        LiveEvent::RELOAD => LiveEvent::Reload,
        LiveEvent::PRESENCE => LiveEvent::Presence(serde_json::from_str(data).ok()?),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use customer_summary_model::Presence;

    use super::*;

    #[test]
    fn messages_are_events_and_comments_are_skipped() {
        assert_eq!(parse(": keep-alive\n\n"), None);
        assert_eq!(
            parse("event: reload\nid: 7\ndata: {\"type\":\"reload\"}\n\n"),
            Some((7, LiveEvent::Reload))
        );
        assert_eq!(
            parse("event: later\nid: 8\ndata: {\"type\":\"later\"}\n\n"),
            None
        );
        assert_eq!(parse("event: note_added\nid: 9\ndata: {}\n\n"), None);
        let presence = "event: presence\nid: 9\ndata: {\"type\":\"presence\",\"viewers\":[]}\n\n";
        assert_eq!(
            parse(presence),
            Some((9, LiveEvent::Presence(Presence { viewers: vec![] })))
        );
    }
}
