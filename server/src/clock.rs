//! The clock: now, as the API stores times.

use std::time::{SystemTime, UNIX_EPOCH};

use customer_summary_model::Millis;

/// Now, in milliseconds since the Unix epoch.
pub fn now() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            Millis::try_from(elapsed.as_millis()).unwrap_or(Millis::MAX)
        })
}
