//! Presence: who has which conversation open right now (`viewers`), one
//! row per open event stream, in the database so that every server sees
//! every other's. The server holding a stream refreshes its row every
//! [`BEAT`] while the stream is open and deletes it when it ends; a row
//! older than [`STALE`] (its server died, or the delete failed) no longer
//! counts. Joining and leaving wake
//! the conversation's streams, on every server on PostgreSQL.

use std::time::Duration;

use super::rows::Columns;
use super::Store;
use crate::clock::now;
use crate::error::ApiResult;
use customer_summary_model::{Actor, Viewer};

/// How often a server refreshes its streams' rows.
pub const BEAT: Duration = Duration::from_secs(8);

/// How old a row may be and still count, in milliseconds: two beats and a
/// half, so that a dead server's agents are gone within 25 s once the
/// streams' next look ([`crate::routes::events::RECHECK`]) comes.
pub const STALE: i64 = 20_000;

/// One open stream: who has which conversation open.
pub struct Viewing<'a> {
    pub stream: &'a str,
    pub conversation: i64,
    pub agent: &'a Actor,
}

const JOIN: &str = "INSERT INTO viewers
        (stream_id, conversation_id, agent_id, agent_name, seen_at)
     VALUES ($1, $2, $3, $4, $5)";

const LEAVE: &str = "DELETE FROM viewers WHERE stream_id = $1 RETURNING conversation_id";

/// How many streams' rows one statement refreshes.
const BEAT_CHUNK: usize = 500;

const FORGET_STALE: &str = "DELETE FROM viewers WHERE seen_at < $1";

/// The agents other than `$3` with conversation `$1` open, or another
/// conversation linked to its customer, seen since `$2`; by name.
const VIEWERS: &str = "
    SELECT v.agent_id, max(v.agent_name) AS agent_name,
        CAST(max(CASE WHEN v.conversation_id = $1 THEN 1 ELSE 0 END) AS BIGINT) AS here
    FROM viewers v
    JOIN conversations theirs ON theirs.id = v.conversation_id
    JOIN conversations mine ON mine.id = $1
    WHERE v.seen_at >= $2 AND v.agent_id <> $3
      AND (v.conversation_id = $1
           OR (mine.customer_id IS NOT NULL AND theirs.customer_kind = mine.customer_kind
               AND theirs.customer_id = mine.customer_id))
    GROUP BY v.agent_id
    ORDER BY agent_name, v.agent_id";

/// Runs `$body` with `$db` the pool that writes go to (`writer`) or that
/// reads go to (`reads`), on either backend.
macro_rules! on_pool {
    ($store:expr, writer, $db:ident => $body:expr) => {
        match $store {
            Store::Sqlite(store) => {
                let $db = store.writer.pool();
                $body
            }
            Store::Postgres(store) => {
                let $db = &store.db;
                $body
            }
        }
    };
    ($store:expr, reads, $db:ident => $body:expr) => {
        match $store {
            Store::Sqlite(store) => {
                let $db = &store.reads;
                $body
            }
            Store::Postgres(store) => {
                let $db = &store.db;
                $body
            }
        }
    };
}

impl Store {
    /// Counts `viewing` as open from now, and wakes its conversation's
    /// streams.
    pub async fn join(&self, viewing: Viewing<'_>) -> ApiResult<()> {
        on_pool!(self, writer, db => {
            sqlx::query(JOIN)
                .bind(viewing.stream)
                .bind(viewing.conversation)
                .bind(&viewing.agent.id)
                .bind(&viewing.agent.name)
                .bind(now())
                .execute(db)
                .await?;
        });
        self.wake_viewers(viewing.conversation).await
    }

    /// Counts stream `stream` no more, and wakes its conversation's streams.
    pub async fn leave(&self, stream: &str) -> ApiResult<()> {
        let left: Option<i64> = on_pool!(self, writer, db => {
            sqlx::query_scalar(LEAVE).bind(stream).fetch_optional(db).await?
        });
        match left {
            Some(conversation) => self.wake_viewers(conversation).await,
            None => Ok(()),
        }
    }

    /// Keeps the rows of `streams` (those open on this server) counting,
    /// and forgets those nobody kept.
    pub async fn beat(&self, streams: &[String]) -> ApiResult<()> {
        let at = now();
        for some in streams.chunks(BEAT_CHUNK) {
            let marks: Vec<String> = (2..some.len() + 2).map(|n| format!("${n}")).collect();
            let refresh = format!(
                "UPDATE viewers SET seen_at = $1 WHERE stream_id IN ({})",
                marks.join(", ")
            );
            on_pool!(self, writer, db => {
                let mut query = sqlx::query(&refresh).bind(at);
                for stream in some {
                    query = query.bind(stream);
                }
                query.execute(db).await?;
            });
        }
        on_pool!(self, writer, db => {
            sqlx::query(FORGET_STALE).bind(at - 10 * STALE).execute(db).await?;
        });
        Ok(())
    }

    /// The agents other than `agent` with conversation `id` open, or
    /// another conversation with its customer, by name.
    pub async fn viewers(&self, id: i64, agent: &str) -> ApiResult<Vec<Viewer>> {
        let since = now() - STALE;
        let viewers: Result<Vec<Viewer>, sqlx::Error> = on_pool!(self, reads, db => {
            let query = sqlx::query(VIEWERS).bind(id).bind(since).bind(agent);
            query.fetch_all(db).await?.iter().map(viewer).collect()
        });
        Ok(viewers?)
    }

    /// Wakes conversation `id`'s streams, on every server that shares the
    /// database.
    async fn wake_viewers(&self, id: i64) -> ApiResult<()> {
        match self {
            Store::Sqlite(store) => store.events.wake(id),
            Store::Postgres(store) => super::postgres::events::notify(&store.db, id).await?,
        }
        Ok(())
    }
}

/// A row of [`VIEWERS`].
fn viewer(row: &impl Columns) -> Result<Viewer, sqlx::Error> {
    Ok(Viewer {
        agent: row.actor("agent_id", "agent_name")?,
        here: row.int("here")? != 0,
    })
}
