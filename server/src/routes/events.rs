//! `GET /conversations/{id}/events`: a conversation's live events as
//! Server-Sent Events (`docs/events.md`). The stream starts after the
//! event its `Last-Event-ID` header (or `after` parameter) names, else
//! after the conversation's last event now: it first sends what the log
//! holds after that point, then each event as it is appended. A point
//! older than the log gets a `reload` event. Unknown conversations are a
//! 404 JSON error before anything streams; each agent may have
//! [`STREAMS_PER_AGENT`] open on this server.
//!
//! A stream reads the log from the database whenever it is woken for its
//! conversation (`store::events::Notifier`), and every [`RECHECK`] while
//! idle, so a slow client holds no more than one page of events: writers
//! never wait for it, and what it has not read yet stays in the log.
//!
//! Each open stream counts its agent as viewing the conversation
//! (`store::presence`); a stream sends a `presence` message whenever the
//! other agents viewing the conversation or its customer change. A stream
//! whose token expires is ended then: the client opens it again with a
//! renewed token, from its last event.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet, VecDeque};
use std::convert::Infallible;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use customer_summary_model::{Actor, LiveEvent, Presence, Viewer};
use futures_util::stream;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::broadcast::Receiver;
use tokio::sync::watch;
use tokio::time::Instant;

use super::contract::params::{IdPath, LastEventId, ResumeAfter};
use super::contract::responses::{BadParameter, NotFound, TooManyRequests};
use super::params::{PathParams, QueryParams};

use crate::auth::{Principal, SignedUntil, LEEWAY_SECONDS};
use crate::error::{ApiError, ApiResult};
use crate::store::events::{LogPage, EVERY_CONVERSATION};
use crate::store::presence::{Viewing, BEAT};
use crate::store::Store;

/// How many streams one agent may have open on one server at once: a
/// few tabs and a console.
pub const STREAMS_PER_AGENT: usize = 8;

/// How many events a stream reads from the log at a time.
const PAGE: i64 = 100;

/// The data of a `reload` event (`LiveEvent::Reload`).
const RELOAD: &str = r#"{"type":"reload"}"#;

/// How often an idle stream reads its log even unwoken: what a lost
/// database notification, or another process on the same SQLite file,
/// appended arrives this late at the latest.
pub const RECHECK: Duration = Duration::from_secs(5);

/// How often an idle stream sends a comment, so that proxies keep it.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The streams open on this server, by agent, and the signal that ends
/// them all when the server shuts down.
#[derive(Clone)]
pub struct Streams {
    open: Arc<Mutex<HashMap<String, usize>>>,
    closing: Arc<watch::Sender<bool>>,
    /// This server among those on the database: its streams' ids start
    /// with it.
    server: Arc<str>,
    opened: Arc<AtomicU64>,
    /// The ids of the presence rows of the streams open here, which
    /// [`Streams::keep_viewing`] keeps counting: a row left behind by a
    /// stream that ended (a failed delete) is not among them, and stops
    /// counting once stale.
    viewing: Arc<Mutex<HashSet<String>>>,
}

impl Default for Streams {
    fn default() -> Self {
        // Unique enough among the servers of one database: the hasher's
        // keys are random per process.
        let random = RandomState::new().hash_one(std::process::id());
        Streams {
            open: Arc::default(),
            closing: Arc::new(watch::channel(false).0),
            server: format!("{random:016x}").into(),
            opened: Arc::default(),
            viewing: Arc::default(),
        }
    }
}

/// One open stream of an agent: closing it (dropping this) frees its
/// place, and it no longer counts the agent as viewing.
struct StreamSlot {
    streams: Streams,
    agent: String,
    /// Its presence row, once it has one.
    viewing: Option<(Store, String)>,
}

impl Streams {
    /// Ends every stream, now and from now on: the server is shutting down,
    /// and a stream would hold it until its grace period ends. Clients
    /// resume on another server, or on this one once it is back.
    pub fn close_all(&self) {
        self.closing.send_replace(true);
    }

    /// How many streams are open on this server.
    pub fn count(&self) -> usize {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.values().sum()
    }

    /// Until the process ends: keeps this server's open streams counting
    /// as viewing, every [`BEAT`].
    pub async fn keep_viewing(self, store: Store) {
        let mut every = tokio::time::interval(BEAT);
        loop {
            every.tick().await;
            let open: Vec<String> = {
                let viewing = self.viewing.lock().unwrap_or_else(PoisonError::into_inner);
                viewing.iter().cloned().collect()
            };
            if let Err(error) = store.beat(&open).await {
                tracing::warn!(%error, "could not keep the viewers counting");
            }
        }
    }

