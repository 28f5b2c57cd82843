//! `GET /metrics` in Prometheus' text format: requests answered by route
//! and status, their latency as a histogram, the database pool's
//! connections (open, in use), the live event streams open and the
//! conversation summaries kept in memory. Counted by this process since it started;
//! a scraper adds up the instances.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::routes::Streams;
use crate::store::Store;

/// The latency buckets' upper bounds, in seconds.
const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// What has been counted.
#[derive(Default)]
pub struct Metrics(Mutex<Counts>);

#[derive(Default)]
struct Counts {
    /// Requests by route template (`/api/v1/conversations/{id}`) and status.
    requests: BTreeMap<(String, u16), u64>,
    /// Requests at or under each of [`BUCKETS`]; all of them in `count`.
    buckets: [u64; BUCKETS.len()],
    count: u64,
    seconds: f64,
}

/// Counts every request: its route as matched (`unmatched` when none
/// did), its status and how long it took.
pub async fn count(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    if let Ok(mut counts) = metrics.0.lock() {
        *counts
            .requests
            .entry((route, response.status().as_u16()))
            .or_default() += 1;
        for (bound, bucket) in BUCKETS.iter().zip(&mut counts.buckets) {
            if seconds <= *bound {
                *bucket += 1;
            }
        }
        counts.count += 1;
        counts.seconds += seconds;
    }
    response
}

/// The text a scraper reads.
pub async fn render(
    State((metrics, store, streams)): State<(Arc<Metrics>, Store, Streams)>,
) -> Response {
    let mut text = String::new();
    if let Ok(counts) = metrics.0.lock() {
        counts.write(&mut text);
    }
    let (open, idle) = store.pool();
    let _ = writeln!(
        text,
        "# HELP cs_db_connections Connections of this server's database pool.\n\
         # TYPE cs_db_connections gauge\n\
         cs_db_connections{{state=\"open\"}} {open}\n\
         cs_db_connections{{state=\"in_use\"}} {}",
        open.saturating_sub(idle)
    );
    let _ = writeln!(
        text,
        "# HELP cs_event_streams Live event streams open on this server.\n\
         # TYPE cs_event_streams gauge\n\
         cs_event_streams {}",
        streams.count()
    );
    let summaries = store.summary_counts();
    let _ = writeln!(
        text,
        "# HELP cs_summaries_kept Conversation summaries kept in this server's memory.\n\
         # TYPE cs_summaries_kept gauge\n\
         cs_summaries_kept {}\n\
         # HELP cs_summaries_kept_bytes Their JSON size.\n\
         # TYPE cs_summaries_kept_bytes gauge\n\
         cs_summaries_kept_bytes {}\n\
         # HELP cs_summary_reads_total Summaries asked for: answered from memory (hit) or read from the database (miss).\n\
         # TYPE cs_summary_reads_total counter\n\
         cs_summary_reads_total{{result=\"hit\"}} {}\n\
         cs_summary_reads_total{{result=\"miss\"}} {}",
        summaries.kept, summaries.bytes, summaries.hits, summaries.misses
    );
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        text,
    )
        .into_response()
}

impl Counts {
    fn write(&self, text: &mut String) {
        let _ = writeln!(
            text,
            "# HELP cs_http_requests_total Requests answered, by route and status.\n\
             # TYPE cs_http_requests_total counter"
        );
        for ((route, status), n) in &self.requests {
            // Route templates are the router's own: no quote or backslash.
            let _ = writeln!(
                text,
                "cs_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        let _ = writeln!(
            text,
            "# HELP cs_http_request_duration_seconds Time to answer a request.\n\
             # TYPE cs_http_request_duration_seconds histogram"
        );
        for (bound, n) in BUCKETS.iter().zip(self.buckets) {
            let _ = writeln!(
                text,
                "cs_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {n}"
            );
        }
        let _ = writeln!(
            text,
            "cs_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n\
             cs_http_request_duration_seconds_sum {}\n\
             cs_http_request_duration_seconds_count {}",
            self.count, self.seconds, self.count
        );
    }
}
