//! Request ids: every response carries an `X-Request-Id`, the one the
//! load balancer sent when it is a plausible id, else a new one, and the
//! log line of the request shows it (the trace span's `id`), so a reply an
//! agent reports can be found in the log of whichever server sent it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The header, as load balancers and proxies name it.
pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest id accepted from a client.
const MAX_LEN: usize = 64;

/// Gives the request its id (in its headers, for the trace span) and
/// puts the id on the response.
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&X_REQUEST_ID)
        .filter(|id| plausible(id))
        .cloned()
        .unwrap_or_else(new_id);
    request
        .headers_mut()
        .insert(X_REQUEST_ID.clone(), id.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert(X_REQUEST_ID.clone(), id);
    response
}

/// Short, and only characters that need no escaping in a log line.
fn plausible(id: &HeaderValue) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_LEN
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
}

/// A new id, unique across the servers of one deployment in practice: a
/// prefix drawn once per process from the clock and the process id, and
/// a counter.
fn new_id() -> HeaderValue {
    static PREFIX: OnceLock<u64> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let prefix = PREFIX.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |time| time.as_nanos());
        let mut rng = crate::rng::Rng::new((nanos as u64) ^ u64::from(std::process::id()) << 32);
        rng.range(0, i64::MAX).unsigned_abs()
    });
    let id = format!("{prefix:016x}-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    HeaderValue::from_str(&id).expect("hex digits and a number")
}