    /// A place for one more stream of `agent`, or 429 when they have
    /// [`STREAMS_PER_AGENT`] already.
    fn open(&self, agent: &str) -> ApiResult<StreamSlot> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(agent.to_owned()).or_default();
        if *count >= STREAMS_PER_AGENT {
            return Err(ApiError::TooManyStreams(STREAMS_PER_AGENT));
        }
        *count += 1;
        Ok(StreamSlot {
            streams: self.clone(),
            agent: agent.to_owned(),
            viewing: None,
        })
    }
}

impl StreamSlot {
    /// Counts `agent` as viewing conversation `id` while this stream is
    /// open. Its row is this slot's before it is written, so a request
    /// dropped meanwhile still deletes it.
    async fn view(&mut self, store: &Store, id: i64, agent: &Actor) -> ApiResult<()> {
        let number = self.streams.opened.fetch_add(1, Ordering::Relaxed);
        let stream = format!("{}-{number}", self.streams.server);
        self.streams
            .viewing
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(stream.clone());
        self.viewing = Some((store.clone(), stream.clone()));
        let viewing = Viewing {
            stream: &stream,
            conversation: id,
            agent,
        };
        store.join(viewing).await
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        if let Some((store, stream)) = self.viewing.take() {
            self.streams
                .viewing
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&stream);
            tokio::spawn(async move {
                if let Err(error) = store.leave(&stream).await {
                    // Not refreshed any more: it stops counting once stale.
                    tracing::warn!(%error, "could not end a stream's presence");
                }
            });
        }
        let mut open = self
            .streams
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.agent) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.agent);
            }
        }
    }
}

