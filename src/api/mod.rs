//! The typed client of the Customer Summary API: one `ApiClient` per page,
//! provided by context, and `ApiError`, the one error type every panel shows.
//!
//! Requests time out after the configured limit and are aborted when the
//! future that awaits them is dropped (a panel re-fetching or unmounting).

mod conversation;
mod events;
mod records;
mod timeline;

pub use customer_summary_model::LinkSlot;
pub use events::EventReader;
pub use records::LinkRequest;
pub use timeline::TimelineFilter;

use std::future::Future;
use std::sync::Arc;

use customer_summary_model::{Actor, CurrentLinks, ErrorBody};
use futures::future::{select, Either};
use futures::FutureExt;
use gloo_net::http::{Method, Request, RequestBuilder, Response};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;

use crate::console::ConsoleLink;

/// Why a request failed, worded for the agent who sees it in a panel.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("Could not reach the server. Check the connection and retry.")]
    Network(String),
    #[error("The server did not answer within {0} seconds.")]
    Timeout(u32),
    #[error("{0}")]
    NotFound(String),
    #[error("Your session is not signed in or has expired.")]
    Unauthorized,
    #[error("You are not allowed to see this.")]
    Forbidden,
    /// A 4xx the request itself caused; `field` names the culprit.
    #[error("{message}")]
    Invalid {
        message: String,
        field: Option<String>,
    },
    #[error("{message}")]
    Server { status: u16, message: String },
    /// 429: the server asks to come back later, after `Retry-After`
    /// seconds when it said.
    #[error("The server is busy (HTTP 429). Trying again shortly.")]
    Busy(Option<u32>),
    #[error("The server sent a response this page cannot read ({0}).")]
    Decode(String),
    /// 409 `link_conflict`: someone else changed the link after the
    /// version the request named; nothing was changed.
    #[error("{message}")]
    LinkConflict {
        message: String,
        current: Box<CurrentLinks>,
    },
}

impl ApiError {
    /// Whether trying again later may succeed: the server was unreachable,
    /// slow, failing or answering garbage, rather than refusing the request.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Network(_)
                | ApiError::Timeout(_)
                | ApiError::Server { .. }
                | ApiError::Busy(_)
                | ApiError::Decode(_)
        )
    }

    /// How long to wait before automatic retry number `attempt`: the
    /// backoff, or longer when the server said when to come back.
    pub fn retry_in_ms(&self, attempt: u32) -> u32 {
        let asked = match self {
            ApiError::Busy(Some(seconds)) => seconds.saturating_mul(1000),
            _ => 0,
        };
        backoff_ms(attempt).max(asked)
    }

    /// Maps a non-2xx response onto an error, keeping the server's message
    /// when the body is our JSON error shape.
    pub fn from_status(status: u16, body: &str) -> Self {
        let body = serde_json::from_str::<ErrorBody>(body).ok();
        if let Some(ErrorBody {
            error,
            current: Some(current),
        }) = body.clone().filter(|_| status == 409)
        {
            return ApiError::LinkConflict {
                message: error.message,
                current: Box::new(current),
            };
        }
        let detail = body.map(|b| b.error);
        let server_said = detail.as_ref().map(|d| d.message.clone());
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden,
            404 => ApiError::NotFound(server_said.unwrap_or_else(|| "Not found.".into())),
            429 => ApiError::Busy(None),
            400..=499 => ApiError::Invalid {
                message: server_said
                    .unwrap_or_else(|| format!("The request was refused (HTTP {status}).")),
                field: detail.and_then(|d| d.field),
            },
            _ => ApiError::Server {
                status,
                message: match server_said {
                    Some(said) => format!("The server failed (HTTP {status}): {said}"),
                    None => format!("The server failed (HTTP {status})."),
                },
            },
        }
    }
}

/// The headers a write may carry besides its token.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WriteHeaders<'a> {
    /// Sent as `Idempotency-Key`, so that a retried create is stored once.
    pub idempotency_key: Option<&'a str>,
    /// Sent as `If-Match`: the version of the link the agent saw, so that
    /// the change is refused over someone else's newer one.
    pub link_version: Option<i64>,
}

impl<'a> WriteHeaders<'a> {
    pub fn once(idempotency_key: &'a str) -> Self {
        WriteHeaders {
            idempotency_key: Some(idempotency_key),
            link_version: None,
        }
    }

    pub fn seen(link_version: i64) -> Self {
        WriteHeaders {
            idempotency_key: None,
            link_version: Some(link_version),
        }
    }
}

/// Which token a request carries.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Credentials<'a> {
    /// The console's current token; a 401 is retried once with a fresh one.
    Console,
    /// Exactly this token, or none: for what must be sent as one agent,
    /// whoever the console signs in meanwhile. A 401 is returned as is.
    Pinned(Option<&'a str>),
}

/// The configured backend, shared by every panel.
#[derive(Clone, Debug)]
pub struct ApiClient {
    base_url: Arc<str>,
    timeout_ms: u32,
    /// The console that hands out access tokens, when embedded in one.
    console: Option<ConsoleLink>,
}

