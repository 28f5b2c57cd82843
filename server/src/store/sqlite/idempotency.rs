//! Idempotent creates in SQLite: the reply is kept in `idempotency_keys`
//! inside the create's own write transaction. Writes take turns on one
//! connection, so two racing requests with one key still create one
//! record.

use serde::Serialize;
use sqlx::{Row, SqliteConnection};

use super::{SqliteStore, Work};
use crate::clock::now;
use crate::error::ApiResult;
use crate::store::{expired_before, CreateRequest, Reply};

impl SqliteStore {
    /// Runs `work` in one write transaction and replies 201 with what it
    /// returns, keeping the reply under `request`'s key; or replies what
    /// the first request with this key got.
    pub(super) async fn create<T, F>(&self, request: CreateRequest, work: F) -> ApiResult<Reply>
    where
        T: Serialize + Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> Work<'c, T> + Send + 'static,
    {
        self.write(move |conn| {
            Box::pin(async move {
                if let Some(kept) = kept(&mut *conn, &request).await? {
                    return Ok(kept);
                }
                let reply = Reply::created(&work(&mut *conn).await?)?;
                if let Some(key) = &request.key {
                    sqlx::query("DELETE FROM idempotency_keys WHERE created_at < ?")
                        .bind(expired_before(now()))
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query(
                        "INSERT INTO idempotency_keys
                            (key, scope, request_hash, status, response, created_at)
                         VALUES (?, ?, ?, ?, ?, ?)",
                    )
                    .bind(key)
                    .bind(&request.scope)
                    .bind(&request.hash)
                    .bind(i64::from(reply.status.as_u16()))
                    .bind(&reply.body)
                    .bind(now())
                    .execute(&mut *conn)
                    .await?;
                }
                Ok(reply)
            })
        })
        .await
    }
}

/// The reply kept under `request`'s key, if the key was used before; a
/// 409 if it was used for another request.
async fn kept(conn: &mut SqliteConnection, request: &CreateRequest) -> ApiResult<Option<Reply>> {
    let Some(key) = &request.key else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT scope, request_hash, status, response FROM idempotency_keys
         WHERE key = ? AND created_at >= ?",
    )
    .bind(key)
    .bind(expired_before(now()))
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    request.check_kept(row.try_get("scope")?, row.try_get("request_hash")?)?;
    Ok(Some(Reply::kept(
        row.try_get("status")?,
        row.try_get("response")?,
    )?))
}
