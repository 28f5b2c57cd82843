//! Idempotent creates in PostgreSQL: the reply is kept in
//! `idempotency_keys` inside the create's own transaction. Requests with
//! one key take turns on a transaction-scoped advisory lock of the key,
//! so two racing requests, on one server or two, create one record: the
//! second finds the first's reply once the first commits.

use serde::Serialize;
use sqlx::{PgConnection, Row};

use super::{PostgresStore, Work};
use crate::clock::now;
use crate::error::ApiResult;
use crate::store::{expired_before, CreateRequest, Reply};

impl PostgresStore {
    /// Runs `work` in one transaction and replies 201 with what it
    /// returns, keeping the reply under `request`'s key; or replies what
    /// the first request with this key got.
    pub(super) async fn create<T, F>(&self, request: CreateRequest, work: F) -> ApiResult<Reply>
    where
        T: Serialize + Send + 'static,
        F: for<'c> FnOnce(&'c mut PgConnection) -> Work<'c, T> + Send + 'static,
    {
        self.write(move |conn| {
            Box::pin(async move {
                if let Some(kept) = kept(&mut *conn, &request).await? {
                    return Ok(kept);
                }
                let reply = Reply::created(&work(&mut *conn).await?)?;
                if let Some(key) = &request.key {
                    sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
                        .bind(expired_before(now()))
                        .execute(&mut *conn)
                        .await?;
                    // An expired row of this key may still be there (another
                    // server deleted it after this transaction began): it is
                    // replaced.
                    sqlx::query(
                        "INSERT INTO idempotency_keys
                            (key, scope, request_hash, status, response, created_at)
                         VALUES ($1, $2, $3, $4, $5, $6)
                         ON CONFLICT (key) DO UPDATE SET scope = excluded.scope,
                            request_hash = excluded.request_hash, status = excluded.status,
                            response = excluded.response, created_at = excluded.created_at",
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
/// 409 if it was used for another request. Holds the key's lock until the
/// transaction ends.
async fn kept(conn: &mut PgConnection, request: &CreateRequest) -> ApiResult<Option<Reply>> {
    let Some(key) = &request.key else {
        return Ok(None);
    };
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    let row = sqlx::query(
        "SELECT scope, request_hash, status, response FROM idempotency_keys
         WHERE key = $1 AND created_at >= $2",
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