impl ApiClient {
    /// `base_url` is the API root such as `https://host/api/v1` or `/api/v1`.
    pub fn new(base_url: &str, timeout_ms: u32) -> Self {
        ApiClient {
            base_url: base_url.trim_end_matches('/').into(),
            timeout_ms,
            console: None,
        }
    }

    /// Sends the console's access token with every request, and asks the
    /// console for a fresh one when the API answers 401.
    pub fn with_console(mut self, console: ConsoleLink) -> Self {
        self.console = Some(console);
        self
    }

    pub fn provide(self) {
        provide_context(self);
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// The absolute URL of an API path (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The agent `token` signs in (`None`: no token, as in open mode).
    pub async fn me(&self, token: Option<&str>) -> Result<Actor, ApiError> {
        let credentials = Credentials::Pinned(token);
        self.send_as(
            Method::GET,
            "/me",
            None::<&()>,
            WriteHeaders::default(),
            credentials,
        )
        .await
    }

    /// The token the console handed over last, if any.
    pub fn console_token(&self) -> Option<String> {
        self.console.and_then(|console| console.token())
    }

    /// Asks the console for a fresh token, when there is a console to ask.
    pub async fn renew_console_token(&self) {
        if let Some(console) = self.console {
            console.renew_token().await;
        }
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.send(Method::GET, path, None::<&()>, WriteHeaders::default())
            .await
    }

    /// Sends a request with an optional JSON body, the write `headers` and
    /// the console's token. A 401 is retried once with a fresh token from
    /// the console.
    pub(crate) async fn send<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        headers: WriteHeaders<'_>,
    ) -> Result<T, ApiError> {
        self.send_as(method, path, body, headers, Credentials::Console)
            .await
    }

    /// [`ApiClient::send`] with the given `credentials`.
    pub(crate) async fn send_as<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        headers: WriteHeaders<'_>,
        credentials: Credentials<'_>,
    ) -> Result<T, ApiError> {
        let body = body
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let json = self
            .exchange(method, path, body, headers, credentials)
            .await?;
        serde_json::from_str(&json).map_err(|e| ApiError::Decode(e.to_string()))
    }

    /// The JSON text of a successful reply (`null` for no content).
    async fn exchange(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: WriteHeaders<'_>,
        credentials: Credentials<'_>,
    ) -> Result<String, ApiError> {
        // Only serialising and decoding depend on the types: this is one
        // function, not a copy per request and response type (wasm size).
        if let Credentials::Pinned(token) = credentials {
            return self.send_once(method, path, body, headers, token).await;
        }
        let token = self.console_token();
        let first = self
            .send_once(
                method.clone(),
                path,
                body.clone(),
                headers,
                token.as_deref(),
            )
            .await;
        let Some(console) = self
            .console
            .filter(|_| matches!(first, Err(ApiError::Unauthorized)))
        else {
            return first;
        };
        match console.renew_token().await {
            Some(fresh) => {
                self.send_once(method, path, body, headers, Some(&fresh))
                    .await
            }
            None => first,
        }
    }

    async fn send_once(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: WriteHeaders<'_>,
        token: Option<&str>,
    ) -> Result<String, ApiError> {
        let url = self.url(path);
        let plain = headers.idempotency_key.is_none() && headers.link_version.is_none();
        if method == Method::GET && token.is_none() && plain {
            if let Some(reply) = crate::early::take(&url) {
                let reply = async { reply.await.map_err(ApiError::Network) };
                return json_text(self.respond(reply).await?).await;
            }
        }
        let abort = AbortOnDrop::new();
        let mut builder = RequestBuilder::new(&url)
            .method(method)
            .header("Accept", "application/json")
            .abort_signal(abort.signal().as_ref());
        if let Some(key) = headers.idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        if let Some(version) = headers.link_version {
            builder = builder.header("If-Match", &format!("\"{version}\""));
        }
        if let Some(token) = token {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
        json_text(self.respond(sent(request)).await?).await
    }

    /// The `reply`, once its headers are in, within the configured timeout.
    async fn respond(
        &self,
        reply: impl Future<Output = Result<Response, ApiError>>,
    ) -> Result<Response, ApiError> {
        let timeout = gloo_timers::future::TimeoutFuture::new(self.timeout_ms);
        match select(Box::pin(reply), timeout).await {
            Either::Left((response, _)) => response,
            Either::Right(_) => Err(ApiError::Timeout(self.timeout_ms.div_ceil(1000))),
        }
    }
}

/// The reply to `request`, sent.
async fn sent(request: Request) -> Result<Response, ApiError> {
    request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

/// Starts `request` now rather than when it is first awaited. A
/// `LocalResource` awaits its future a tick after it is created, which is
/// after the whole page has been drawn; a panel whose fetcher wraps its
/// request in `started` has it on the wire while the page is drawn.
pub fn started<F: Future + 'static>(request: F) -> impl Future<Output = F::Output> {
    let mut request = Box::pin(request);
    // Polled once with a no-op waker: the futures it awaits keep the waker
    // of their latest poll, which the `await` below provides.
    let finished = (&mut request).now_or_never();
    async move {
        match finished {
            Some(output) => output,
            None => request.await,
        }
    }
}