/// `GET /conversations/{id}/events`.
#[utoipa::path(
    get,
    path = "/conversations/{id}/events",
    operation_id = "streamConversationEvents",
    summary = "The conversation's live events, as Server-Sent Events (docs/events.md): after the event `Last-Event-ID` (or `after`) names, else after its last event now; first what the log holds after that point, then each event as it is appended. A point the log no longer holds gets one `reload` event. Idle streams get a comment every 15 s. Authenticated like every request (send the Authorization header, for example from a fetch-based reader); not subject to `--request-timeout`.",
    params(IdPath, LastEventId, ResumeAfter),
    responses(
        (status = 200, description = "The stream.", body = LiveEvent, content_type = "text/event-stream"),
        (status = 400, response = BadParameter),
        (status = 404, response = NotFound),
        (status = 429, response = TooManyRequests),
    ),
)]
pub async fn stream(
    State(store): State<Store>,
    State(streams): State<Streams>,
    Principal(agent): Principal,
    SignedUntil(until): SignedUntil,
    path: PathParams,
    query: QueryParams,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let id = path.id("id")?;
    let after = resume_point(&headers, &query)?;
    let mut slot = streams.open(&agent.id)?;
    // Woken from now on, before the log is read: nothing appended in
    // between is missed.
    let wake = store.subscribe();
    let last = store.last_event(id).await?;
    slot.view(&store, id, &agent).await?;
    let mut reader = LogReader {
        store,
        id,
        agent: agent.id,
        cursor: after.unwrap_or(last),
        wake,
        closing: streams.closing.subscribe(),
        ends: until.map(token_end),
        ready: VecDeque::new(),
        viewers: Vec::new(),
        _slot: slot,
    };
    if reader.cursor > last {
        // Numbered past this log's end: another database's, or one reset.
        reader.reload(last);
    }
    let events = stream::unfold(reader, |mut reader| async move {
        let event = reader.next().await?;
        Some((Ok::<Event, Infallible>(event), reader))
    });
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The number of the last event the client has: `Last-Event-ID`, else
/// `after`; `None` for neither.
fn resume_point(headers: &HeaderMap, query: &QueryParams) -> ApiResult<Option<i64>> {
    let (field, text) = match headers.get("last-event-id") {
        Some(value) => ("Last-Event-ID", value.to_str().unwrap_or("?")),
        None => match query.get("after") {
            Some(text) => ("after", text),
            None => return Ok(None),
        },
    };
    match text.trim().parse::<i64>() {
        Ok(seq) if seq >= 0 => Ok(Some(seq)),
        _ => Err(ApiError::bad_parameter(
            field,
            format!("{field} must be the number of an event of this conversation, 0 or more"),
        )),
    }
}

/// When a token that expires at `exp` (seconds since the epoch) stops
/// signing its agent in, on this process's clock: with the leeway the
/// server allows a clock, so that the stream opened again with the same
/// token is refused (401) and the client renews it.
fn token_end(exp: i64) -> Instant {
    let end = exp.saturating_add(LEEWAY_SECONDS);
    let left = end.saturating_sub(crate::clock::now() / 1000);
    Instant::now() + Duration::from_secs(u64::try_from(left).unwrap_or(0))
}

/// Reads one conversation's log for its stream, page by page, after
/// `cursor`, waiting for a wake-up once it has sent everything; and who
/// else is viewing, after each read.
struct LogReader {
    store: Store,
    id: i64,
    /// The stream's agent, whom its presence messages leave out.
    agent: String,
    cursor: i64,
    wake: Receiver<i64>,
    closing: watch::Receiver<bool>,
    /// When the stream's token expires, if it does: the stream ends at its
    /// next look at the log, [`RECHECK`] later at the latest.
    ends: Option<Instant>,
    ready: VecDeque<Event>,
    /// The other viewers last sent.
    viewers: Vec<Viewer>,
    _slot: StreamSlot,
}

impl LogReader {
    /// The next event to send; `None` ends the stream (the database
    /// failing, or the conversation gone), which the client resumes.
    async fn next(&mut self) -> Option<Event> {
        loop {
            if *self.closing.borrow() || self.ends.is_some_and(|ends| ends <= Instant::now()) {
                return None;
            }
            if let Some(event) = self.ready.pop_front() {
                return Some(event);
            }
            let page = match self.store.events_after(self.id, self.cursor, PAGE).await {
                Ok(page) => page,
                Err(error) => {
                    tracing::warn!(conversation = self.id, %error, "event stream ended");
                    return None;
                }
            };
            let had_events = self.take(page);
            if let Err(error) = self.look_around().await {
                tracing::warn!(conversation = self.id, %error, "event stream ended");
                return None;
            }
            if !had_events && self.ready.is_empty() {
                self.woken().await?;
            }
        }
    }

    /// Queues a `presence` message if the other agents viewing the
    /// conversation or its customer are not those last sent.
    async fn look_around(&mut self) -> ApiResult<()> {
        let viewers = self.store.viewers(self.id, &self.agent).await?;
        if viewers != self.viewers {
            let presence = LiveEvent::Presence(Presence {
                viewers: viewers.clone(),
            });
            let data = serde_json::to_string(&presence)?;
            self.ready.push_back(sse_event(self.cursor, &data));
            self.viewers = viewers;
        }
        Ok(())
    }

    /// Queues `page`'s events, or a reload when the log no longer holds
    /// the next one the client needs; whether there was anything to send.
    fn take(&mut self, page: LogPage) -> bool {
        match page.events.first() {
            Some(first) if first.seq == self.cursor + 1 => {
                for stored in page.events {
                    self.cursor = stored.seq;
                    self.ready.push_back(sse_event(stored.seq, &stored.data));
                }
                true
            }
            // Forgotten (older than the log keeps), or never read.
            Some(_) => {
                self.reload(page.last);
                true
            }
            None if page.last > self.cursor => {
                self.reload(page.last);
                true
            }
            None => false,
        }
    }

    /// Queues a `reload` numbered `last`, where the stream goes on.
    fn reload(&mut self, last: i64) {
        self.cursor = last;
        self.ready.push_back(sse_event(last, RELOAD));
    }

    /// Waits until this conversation's log may have grown, or for
    /// [`RECHECK`]; `None` once nothing can wake it again.
    async fn woken(&mut self) -> Option<()> {
        let recheck = tokio::time::sleep(RECHECK);
        tokio::pin!(recheck);
        loop {
            let wake = tokio::select! {
                wake = self.wake.recv() => wake,
                () = &mut recheck => return Some(()),
                _ = self.closing.changed() => return None,
            };
            match wake {
                Ok(id) if id == self.id || id == EVERY_CONVERSATION => return Some(()),
                Ok(_) => {}
                // Wake-ups were dropped while this stream was slow: read the
                // log again, which holds all it missed.
                Err(RecvError::Lagged(_)) => return Some(()),
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

/// The `type` of a stored event's JSON, read without decoding the rest.
#[derive(serde::Deserialize)]
struct EventType<'a> {
    #[serde(rename = "type", borrow)]
    name: &'a str,
}

/// The SSE message of stored event `seq` (JSON `data`), named by its type.
fn sse_event(seq: i64, data: &str) -> Event {
    let name = serde_json::from_str::<EventType>(data).map_or("unknown", |event| event.name);
    Event::default().event(name).id(seq.to_string()).data(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reload_data_is_the_reload_event() {
        assert_eq!(
            serde_json::from_str::<LiveEvent>(RELOAD).expect("JSON"),
            LiveEvent::Reload
        );
    }

    #[test]
    fn an_agent_has_a_bounded_number_of_streams() {
        let streams = Streams::default();
        let open: Vec<StreamSlot> = (0..STREAMS_PER_AGENT)
            .map(|_| streams.open("ana").expect("a place"))
            .collect();
        assert!(streams.open("ana").is_err());
        assert!(streams.open("ben").is_ok(), "another agent's are their own");
        drop(open);
        assert!(streams.open("ana").is_ok());
        assert!(streams.open.lock().expect("lock").get("ben").is_none());
    }
}
