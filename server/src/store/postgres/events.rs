//! The event log on PostgreSQL (`store::events`): each append notifies
//! [`CHANNEL`], which the database delivers at commit to the listener of
//! every server on it ([`listen`]), which wakes its streams.

use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::{PgConnection, PgExecutor, PgPool};

use crate::store::events::{Notifier, EVERY_CONVERSATION};

/// The notification channel of appended events; the payload is the
/// conversation's id.
const CHANNEL: &str = "customer_summary_events";

/// Notifies [`CHANNEL`] of conversation `$1` (its id as text).
const NOTIFY: &str = "SELECT pg_notify('customer_summary_events', $1)";

crate::store::events::event_log!(PgConnection, PgExecutor, Some(NOTIFY));

/// Wakes conversation `id`'s streams on every server on `db`.
pub(in crate::store) async fn notify(db: &PgPool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(NOTIFY).bind(id.to_string()).execute(db).await?;
    Ok(())
}

/// Until the process ends: wakes `notifier`'s streams for each
/// notification of [`CHANNEL`] on `db`, and all of them when the listening
/// connection was lost (what was notified meanwhile is not known), then
/// listens again.
pub(in crate::store) async fn listen(db: PgPool, notifier: Notifier) {
    loop {
        match PgListener::connect_with(&db).await {
            Ok(mut listener) => {
                if let Err(error) = listener.listen(CHANNEL).await {
                    tracing::warn!(%error, "could not listen for events");
                } else {
                    notifier.wake(EVERY_CONVERSATION);
                    relay(&mut listener, &notifier).await;
                }
            }
            Err(error) => tracing::warn!(%error, "could not connect to listen for events"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Wakes the streams of each notified conversation until the connection
/// fails.
async fn relay(listener: &mut PgListener, notifier: &Notifier) {
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => match notification.payload().parse() {
                Ok(id) => notifier.wake(id),
                Err(_) => notifier.wake(EVERY_CONVERSATION),
            },
            // Lost and connected again: notifications may have been missed.
            Ok(None) => notifier.wake(EVERY_CONVERSATION),
            Err(error) => {
                tracing::warn!(%error, "listening for events failed");
                notifier.wake(EVERY_CONVERSATION);
                return;
            }
        }
    }
}