/// How long to wait before automatic retry number `attempt` (from 0):
/// doubling from one second, at most thirty.
pub fn backoff_ms(attempt: u32) -> u32 {
    1_000u32.saturating_mul(1 << attempt.min(5)).min(30_000)
}

/// A fresh `Idempotency-Key`: a random UUID from the browser's crypto.
pub fn new_idempotency_key() -> String {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).ok();
    let uuid = crypto.and_then(|crypto| {
        let random_uuid: js_sys::Function = js_sys::Reflect::get(&crypto, &"randomUUID".into())
            .ok()?
            .dyn_into()
            .ok()?;
        random_uuid.call0(&crypto).ok()?.as_string()
    });
    // randomUUID needs a secure context (https or localhost); elsewhere a
    // time-and-random key is unique enough for one agent's retries. Whole
    // numbers: formatting a float would add its code to the wasm (4 KB).
    uuid.unwrap_or_else(|| {
        let random = (js_sys::Math::random() * 9e15) as u64;
        format!("{}-{random}", js_sys::Date::now() as u64)
    })
}

/// The body of a 2xx JSON reply, `null` when it has none; any other reply
/// as the error it stands for.
async fn json_text(response: Response) -> Result<String, ApiError> {
    let status = response.status();
    let response_type = response.headers().get("content-type");
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|seconds| seconds.trim().parse().ok());
    let body = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if !(200..300).contains(&status) {
        return Err(match ApiError::from_status(status, &body) {
            ApiError::Busy(_) => ApiError::Busy(retry_after),
            error => error,
        });
    }
    // No content: JSON `null`, which `()` and `Option` accept.
    if body.is_empty() {
        return Ok("null".to_owned());
    }
    let content_type = response_type.unwrap_or_default();
    if !content_type.starts_with("application/json") {
        return Err(ApiError::Decode(format!(
            "expected JSON, got {}",
            if content_type.is_empty() {
                "no content type"
            } else {
                &content_type
            }
        )));
    }
    Ok(body)
}

/// Aborts the in-flight request when the awaiting future is dropped.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl AbortOnDrop {
    fn new() -> Self {
        AbortOnDrop(web_sys::AbortController::new().ok())
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(|c| c.signal())
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_keep_the_server_message_and_field() {
        let body = r#"{"error":{"code":"bad_parameter","message":"limit must be 1 to 50","field":"limit"}}"#;
        assert_eq!(
            ApiError::from_status(400, body),
            ApiError::Invalid {
                message: "limit must be 1 to 50".into(),
                field: Some("limit".into())
            }
        );
        assert_eq!(
            ApiError::from_status(
                404,
                r#"{"error":{"code":"not_found","message":"Conversation 9 not found"}}"#
            )
            .to_string(),
            "Conversation 9 not found"
        );
    }

    #[test]
    fn a_busy_server_is_retried_no_sooner_than_it_asked() {
        assert_eq!(ApiError::Busy(Some(7)).retry_in_ms(0), 7_000);
        // The backoff still grows past what the server asked.
        assert_eq!(ApiError::Busy(Some(1)).retry_in_ms(3), backoff_ms(3));
        assert_eq!(ApiError::Busy(None).retry_in_ms(0), backoff_ms(0));
        assert!(ApiError::Busy(Some(7)).is_transient());
    }

    #[test]
    fn non_json_error_bodies_still_say_the_status() {
        assert_eq!(
            ApiError::from_status(502, "<html>Bad gateway</html>").to_string(),
            "The server failed (HTTP 502)."
        );
        assert_eq!(ApiError::from_status(401, ""), ApiError::Unauthorized);
    }

    #[test]
    fn backoff_doubles_from_a_second_up_to_thirty() {
        let waits: Vec<u32> = (0..8).map(backoff_ms).collect();
        assert_eq!(
            waits,
            [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]
        );
        assert_eq!(backoff_ms(u32::MAX), 30_000);
    }

    #[test]
    fn only_failures_worth_retrying_are_transient() {
        assert!(ApiError::Timeout(15).is_transient());
        assert!(ApiError::from_status(503, "").is_transient());
        assert!(!ApiError::from_status(404, "").is_transient());
        assert!(!ApiError::from_status(400, "").is_transient());
        assert!(ApiError::from_status(429, "").is_transient());
        for refused in [404, 409, 413] {
            assert!(
                !ApiError::from_status(refused, "").is_transient(),
                "{refused}"
            );
        }
    }

    #[test]
    fn urls_join_without_double_slashes() {
        let api = ApiClient::new("https://host/api/v1/", 1000);
        assert_eq!(
            api.url("/conversations/1"),
            "https://host/api/v1/conversations/1"
        );
    }
}
