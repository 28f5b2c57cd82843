//! Per-agent rate limits: each agent (the request's `Principal`) may make
//! `--rate-limit` API requests a second on average, in bursts of up to
//! `--rate-limit-burst`; beyond that, 429 `rate_limited` with
//! `Retry-After`. One agent's excess never delays another's requests.
//! The state is this process's (GCRA cells per agent): behind N servers an
//! agent may make N times as many, which bounds an abuser all the same.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::auth::Principal;
use crate::error::ApiError;

/// After this many checks, agents whose allowance is whole again are
/// forgotten, so the map holds only the agents of the last moments.
const CHECKS_BETWEEN_PRUNES: u32 = 4096;

/// Every agent's allowance, shared by the requests of this process.
#[derive(Clone)]
pub struct RateLimits(Option<Arc<Limiter>>);

struct Limiter {
    agents: DefaultKeyedRateLimiter<String>,
    checks: AtomicU32,
}

impl RateLimits {
    /// `per_second` requests a second in bursts of `burst`; no limit when
    /// `per_second` is 0.
    pub fn new(per_second: u32, burst: u32) -> Self {
        let Some(rate) = NonZeroU32::new(per_second) else {
            return RateLimits(None);
        };
        let burst = NonZeroU32::new(burst).unwrap_or(rate);
        let quota = Quota::per_second(rate).allow_burst(burst);
        RateLimits(Some(Arc::new(Limiter {
            agents: RateLimiter::keyed(quota),
            checks: AtomicU32::new(0),
        })))
    }

    /// `Ok` if `agent` may make a request now, else how long to wait.
    fn check(&self, agent: &str) -> Result<(), Duration> {
        let Some(limiter) = &self.0 else {
            return Ok(());
        };
        if limiter.checks.fetch_add(1, Ordering::Relaxed) % CHECKS_BETWEEN_PRUNES == 0 {
            limiter.agents.retain_recent();
        }
        limiter
            .agents
            .check_key(&agent.to_owned())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

/// Middleware, inside `auth::require`: 429 once the request's agent has
/// used their allowance.
pub async fn limit(State(limits): State<RateLimits>, request: Request, next: Next) -> Response {
    let agent = request
        .extensions()
        .get::<Principal>()
        .map(|Principal(agent)| agent.id.clone());
    match agent.map(|agent| limits.check(&agent)) {
        Some(Err(wait)) => ApiError::RateLimited(wait).into_response(),
        _ => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Regression: every agent ever seen stayed in the map.
    #[test]
    fn agents_with_a_whole_allowance_are_forgotten() {
        let limits = RateLimits::new(1000, 1);
        let limiter = limits.0.as_ref().expect("a limit");
        for n in 0..CHECKS_BETWEEN_PRUNES {
            let _ = limits.check(&format!("agent-{n}"));
        }
        assert_eq!(limiter.agents.len(), CHECKS_BETWEEN_PRUNES as usize);
        std::thread::sleep(Duration::from_millis(5));
        let _ = limits.check("one more");
        assert_eq!(limiter.agents.len(), 1);
    }
}
