//! Create requests that are safe to retry. With an `Idempotency-Key`, the
//! response is stored under the key in the same write transaction that
//! creates the record; a retry with the same key and the same request gets
//! that response again and creates nothing, and the same key with another
//! request is a 409. Writes take turns on one connection (`db::write`),
//! so two racing requests with one key still create one record.
//!
//! A key is kept for [`KEY_RETENTION_MS`]; after that it is forgotten and
//! may be used again. Each key stored first deletes the expired ones, so
//! the table holds about a week of creates, however long the server runs.

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Row, SqliteConnection};

use super::body::IdempotencyKey;
use crate::db::{now, write, Work, Writer};
use crate::error::{ApiError, ApiResult};

/// How long a key is honoured: a week, long enough for a note the app
/// kept unsent across a weekend to be retried safely.
const KEY_RETENTION_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// A create request: its idempotency key, if any, and what identifies the
/// request (the operation and its canonical body).
pub struct Create {
    key: Option<String>,
    scope: String,
    hash: String,
}

impl Create {
    /// `scope` names the operation and its target, such as
    /// `POST /records/contact/1/notes`; `body` is the decoded request body,
    /// hashed in its canonical JSON form so spacing and field order of the
    /// original text do not matter.
    pub fn new(key: IdempotencyKey, scope: String, body: &impl Serialize) -> ApiResult<Self> {
        let canonical = serde_json::to_string(body)?;
        let digest = Sha256::new()
            .chain_update(scope.as_bytes())
            .chain_update(b"\n")
            .chain_update(canonical.as_bytes())
            .finalize();
        let hash = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        Ok(Create {
            key: key.0,
            scope,
            hash,
        })
    }

    /// Runs `work` in one write transaction and answers 201 with what it
    /// returns, or answers what the first request with this key got.
    pub async fn run<T, F>(self, writer: &Writer, work: F) -> ApiResult<Response>
    where
        T: Serialize + Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> Work<'c, T> + Send + 'static,
    {
        write(writer, move |conn| {
            Box::pin(async move {
                if let Some(stored) = self.stored(&mut *conn).await? {
                    return Ok(stored);
                }
                let body = serde_json::to_string(&work(&mut *conn).await?)?;
                if let Some(key) = &self.key {
                    sqlx::query("DELETE FROM idempotency_keys WHERE created_at < ?")
                        .bind(expired_before())
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query(
                        "INSERT INTO idempotency_keys
                            (key, scope, request_hash, status, response, created_at)
                         VALUES (?, ?, ?, ?, ?, ?)",
                    )
                    .bind(key)
                    .bind(&self.scope)
                    .bind(&self.hash)
                    .bind(i64::from(StatusCode::CREATED.as_u16()))
                    .bind(&body)
                    .bind(now())
                    .execute(&mut *conn)
                    .await?;
                }
                Ok(json(StatusCode::CREATED, body))
            })
        })
        .await
    }

    /// The response stored under this request's key, if the key was used
    /// before; a 409 if it was used for another request.
    async fn stored(&self, conn: &mut SqliteConnection) -> ApiResult<Option<Response>> {
        let Some(key) = &self.key else {
            return Ok(None);
        };
        let row = sqlx::query(
            "SELECT scope, request_hash, status, response FROM idempotency_keys
             WHERE key = ? AND created_at >= ?",
        )
        .bind(key)
        .bind(expired_before())
        .fetch_optional(conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let scope: &str = row.try_get("scope")?;
        if scope != self.scope || row.try_get::<&str, _>("request_hash")? != self.hash {
            return Err(ApiError::IdempotencyConflict(format!(
                "This Idempotency-Key was already used for a different request ({scope}); \
                 send a new key with a new request"
            )));
        }
        let status: i64 = row.try_get("status")?;
        let status = u16::try_from(status)
            .ok()
            .and_then(|code| StatusCode::from_u16(code).ok())
            .ok_or_else(|| sqlx::Error::ColumnDecode {
                index: "status".to_owned(),
                source: format!("not an HTTP status: {status}").into(),
            })?;
        Ok(Some(json(status, row.try_get("response")?)))
    }
}

/// Keys stored before this time are expired.
fn expired_before() -> i64 {
    now() - KEY_RETENTION_MS
}

/// A response with `body`, already JSON text.
fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response()
}
