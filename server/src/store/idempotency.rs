//! Create requests that are safe to retry. With an `Idempotency-Key`, the
//! reply is kept under the key in the same atomic step that creates the
//! record; a retry with the same key and the same request gets that reply
//! again and creates nothing, and the same key with another request is a
//! 409 (`ApiError::IdempotencyConflict`).
//!
//! Keys belong to whoever sent them (an agent, or a channel): the key is
//! stored under the sender's id, so the same key from another sender is
//! another key, and a 409
//! never describes someone else's request.
//!
//! A key is kept for [`KEY_RETENTION_MS`]; after that it is forgotten and
//! may be used again. A backend deletes expired keys as it stores new
//! ones, so it holds about a week of creates however long it runs.

use axum::http::StatusCode;
use customer_summary_model::Actor;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};

/// How long a key is honoured: a week, long enough for a note the app
/// kept unsent across a weekend to be retried safely.
pub const KEY_RETENTION_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// A create request: who sent it, its idempotency key, if any, and what
/// identifies the request (the operation and its canonical body).
pub struct CreateRequest {
    /// The agent (or channel) who sent it, recorded as its author.
    pub by: Actor,
    /// The `Idempotency-Key` sent, if any, as stored: after the sender's id.
    pub key: Option<String>,
    /// The operation and its target, such as `POST /records/contact/1/notes`.
    pub scope: String,
    /// SHA-256 (hex) of the scope and the canonical body.
    pub hash: String,
    /// For a create that links what it creates: the version of that link
    /// the agent saw (`If-Match`), so that it is refused over someone
    /// else's newer change (`Store::set_link`). Not part of the hash: a
    /// retry sent on purpose over that change is the same request.
    pub seen_link: Option<i64>,
}

impl CreateRequest {
    /// `by` sent it; `scope` names the operation and its target; `body` is
    /// the decoded request body, hashed in its canonical JSON form so
    /// spacing and field order of the original text do not matter.
    pub fn new(
        by: Actor,
        key: Option<String>,
        scope: String,
        body: &impl Serialize,
    ) -> ApiResult<Self> {
        let canonical = serde_json::to_string(body)?;
        let digest = Sha256::new()
            .chain_update(scope.as_bytes())
            .chain_update(b"\n")
            .chain_update(canonical.as_bytes())
            .finalize();
        let hash = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        // A newline cannot be in an id (`is_acceptable_actor_text`), so
        // two senders' keys never meet.
        let key = key.map(|key| format!("{}\n{key}", by.id));
        Ok(CreateRequest {
            by,
            key,
            scope,
            hash,
            seen_link: None,
        })
    }

    /// The same request, made having seen version `seen` of the link it
    /// changes.
    pub fn seeing(self, seen: Option<i64>) -> Self {
        CreateRequest {
            seen_link: seen,
            ..self
        }
    }

    /// `Ok` if a reply kept under this key, for the request `scope` whose
    /// hash is `hash`, answers this request; else the 409.
    pub fn check_kept(&self, scope: &str, hash: &str) -> ApiResult<()> {
        if scope == self.scope && hash == self.hash {
            return Ok(());
        }
        Err(ApiError::IdempotencyConflict(format!(
            "This Idempotency-Key was already used for a different request ({scope}); \
             send a new key with a new request"
        )))
    }
}

/// What a create answered: its status and JSON body, as first sent.
pub struct Reply {
    pub status: StatusCode,
    /// JSON text.
    pub body: String,
}

impl Reply {
    /// A reply as a backend kept it: its status code and JSON text.
    pub fn kept(status: i64, body: String) -> Result<Self, sqlx::Error> {
        let status = u16::try_from(status)
            .ok()
            .and_then(|code| StatusCode::from_u16(code).ok())
            .ok_or_else(|| sqlx::Error::ColumnDecode {
                index: "status".to_owned(),
                source: format!("not an HTTP status: {status}").into(),
            })?;
        Ok(Reply { status, body })
    }

    /// The 201 of a create that returned `value`.
    pub fn created(value: &impl Serialize) -> ApiResult<Self> {
        Ok(Reply {
            status: StatusCode::CREATED,
            body: serde_json::to_string(value)?,
        })
    }
}

/// Keys stored before this time, `now` minus [`KEY_RETENTION_MS`], are
/// expired.
pub fn expired_before(now: i64) -> i64 {
    now - KEY_RETENTION_MS
}
